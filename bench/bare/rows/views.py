from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from .models import Entry, Row

PAD = "<!--pad-->"


def page(request):
    """Read 20 rows and render a page padded to BARE_PAGE_BYTES (the app's prospectus)."""
    html = render_to_string("rows/page.html", {"rows": list(Row.objects.all()[:20])}, request)
    missing = settings.BARE_PAGE_BYTES - len(html.encode()) + len(PAD)
    html = html.replace(PAD, "x" * max(missing, 0), 1)
    return HttpResponse(html)


def insert(request):
    """A bare INSERT behind a CSRF-checked POST, answered with a redirect (as enrolling is)."""
    if request.method != "POST":
        return HttpResponse("POST here", status=405)
    Entry.objects.create(
        row_id=int(request.POST.get("row", "1")), note=request.POST.get("note", "")
    )
    return redirect("page")
