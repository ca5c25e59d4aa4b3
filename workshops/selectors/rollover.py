"""Rolling a term's courses into another term: what would be copied, on which dates, and
what stands in the way. The preview page and the rollover service both use
`rollover_plan`, so what the manager confirms is what is written.

Dates: each session keeps its weekday, its time of day (Europe/London wall-clock time,
whatever the clocks do) and its distance from the others. The whole course moves by the
number of whole weeks between the Monday of the old term's first week and the Monday of
the new term's first week, and a week later again if its first session would then fall
before the new term starts. A session whose new date falls after the term ends, whose
time has already passed, or whose room or trainer is busy then (with a session already
booked, or with an earlier copy of the same rollover) is not booked: it is listed as a
clash for the manager to book by hand."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from trainers.models import Pairing, Topic

from ..errors import NotAllowed
from ..models import Course, Room, ScheduledSession, Term

ROLLABLE = Q(is_template=False) & ~Q(status=Course.Status.CANCELLED)


@dataclass
class PlannedSession:
    number: int
    starts_at: datetime | None  # None: the source had no session with this number
    ends_at: datetime | None = None
    room: Room | None = None
    online_link: str = ""
    clash: str = ""  # why it will not be booked (empty: it will be)
    clash_with: Course | None = None  # the course it clashes with, for a link

    @property
    def booked(self) -> bool:
        return self.starts_at is not None and not self.clash


@dataclass
class RolloverCourse:
    source: Course
    sessions: list[PlannedSession]
    copy: Course | None = None  # set by the service once written

    @property
    def clashes(self) -> list[PlannedSession]:
        return [s for s in self.sessions if not s.booked]


@dataclass
class RolloverPlan:
    source: Term
    target: Term
    to_copy: list[RolloverCourse] = field(default_factory=list)
    needs_pairing: list[Course] = field(default_factory=list)
    already_copied: list[Course] = field(default_factory=list)  # the copies in `target`

    @property
    def clash_count(self) -> int:
        return sum(len(item.clashes) for item in self.to_copy)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def session_times_map(*, starts: list[datetime], source: Term, target: Term) -> list[datetime]:
    """The new start of each of a course's sessions (same weekday, time and intervals),
    counted from the new term's first week."""
    if not starts:
        return []
    london = timezone.get_current_timezone()
    local = [timezone.localtime(s) for s in starts]
    shift = monday_of(target.starts_on) - monday_of(source.starts_on)
    while min(s.date() for s in local) + shift < target.starts_on:
        shift += timedelta(weeks=1)
    return [
        datetime.combine(s.date() + shift, s.time().replace(tzinfo=None), tzinfo=london)
        for s in local
    ]


def rollover_targets(*, source: Term) -> list[Term]:
    """Terms a term's courses can be copied into: any other term that has not ended."""
    return list(
        Term.objects.exclude(pk=source.pk)
        .filter(ends_on__gte=timezone.localdate())
        .order_by("starts_on")
    )


def rollover_target_check(*, source: Term, target: Term) -> None:
    if target.pk == source.pk:
        raise NotAllowed(
            "Choose a different term: the courses are already in this one.", field="target"
        )
    if target.ends_on < timezone.localdate():
        raise NotAllowed(
            f"{target.name} ended on {target.ends_on:%-d %B %Y}. Choose a term that has not "
            "ended yet.",
            field="target",
        )


def rollover_filters(*, source: Term) -> tuple[list[Pairing], list[Topic]]:
    """The pairings and topics of the term's courses, for the filters."""
    courses = Course.objects.filter(ROLLABLE, term=source)
    pairings = list(
        Pairing.objects.filter(courses__in=courses)
        .select_related("peer__user", "practitioner__user")
        .distinct()
        .order_by("peer__user__full_name", "practitioner__user__full_name", "pk")
    )
    topics = list(Topic.objects.filter(course__in=courses).distinct().order_by("name"))
    return pairings, topics


def rollover_source_courses(
    *,
    source: Term,
    pairing_id: int | None = None,
    topic_id: int | None = None,
    ids: list[int] | None = None,
) -> list[Course]:
    """The term's courses (not templates, not cancelled), optionally of one pairing, one
    topic or the ids chosen, with their pair and sessions."""
    courses = Course.objects.filter(ROLLABLE, term=source)
    if pairing_id is not None:
        courses = courses.filter(pairing_id=pairing_id)
    if topic_id is not None:
        courses = courses.filter(topic_id=topic_id)
    if ids is not None:
        courses = courses.filter(pk__in=ids)
    return list(
        courses.select_related(
            "pairing__peer__user", "pairing__practitioner__user", "topic"
        ).prefetch_related(
            Prefetch(
                "sessions",
                queryset=ScheduledSession.objects.select_related("room__venue").order_by("number"),
            )
        )
    )


def _pairing_usable(course: Course) -> bool:
    pairing = course.pairing
    return (
        pairing.status == Pairing.Status.ACTIVE
        and pairing.peer.is_active
        and pairing.practitioner.is_active
    )


