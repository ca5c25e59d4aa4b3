"""The glossary behind the plain-language check: managers add and remove terms."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.permissions import manager_or_404

from ..forms_glossary import DUPLICATE_TERM_MESSAGE, GlossaryTermForm
from ..plain_language import shipped_rows
from ..selectors.glossary import glossary_term_get, glossary_terms


@manager_or_404
def glossary_list(request):
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.added_by = request.user
        try:
            with transaction.atomic():
                term = form.save()
        except IntegrityError:  # someone added the same term a moment ago
            form.add_error("term", DUPLICATE_TERM_MESSAGE)
        else:
            messages.success(
                request,
                f"“{term.term}” is in the glossary now. The plain-language check will "
                f"suggest “{term.plain}” instead.",
            )
            return redirect("workshops:glossary")
    shipped = sorted(shipped_rows(), key=lambda row: row[0].lower())
    return render(
        request,
        "workshops/glossary_list.html",
        {
            "form": form,
            "terms": glossary_terms(),
            "shipped_count": len(shipped),
            "shipped": shipped,
        },
    )


@manager_or_404
@require_POST
def glossary_delete(request, pk: int):
    term = glossary_term_get(pk=pk)
    term.delete()
    messages.success(request, f"“{term.term}” is no longer in the glossary.")
    return redirect("workshops:glossary")
