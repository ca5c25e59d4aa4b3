"""Reads for students' places: whether enrolment is open, a student's places (My
courses), waiting-list positions, and who holds a place on a course. Each in a fixed
number of queries however many enrolments there are."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateField,
    DateTimeField,
    IntegerField,
    Min,
    Prefetch,
    Q,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from recovery_college.accounts.models import User

from ..models import Attendance, Course, Enrolment, ScheduledSession
from .feedback import feedback_due
from .prospectus import live_sessions


@dataclass(frozen=True)
class EnrolmentWindow:
    """Whether enrolment is open now, and if not, why, in plain words."""

    open: bool
    reason: str = ""
    opens_on: object = None
    closes_at: datetime | None = None


def first_session_start(course: Course) -> datetime | None:
    """The start of the first live session (uses the prefetched sessions, or the start
    `course_to_enrol` read with the course, when present)."""
    if FIRST_START in course.__dict__:
        return course.__dict__[FIRST_START]
    cache = getattr(course, "_prefetched_objects_cache", {})
    if "sessions" in cache:
        starts = [s.starts_at for s in cache["sessions"] if not s.cancelled]
        return min(starts) if starts else None
    return ScheduledSession.objects.filter(course=course, cancelled=False).aggregate(
        first=Min("starts_at")
    )["first"]


def enrolment_window(course: Course, *, now: datetime | None = None) -> EnrolmentWindow:
    now = now or timezone.now()
    first = first_session_start(course)
    if course.status != Course.Status.PUBLISHED or course.term_id is None or first is None:
        return EnrolmentWindow(False, "This course is not open for enrolment.")
    if OPENS_ON in course.__dict__:  # read with the course (`course_to_enrol`)
        opens_on = course.__dict__[OPENS_ON]
    else:
        opens_on = course.term.enrolment_opens_on
    if timezone.localdate(now) < opens_on:
        return EnrolmentWindow(
            False,
            f"Enrolment opens on {opens_on:%A %-d %B %Y}.",
            opens_on=opens_on,
            closes_at=first,
        )
    if now >= first:
        return EnrolmentWindow(
            False, "Enrolment has closed: the course has started.", closes_at=first
        )
    return EnrolmentWindow(True, closes_at=first)


# What `course_to_enrol` reads with the course (see there).
FIRST_START = "_first_session_start"
OPENS_ON = "_enrolment_opens_on"
LIVE_ENROLMENT_ID = "_live_enrolment_id"

# The first live session's start, the term's enrolment date and the student's live
# enrolment, as plain SQL: the confirm button is the busiest request of an enrolment rush,
# and Django builds a Subquery annotation's or a join's SQL afresh on every request (it
# costs more CPU than the query does).
_OPENS_ON_SQL = (
    "SELECT t.enrolment_opens_on FROM workshops_term t WHERE t.id = workshops_course.term_id"
)


def _first_start_sql(course_id: str) -> str:
    """The first live session's start of the course whose id is in column `course_id`."""
    return (
        "SELECT MIN(s.starts_at) FROM workshops_scheduledsession s"  # noqa: S608 - our column
        f" WHERE s.course_id = {course_id} AND NOT s.cancelled"
    )


_FIRST_START_SQL = _first_start_sql("workshops_course.id")
_LIVE_STATUSES = tuple(status.value for status in Enrolment.LIVE)
_LIVE_ENROLMENT_SQL = (
    "SELECT e.id FROM workshops_enrolment e WHERE e.course_id = workshops_course.id"  # noqa: S608
    f" AND e.student_id = %s AND e.status IN ({', '.join(['%s'] * len(_LIVE_STATUSES))})"
    " LIMIT 1"
)