def _when(starts_at: datetime, ends_at: datetime) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{start:%a %-d %B %Y}, {start:%H:%M}–{end:%H:%M}"


def _sessions_for(item: Course, source: Term, target: Term) -> list[PlannedSession]:
    count = item.working_details()["session_count"]
    minutes = item.working_details()["session_minutes"]
    by_number = {s.number: s for s in item.sessions.all() if s.number <= count}
    numbers = sorted(by_number)
    new_starts = session_times_map(
        starts=[by_number[n].starts_at for n in numbers], source=source, target=target
    )
    planned = {
        n: PlannedSession(
            number=n,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            room=by_number[n].room,
            online_link=by_number[n].online_link,
        )
        for n, start in zip(numbers, new_starts, strict=True)
    }
    return [
        planned.get(n)
        or PlannedSession(
            number=n, starts_at=None, clash=f"Not booked in {source.name}: book it by hand."
        )
        for n in range(1, count + 1)
    ]


def _find_clash(planned: PlannedSession, pairing: Pairing, busy: list) -> tuple[str, Course]:
    """The first session in `busy` (booked, or planned earlier in this rollover) that
    overlaps `planned` in its room or with either trainer. Each entry of `busy` is
    (starts, ends, room id, trainer ids, what it is, its course or None for a copy)."""
    for other_start, other_end, room_id, trainer_ids, what, course in busy:
        if not (other_start < planned.ends_at and other_end > planned.starts_at):
            continue
        what = f"{what} ({_when(other_start, other_end)})"
        if planned.room is not None and room_id == planned.room.pk:
            return f"{planned.room} is already booked then, for {what}.", course
        for trainer in (pairing.peer, pairing.practitioner):
            if trainer.pk in trainer_ids:
                return f"{trainer.name} is already teaching then: {what}.", course
    return "", None


def rollover_plan(*, source: Term, target: Term, courses: list[Course]) -> RolloverPlan:
    """What copying `courses` (from `rollover_source_courses`) into `target` would do. A
    fixed number of queries, however many courses."""
    rollover_target_check(source=source, target=target)
    plan = RolloverPlan(source=source, target=target)
    copies = {
        copy.copied_from_id: copy
        for copy in Course.objects.filter(ROLLABLE, term=target, copied_from__in=courses)
        .annotate(sessions_booked=Count("sessions", filter=Q(sessions__cancelled=False)))
        .order_by("pk")
    }
    candidates = []
    for course in sorted(courses, key=lambda c: (c.title.lower(), c.pk)):
        if course.pk in copies:
            copy = copies[course.pk]
            copy.source = course
            plan.already_copied.append(copy)
        elif not _pairing_usable(course):
            plan.needs_pairing.append(course)
        else:
            candidates.append(RolloverCourse(source=course, sessions=[]))
    for item in candidates:
        item.sessions = _sessions_for(item.source, source, target)
    planned = [s for item in candidates for s in item.sessions if s.starts_at is not None]
    busy = []
    if planned:
        rooms = {s.room.pk for s in planned if s.room is not None}
        trainers = {t.pk for item in candidates for t in item.source.pairing.trainers}
        busy = [
            (
                s.starts_at,
                s.ends_at,
                s.room_id,
                {s.peer_id, s.practitioner_id},
                f"“{s.course.title}” session {s.number}",
                s.course,
            )
            for s in ScheduledSession.objects.filter(
                Q(room__in=rooms) | Q(peer__in=trainers) | Q(practitioner__in=trainers),
                cancelled=False,
                starts_at__lt=max(s.ends_at for s in planned),
                ends_at__gt=min(s.starts_at for s in planned),
            ).select_related("course")
        ]
    now = timezone.now()
    for item in candidates:
        pairing = item.source.pairing
        for session in item.sessions:
            if session.starts_at is None:
                continue
            day = timezone.localdate(session.starts_at)
            if day > target.ends_on:
                session.clash = (
                    f"{day:%A %-d %B %Y} is after {target.name} ends ({target.ends_on:%-d %B %Y})."
                )
            elif session.starts_at <= now:
                session.clash = f"{day:%A %-d %B %Y} has already passed."
            else:
                session.clash, session.clash_with = _find_clash(session, pairing, busy)
            if not session.clash:
                busy.append(
                    (
                        session.starts_at,
                        session.ends_at,
                        session.room.pk if session.room else None,
                        {pairing.peer_id, pairing.practitioner_id},
                        f"the copy of “{item.source.title}” session {session.number}, "
                        "in this rollover",
                        None,
                    )
                )
    plan.to_copy = candidates
    return plan


def rollover_course_ids(*, source: Term) -> list[int]:
    """Every course of the term that could be chosen (for checking what was posted)."""
    return list(Course.objects.filter(ROLLABLE, term=source).values_list("pk", flat=True))
