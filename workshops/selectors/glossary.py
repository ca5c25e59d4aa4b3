"""The college's own glossary terms (the shipped ones are in `plain_language`)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import GlossaryTerm


def glossary_terms() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.select_related("added_by")


def glossary_term_get(*, pk: int) -> GlossaryTerm:
    return get_object_or_404(GlossaryTerm, pk=pk)
