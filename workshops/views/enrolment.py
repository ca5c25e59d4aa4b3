"""Students: enrolling, the waiting list, offers, cancelling, My courses, their calendar
feed and feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from
from recovery_college.snapshot_pages import kept_while_unchanged

from .. import selectors, services
from ..calendars import ics_response, sessions_calendar
from ..errors import CourseBusy, CourseFull, OfferExpired
from ..forms import EnrolmentAnswersForm, EnrolmentForm, FeedbackForm
from ..models import Enrolment
from ..selectors.messages import my_courses_extras


def enrol(request, pk: int):
    """Step 1 of 2 is the course page's Enrol button; this page is step 2: optional
    questions and one button. A visitor who is not logged in is asked to log in or
    create an account and comes straight back here."""
    if request.method == "POST" and request.user.is_authenticated:
        return _enrol_confirm(request, pk)
    course = selectors.prospectus_course(pk=pk)
    window = selectors.enrolment_window(course)
    if not request.user.is_authenticated:
        return render(request, "workshops/enrol_login.html", {"course": course, "window": window})
    existing = selectors.live_enrolment(course=course, student=request.user)
    if existing is not None:
        return _already_enrolled(request, existing.pk)
    return _enrol_page(request, course, form=EnrolmentAnswersForm(), full=course.places_left == 0)


def _enrol_confirm(request, pk: int):
    """The button (Confirm my place, or Join the waiting list). The busiest request of an
    enrolment rush, so it reads only what taking a place needs (`course_to_enrol`: one
    query); the page with the course's sessions and trainers is read only to show it
    again with an error."""
    course = selectors.course_to_enrol(pk=pk, student=request.user)
    existing_pk = getattr(course, selectors.LIVE_ENROLMENT_ID)
    if existing_pk is not None:
        return _already_enrolled(request, existing_pk)
    form = EnrolmentAnswersForm(request.POST)
    full = course.places_left == 0
    status = 200
    if form.is_valid():
        wants_wait = request.POST.get("action") == "wait"
        details = {
            "course": course,
            "student": request.user,
            "access_needs": form.cleaned_data["access_needs"],
            "goal": form.cleaned_data["goal"],
            "share_goal": form.cleaned_data["share_goal"],
        }
        try:
            if wants_wait:
                enrolment = services.waiting_list_join(**details)
            else:
                enrolment = services.enrolment_create(**details)
        except CourseFull:
            full = True
            form.add_error(
                None,
                "Someone took the last place a moment ago. You can join the waiting list "
                "below: what you typed is kept.",
            )
        except DomainError as error:
            form_error_from(form, error)
            status = error.status if isinstance(error, CourseBusy) else 200
        else:
            if enrolment.status == Enrolment.Status.WAITING:
                position = selectors.waiting_position(enrolment)
                messages.success(
                    request,
                    f"You are on the waiting list for “{course.title}”: number {position}. "
                    "We will email you if a place frees up.",
                )
            else:
                messages.success(
                    request,
                    f"You are enrolled on “{course.title}”. We have emailed you the dates.",
                )
            return redirect("workshops:enrolment-detail", pk=enrolment.pk)
    page = selectors.prospectus_course(pk=pk)
    return _enrol_page(request, page, form=form, full=full, status=status)


def _already_enrolled(request, enrolment_pk: int):
    messages.info(request, "You already have this course in My courses.")
    return redirect("workshops:enrolment-detail", pk=enrolment_pk)


def _enrol_page(request, course, *, form, full: bool, status: int = 200):
    return render(
        request,
        "workshops/enrol.html",
        {
            "course": course,
            "form": form,
            "window": selectors.enrolment_window(course),
            "full": full,
        },
        status=status,
    )


def _enrolment_or_404(request, pk: int) -> Enrolment:
    return selectors.enrolment_for_student(user=request.user, pk=pk)


@login_required
def enrolment_detail(request, pk: int):
    """The student's own page for a course: status, dates, the joining link for online
    sessions, their optional answers (editable), and what they can do next."""
    enrolment = _enrolment_or_404(request, pk)
    form = EnrolmentForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and enrolment.is_live and form.is_valid():
        services.enrolment_details_update(
            enrolment=enrolment,
            user=request.user,
            access_needs=form.cleaned_data["access_needs"],
            goal=form.cleaned_data["goal"],
            share_goal=form.cleaned_data["share_goal"],
        )
        messages.success(request, "Your answers are saved.")
        return redirect("workshops:enrolment-detail", pk=enrolment.pk)
    closed = selectors.waiting_closed(enrolment)
    position = (
        selectors.waiting_position(enrolment)
        if enrolment.status == Enrolment.Status.WAITING and not closed
        else None
    )
    return render(
        request,
        "workshops/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "sessions": list(enrolment.course.sessions.all()),
            "form": form,
            "position": position,
            "waiting_closed": closed,
            "show_links": enrolment.status == Enrolment.Status.ENROLLED,
            "feedback_due": selectors.feedback_due(enrolment),
        },
    )


@login_required
def enrolment_cancel(request, pk: int):
    """A confirmation page, then one button. Cancelling a place, declining an offer and
    leaving the waiting list all come here."""
    enrolment = _enrolment_or_404(request, pk)
    if not enrolment.is_live:
        messages.info(request, "That place was already cancelled.")
        return redirect("workshops:my-courses")
    if request.method == "POST":
        try:
            services.enrolment_cancel(enrolment=enrolment, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("workshops:enrolment-detail", pk=enrolment.pk)
        if enrolment.status == Enrolment.Status.WAITING:
            text = f"You have left the waiting list for “{enrolment.course.title}”."
        else:
            text = f"Your place on “{enrolment.course.title}” is cancelled. Thank you for telling us: it goes to the next person waiting."  # noqa: E501
        messages.success(request, text)
        return redirect("workshops:my-courses")
    return render(
        request,
        "workshops/enrolment_cancel.html",
        {"enrolment": enrolment, "course": enrolment.course},
    )


@login_required
def offer_claim(request, pk: int):
    """The offer email links here: one button takes the place."""
    enrolment = _enrolment_or_404(request, pk)
    if request.method == "POST":
        try:
            services.offer_claim(enrolment=enrolment, user=request.user)
        except OfferExpired as error:
            messages.error(request, error.message)
            return redirect("workshops:my-courses")
        messages.success(
            request, f"The place is yours: you are enrolled on “{enrolment.course.title}”."
        )
        return redirect("workshops:enrolment-detail", pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.ENROLLED:
        messages.info(request, "You have already claimed this place.")
        return redirect("workshops:enrolment-detail", pk=enrolment.pk)
    expired = (
        enrolment.status != Enrolment.Status.OFFERED or enrolment.offer_expires_at <= timezone.now()
    )
    return render(
        request,
        "workshops/offer_claim.html",
        {"enrolment": enrolment, "course": enrolment.course, "expired": expired},
    )


@login_required
def feedback_give(request, pk: int):
    """Anonymous feedback: the response is stored without the student; the enrolment only
    records that feedback was given, so it is given once."""
    enrolment = _enrolment_or_404(request, pk)
    if enrolment.feedback_given_on is not None:
        messages.info(request, "You have already given feedback on this course. Thank you.")
        return redirect("workshops:my-courses")
    if not selectors.feedback_due(enrolment):
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.feedback_give(enrolment=enrolment, user=request.user, **form.cleaned_data)
        messages.success(request, "Thank you. Your feedback helps the trainers and the college.")
        return redirect("workshops:my-courses")
    return render(
        request,
        "workshops/feedback_form.html",
        {"enrolment": enrolment, "course": enrolment.course, "form": form},
    )


@login_required
@kept_while_unchanged  # inside the permission check, which runs every time
def my_courses(request):
    feed = selectors.calendar_feed_of(user=request.user)
    mine = selectors.my_courses(user=request.user)
    my_courses_extras(user=request.user, mine=mine)  # messages and certificates
    return render(
        request,
        "workshops/my_courses.html",
        {
            "mine": mine,
            "feed": feed,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def calendar_feed_reset(request):
    """Make (or remake) the student's secret calendar address; the old one stops."""
    if services.calendar_feed_reset(user=request.user):
        messages.success(request, "Your calendar address is ready. Add it to your calendar app.")
    else:
        messages.success(request, "Your calendar address is new. The old one no longer works.")
    return redirect("workshops:my-courses")


def calendar_feed(request, token: str):
    """A student's own sessions, at a secret address (no log-in: calendar apps fetch it)."""
    feed = selectors.calendar_feed_by_token(token=token)
    courses = selectors.calendar_feed_courses(feed=feed)
    return ics_response(
        sessions_calendar(name="My Recovery College courses", courses=courses, show_links=True),
        "my-courses.ics",
        private=True,
    )
