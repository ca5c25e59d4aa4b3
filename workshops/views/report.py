"""The co-production fidelity report (managers): the page with its SVG charts and data
tables, a CSV of the same tables, a printable one-page term report for commissioners
and its PDF (through the prospectus PDF's WeasyPrint route and fallback)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from recovery_college.accounts.permissions import manager_or_404

from ..charts import report_sections
from ..selectors import report as reads
from .pdf import render_pdf
from .registers import _csv_safe


def _build(request):
    terms = reads.report_terms()
    term = reads.report_term(request.GET, terms)
    filters = reads.Filters.from_query(request.GET)
    report = reads.fidelity_report(user=request.user, term=term, filters=filters, terms=terms)
    return report, report_sections(report)


def _query(request) -> str:
    keep = {k: v for k, v in request.GET.items() if k in ("term", "pairing", "topic") and v}
    from urllib.parse import urlencode

    return urlencode(keep)


@manager_or_404
def report(request):
    report, sections = _build(request)
    return render(
        request,
        "workshops/report.html",
        {"report": report, "sections": sections, "query": _query(request)},
    )


@manager_or_404
def report_print(request):
    report, sections = _build(request)
    return render(
        request,
        "workshops/report_print.html",
        {"report": report, "sections": sections[:5], "query": _query(request)},
    )


@manager_or_404
def report_csv(request):
    """Every table on the page, one after another: a title row, the header, the rows."""
    report, sections = _build(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(report.term.name) if report.term else "no-term"
    response["Content-Disposition"] = f'attachment; filename="co-production-{name}.csv"'
    writer = csv.writer(response)
    for section in sections:
        writer.writerow([_csv_safe(section.table.caption)])
        writer.writerow([_csv_safe(h) for h in section.table.headers])
        for row in section.table.rows:
            writer.writerow([_csv_safe(cell) for cell in row])
        writer.writerow([])
    return response


@manager_or_404
def report_pdf(request):
    report, sections = _build(request)
    name = slugify(report.term.name) if report.term else "no-term"
    return render_pdf(
        request,
        template="workshops/report_print.html",
        context={"report": report, "sections": sections[:5], "query": _query(request)},
        filename=f"term-report-{name}.pdf",
        fallback=lambda: render(
            request,
            "workshops/report_pdf_unavailable.html",
            {"query": _query(request)},
            status=503,
        ),
    )
