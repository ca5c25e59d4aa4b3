"""Attendance certificates: a student downloads their own, for a course they came to
often enough (College settings), as a PDF made like the prospectus's."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify

from ..permissions import can_have_certificate
from ..selectors.certificates import Certificate, certificate_for
from .pdf import render_pdf


def _certificate_or_refusal(request, pk: int) -> tuple[Certificate | None, object]:
    """The student's earned certificate, or the answer to give instead: 404 for anyone
    else's place (nobody learns it exists), 403 saying why for their own not earned."""
    certificate = certificate_for(user=request.user, pk=pk)
    if not can_have_certificate(request.user, certificate.enrolment):
        raise Http404
    if not certificate.earned:
        refusal = render(
            request,
            "workshops/certificate_not_ready.html",
            {"certificate": certificate},
            status=403,
        )
        return None, refusal
    return certificate, None


@login_required
def certificate_pdf(request, pk: int):
    """The certificate as a PDF (WeasyPrint through `render_pdf`, sharing the prospectus
    PDF's cap on renders at once); when none can be made now, a 503 page that links to
    the printable certificate."""
    certificate, refusal = _certificate_or_refusal(request, pk)
    if refusal is not None:
        return refusal
    context = {"certificate": certificate}
    name = slugify(certificate.course_title) or "course"
    return render_pdf(
        request,
        template="workshops/print/certificate.html",
        context=context,
        filename=f"certificate-{name}.pdf",
        fallback=lambda: render(
            request, "workshops/certificate_unavailable.html", context, status=503
        ),
    )


@login_required
def certificate_print(request, pk: int):
    """The same certificate as a page the browser can print or save as a PDF."""
    certificate, refusal = _certificate_or_refusal(request, pk)
    if refusal is not None:
        return refusal
    return render(request, "workshops/print/certificate.html", {"certificate": certificate})