def course_to_enrol(*, pk: int, student: User) -> Course:
    """A published course (404 otherwise) as the confirm button needs it, in one query:
    with the start of its first live session and its term's enrolment date (for
    `enrolment_window`) and, as `LIVE_ENROLMENT_ID`, the id of the student's live
    enrolment on it, or None. Not its sessions, topic or trainers: the page that shows
    them is `prospectus_course`."""
    course = get_object_or_404(
        Course.objects.annotate(
            **{
                FIRST_START: RawSQL(  # noqa: S611 - fixed text
                    _FIRST_START_SQL, (), output_field=DateTimeField()
                ),
                OPENS_ON: RawSQL(_OPENS_ON_SQL, (), output_field=DateField()),  # noqa: S611
                LIVE_ENROLMENT_ID: RawSQL(  # noqa: S611 - fixed text, values as parameters
                    _LIVE_ENROLMENT_SQL,
                    (student.pk, *_LIVE_STATUSES),
                    output_field=BigIntegerField(),
                ),
            }
        ),
        pk=pk,
    )
    if course.status != Course.Status.PUBLISHED or course.is_template:
        raise Http404("No such course on the prospectus.")
    return course


def live_enrolment(*, course: Course, student: User) -> Enrolment | None:
    """The student's place on the course (enrolled, offered or waiting), if any."""
    if not student.is_authenticated:
        return None
    return Enrolment.objects.filter(
        course=course, student=student, status__in=Enrolment.LIVE
    ).first()


def waiting_closed(enrolment: Enrolment, *, now: datetime | None = None) -> bool:
    """A waiting list closes when the course starts (`services.waiting_lists_close`, a beat
    job, ends the entries and tells the students). Pages read the same rule, so between
    the start and the job nobody is told they are still in the queue."""
    if enrolment.status == Enrolment.Status.CLOSED:
        return True
    if enrolment.status != Enrolment.Status.WAITING:
        return False
    first = first_session_start(enrolment.course)
    return first is not None and first <= (now or timezone.now())


def waiting_position(enrolment: Enrolment) -> int:
    return (
        Enrolment.objects.filter(course_id=enrolment.course_id, status=Enrolment.Status.WAITING)
        .filter(
            Q(created_at__lt=enrolment.created_at)
            | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
        )
        .count()
        + 1
    )


def students_to_tell(course: Course) -> list[User]:
    """Students holding a place (enrolled or offered): the people a change affects."""
    return [
        e.student
        for e in Enrolment.objects.filter(course=course, status__in=Enrolment.HOLDING)
        .exclude(student=None)
        .select_related("student")
    ]


def course_live_enrolment_count(course: Course) -> int:
    """Everyone holding or waiting for a place."""
    return Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).count()


def course_sessions(course: Course) -> list[ScheduledSession]:
    """The sessions that will run, in order, with their rooms (for confirmations). Uses
    the sessions prefetched with `live_sessions()` (the course page's) when present."""
    cache = getattr(course, "_prefetched_objects_cache", {})
    if "sessions" in cache and all(  # with their rooms, or the email would query each
        s.room_id is None or "room" in s._state.fields_cache for s in cache["sessions"]
    ):
        return sorted((s for s in cache["sessions"] if not s.cancelled), key=_start)
    return list(
        ScheduledSession.objects.filter(course=course, cancelled=False)
        .select_related("room__venue")
        .order_by("starts_at")
    )


def _start(session: ScheduledSession):
    return session.starts_at, session.number


@dataclass
class MyCourses:
    offers: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    past: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.offers or self.upcoming or self.waiting or self.past)


MY_COURSES_UNSHOWN = ("summary", "outcomes", "audience", "withdrawn_reason", "pending_details")


