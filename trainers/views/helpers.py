from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Agreement, Declaration, Pairing
from ..permissions import can_view_agreement, can_view_declaration, can_view_pairing


def pairing_or_404(user, pk: int) -> Pairing:
    pairing = get_object_or_404(
        Pairing.objects.select_related("peer__user", "practitioner__user"), pk=pk
    )
    if not can_view_pairing(user, pairing):
        raise Http404
    return pairing


def declaration_or_404(user, pk: int) -> Declaration:
    declaration = get_object_or_404(
        Declaration.objects.select_related(
            "trainer__user", "pairing__peer__user", "pairing__practitioner__user"
        ),
        pk=pk,
    )
    if not can_view_declaration(user, declaration):
        raise Http404
    return declaration


def agreement_or_404(user, pairing_pk: int) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("pairing__peer__user", "pairing__practitioner__user"),
        pairing_id=pairing_pk,
    )
    if not can_view_agreement(user, agreement):
        raise Http404
    return agreement
