"""The College page (the managers' to-do, then one term's courses, summarised and a page at
a time) and the college's settings."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from recovery_college.accounts.permissions import manager_or_404, manager_required
from recovery_college.snapshot_pages import kept_while_unchanged
from trainers.selectors import college_trainer_summary

from .. import selectors
from ..forms import CollegeSettingsForm
from ..models import CollegeSettings
from ..selectors.college import SORTS, STAGES
from ..selectors.cover import cover_requests_open

COURSE_PLACEHOLDER = 2_147_483_647


@dataclass(frozen=True)
class ToDo:
    """One kind of thing waiting for a manager: how many, and where it is done."""

    count: int
    text: str
    link_text: str
    url: str


def _url_maker(name: str):
    """A cheap `reverse` for one URL pattern taking a course's id: reversed once per
    request, then filled in per row (a page of courses costs one reverse per column)."""
    pattern = reverse(name, args=[COURSE_PLACEHOLDER])
    head, tail = pattern.split(str(COURSE_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _to_do(*, waiting: dict, cover: list, trainers: dict, mail_problems: int) -> list[ToDo]:
    """What waits for a manager, each with its count and a link to where it is done; only
    what has a count above nought."""
    college = reverse("workshops:college-overview")
    agreed = f"{college}?{urlencode({'term': 'any', 'stage': 'to_schedule'})}#courses-title"
    ready = f"{college}?{urlencode({'term': 'any', 'stage': 'to_publish'})}#courses-title"
    decisions = trainers["pairing_counts"]["awaiting_decision"]
    review = trainers["agreements_review_passed"]
    review_url = (
        reverse("trainers:agreement-detail", args=[review[0].pk])
        if len(review) == 1
        else reverse("trainers:pairing-list") + "?status=active"
    )
    items = [
        ToDo(
            len(cover),
            _plural(len(cover), "session needs cover", "sessions need cover")
            + ": a trainer cannot come and no cover is confirmed yet.",
            "Find cover (listed below)",
            "#cover-title",
        ),
        ToDo(
            waiting["to_schedule"],
            _plural(waiting["to_schedule"], "course", "courses")
            + " agreed by both trainers "
            + ("waits" if waiting["to_schedule"] == 1 else "wait")
            + " to be scheduled (sessions, term or places).",
            "See the courses to schedule",
            agreed,
        ),
        ToDo(
            waiting["to_publish"],
            _plural(waiting["to_publish"], "course is", "courses are")
            + " scheduled and waiting to be published.",
            "See the courses to publish",
            ready,
        ),
        ToDo(
            decisions,
            _plural(decisions, "pairing waits", "pairings wait")
            + " for your decision (a declared relationship, or ready to start).",
            "See proposed pairings",
            reverse("trainers:pairing-list") + "?status=proposed",
        ),
        ToDo(
            len(review),
            _plural(len(review), "co-working agreement is", "co-working agreements are")
            + " past the review date: "
            + "; ".join(f"{p.peer_name} and {p.practitioner_name}" for p in review[:5])
            + (f" and {len(review) - 5} more" if len(review) > 5 else "")
            + ".",
            "Open the agreement" if len(review) == 1 else "See active pairings",
            review_url,
        ),
        ToDo(
            mail_problems,
            _plural(mail_problems, "email has", "emails have") + " not been sent.",
            "See the mail",
            reverse("notifications:outbox-list"),
        ),
    ]
    return [item for item in items if item.count]


def _link(filters, **changes) -> str:
    return "?" + urlencode(filters.query(**changes)) + "#courses-title"


def _links(filters, page, summary) -> dict:
    """Addresses that keep the filter: the previous and next pages, each stage's courses
    in the summary, and the filter cleared (the term and sort kept)."""
    return {
        "previous_url": _link(filters, page=page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": _link(filters, page=page.next_page_number()) if page.has_next() else "",
        "stage_counts": [
            {
                "label": label,
                "count": summary.stages[code],
                "url": _link(filters, stage=code, trainer="", topic="", q=""),
            }
            for code, label in STAGES.items()
        ],
        "clear_url": _link(filters, stage="", trainer="", topic="", q=""),
    }


@manager_required
@kept_while_unchanged  # inside the permission check, which runs every time
def college_overview(request):
    filters = selectors.college_filters(request.GET)
    page = selectors.college_course_page(filters)
    students_url = _url_maker("workshops:course-students")
    schedule_url = _url_maker("workshops:course-schedule")
    publish_url = _url_maker("workshops:course-publish")
    for course in page.object_list:
        course.url = students_url(course.pk)
        course.next_step = {
            "to_schedule": ("Schedule", schedule_url(course.pk)),
            "to_publish": ("Publish", publish_url(course.pk)),
        }.get(course.stage)
        # Each cell's text worked out here rather than by a test and a filter per cell in
        # the template: a page of rows was half the page's rendering.
        course.first_on = (
            date_format(localtime(course.first_at), "j M Y") if course.first_at else "–"
        )
        course.places = (
            f"{course.places_taken} of {course.capacity}"
            if course.capacity
            else str(course.places_taken)
        )
        rate = course.attendance_rate
        course.attendance = "–" if rate is None else f"{rate}%"
    trainers = college_trainer_summary()
    cover = cover_requests_open()
    counts = selectors.college_counts(filters)
    return render(
        request,
        "workshops/college_overview.html",
        {
            "to_do": _to_do(
                waiting=counts.waiting,
                cover=cover,
                trainers=trainers,
                mail_problems=counts.mail_problems,
            ),
            "student_count": counts.student_count,
            "peer_count": counts.peer_count,
            "practitioner_count": counts.practitioner_count,
            **trainers,
            "needs_cover": cover,
            "mail_problems": counts.mail_problems,
            "filters": filters,
            "stages": STAGES,
            "sorts": {code: label for code, (label, _) in SORTS.items()},
            # The trainer menu's options worked out here, not by a dozen lookups per trainer
            # in the template: every active trainer is listed.
            "trainer_options": [
                {
                    "pk": t.pk,
                    "label": f"{t.name} ({t.kind_label})",
                    "selected": t == filters.trainer,
                }
                for t in filters.trainers
            ],
            "summary": counts.summary,
            "page": page,
            "course_figures": page.object_list,
            **_links(filters, page, counts.summary),
        },
    )


@manager_or_404
def college_settings(request):
    form = CollegeSettingsForm(request.POST or None, instance=CollegeSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("workshops:college-overview")
    return render(request, "workshops/college_settings.html", {"form": form})