# What My courses shows of each place, read with it as plain SQL (for the reason given at
# _FIRST_START_SQL; three Subquery annotations and a prefetch of the sessions cost more
# than half the page): its course's first live session's start and the end of its last,
# how many wait ahead of it on the same course, whether the student came to any session,
# and whether any message was sent to it.
_PLACE_FIRST_START_SQL = _first_start_sql("workshops_enrolment.course_id")
_PLACE_LAST_END_SQL = (  # the last session to start, as the sessions in order had it
    "SELECT s.ends_at FROM workshops_scheduledsession s"
    " WHERE s.course_id = workshops_enrolment.course_id AND NOT s.cancelled"
    " ORDER BY s.starts_at DESC LIMIT 1"
)
_PLACE_AHEAD_SQL = (
    "SELECT COUNT(*) FROM workshops_enrolment w"
    " WHERE w.course_id = workshops_enrolment.course_id AND w.status = %s"
    " AND (w.created_at < workshops_enrolment.created_at"
    " OR (w.created_at = workshops_enrolment.created_at AND w.id < workshops_enrolment.id))"
)
_PLACE_CAME_SQL = (  # came to at least one session: what feedback_due asks of a place
    "EXISTS (SELECT 1 FROM workshops_attendance a"
    " WHERE a.enrolment_id = workshops_enrolment.id AND a.status = %s)"
)
_PLACE_HAS_MESSAGES_SQL = (  # so my_courses_extras asks for messages only when there are some
    "EXISTS (SELECT 1 FROM workshops_coursemessagerecipient r"
    " WHERE r.enrolment_id = workshops_enrolment.id)"
)


def my_courses(*, user) -> MyCourses:
    """The student's live and past places, grouped for the My courses page (1 query)."""
    now = timezone.now()
    enrolments = (
        Enrolment.objects.filter(student=user)
        .filter(
            Q(status__in=Enrolment.LIVE)
            | Q(
                status__in=[
                    Enrolment.Status.CANCELLED,
                    Enrolment.Status.COURSE_CANCELLED,
                    Enrolment.Status.CLOSED,
                ]
            )
        )
        # The course alone: the page shows its title, sessions and status, not its term
        # or trainers, nor its long texts.
        .select_related("course")
        .defer(*(f"course__{name}" for name in MY_COURSES_UNSHOWN))
        .annotate(
            first_start=RawSQL(_PLACE_FIRST_START_SQL, (), output_field=DateTimeField()),  # noqa: S611
            last_end=RawSQL(_PLACE_LAST_END_SQL, (), output_field=DateTimeField()),  # noqa: S611
            ahead=RawSQL(  # noqa: S611 - fixed text, the value as a parameter
                _PLACE_AHEAD_SQL, (Enrolment.Status.WAITING.value,), output_field=IntegerField()
            ),
            came=RawSQL(  # noqa: S611 - fixed text, the value as a parameter
                _PLACE_CAME_SQL, (Attendance.Status.PRESENT.value,), output_field=BooleanField()
            ),
            has_messages=RawSQL(_PLACE_HAS_MESSAGES_SQL, (), output_field=BooleanField()),  # noqa: S611
        )
        .order_by("created_at")
    )
    result = MyCourses()
    for enrolment in enrolments:
        # For `waiting_closed` (first_session_start), which would otherwise ask again.
        enrolment.course.__dict__[FIRST_START] = enrolment.first_start
        enrolment.position = enrolment.ahead + 1
        enrolment.feedback_due = enrolment.last_end is not None and feedback_due(
            enrolment, last_end=enrolment.last_end, now=now
        )
        enrolment.waiting_closed = waiting_closed(enrolment, now=now)
        if enrolment.status == Enrolment.Status.OFFERED:
            result.offers.append(enrolment)
        elif enrolment.status == Enrolment.Status.WAITING and not enrolment.waiting_closed:
            result.waiting.append(enrolment)
        elif (
            enrolment.waiting_closed
            or enrolment.status in (Enrolment.Status.CANCELLED, Enrolment.Status.COURSE_CANCELLED)
            or enrolment.course.status == Course.Status.CANCELLED
            or (enrolment.last_end is not None and enrolment.last_end <= now)
        ):
            result.past.append(enrolment)
        else:
            result.upcoming.append(enrolment)
    result.upcoming.sort(key=lambda e: e.first_start or now)
    result.past.sort(key=lambda e: e.last_end or now, reverse=True)
    return result


def enrolment_for_student(*, user, pk: int) -> Enrolment:
    """One of the student's own enrolments (404 for anyone else's)."""
    return get_object_or_404(
        Enrolment.objects.select_related(
            "course__term", "course__pairing__peer__user", "course__pairing__practitioner__user"
        ).prefetch_related(
            Prefetch("course__sessions", queryset=live_sessions().order_by("starts_at"))
        ),
        pk=pk,
        student=user,
    )
