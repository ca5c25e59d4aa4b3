"""Taking the register: marking who came, and adding walk-ins (people who came without
enrolling). A register never silently goes over the room's capacity: a change that would
take the people at a session past it raises `OverCapacity`, and goes through only when
the person taking the register says to go on (`over_capacity_ok`)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recovery_college.accounts.models import User

from ..errors import NotAllowed, OverCapacity, WalkInRefused
from ..models import Attendance, Enrolment, ScheduledSession, WalkIn
from ..permissions import can_mark_attendance, is_session_trainer
from ..selectors.roster import register_opens_later, session_capacity, session_headcount
from .locking import course_lock
from .notify import walk_in_invite_notify

PRESENT = Attendance.Status.PRESENT


def _may_take_register(user: User, session: ScheduledSession) -> None:
    if not (can_mark_attendance(user, session.course) or is_session_trainer(user, session)):
        raise NotAllowed("Only the course's trainers and college managers can take the register.")
    if register_opens_later(session):
        raise NotAllowed("The register opens on the day of the session.")


def attendance_mark(
    *,
    session: ScheduledSession,
    user: User,
    marks: dict[int, str],
    walk_in_marks: dict[int, str] | None = None,
    over_capacity_ok: bool = False,
) -> int:
    """Record who came to a session: {enrolment id: "present" | "absent" | ""} for enrolled
    students and the same by walk-in id for walk-ins on this session's register. An empty
    value clears a mark. Only the course's trainers and managers may mark, and only people
    on the register. If the marks would take the people who came past the session's
    capacity (and beyond what was saved before), `OverCapacity` unless `over_capacity_ok`.
    Returns how many marks changed."""
    course = session.course
    walk_in_marks = walk_in_marks or {}
    _may_take_register(user, session)
    statuses = list(marks.values()) + list(walk_in_marks.values())
    if any(status and status not in Attendance.Status.values for status in statuses):
        raise NotAllowed("Choose “came” or “did not come”.")
    changed = 0
    with transaction.atomic():
        course_lock(course_id=course.pk)
        # Both trainers saving at once take turns here, so neither inserts a duplicate.
        ScheduledSession.objects.select_for_update().get(pk=session.pk)
        enrolled = set(
            Enrolment.objects.filter(
                course=course, status=Enrolment.Status.ENROLLED, pk__in=list(marks)
            ).values_list("pk", flat=True)
        )
        walk_ins = set(
            _walk_ins_on_register(session)
            .filter(pk__in=list(walk_in_marks))
            .values_list("pk", flat=True)
        )
        existing = {
            ("e", a.enrolment_id) if a.enrolment_id else ("w", a.walk_in_id): a
            for a in Attendance.objects.select_for_update().filter(
                Q(enrolment_id__in=enrolled) | Q(walk_in_id__in=walk_ins), session=session
            )
        }
        wanted = {("e", pk): s for pk, s in marks.items() if pk in enrolled}
        wanted |= {("w", pk): s for pk, s in walk_in_marks.items() if pk in walk_ins}
        if not over_capacity_ok:
            _check_capacity_after_marks(session, existing, wanted)
        for (kind, pk), status in wanted.items():
            mark = existing.get((kind, pk))
            if not status:
                if mark is not None:
                    mark.delete()
                    changed += 1
                continue
            if mark is None:
                who = {"enrolment_id": pk} if kind == "e" else {"walk_in_id": pk}
                Attendance.objects.create(session=session, status=status, marked_by=user, **who)
                changed += 1
            elif mark.status != status:
                mark.status = status
                mark.marked_by = user
                mark.save(update_fields=["status", "marked_by", "marked_at"])
                changed += 1
    return changed


def _check_capacity_after_marks(session, existing: dict, wanted: dict) -> None:
    limit, where = session_capacity(session)
    if limit is None:
        return
    before = Attendance.objects.filter(session=session, status=PRESENT).count()
    after = before
    for key, status in wanted.items():
        was = existing.get(key)
        after += (status == PRESENT) - (was is not None and was.status == PRESENT)
    if after > limit and after > before:
        raise OverCapacity(
            people=after,
            limit=limit,
            where=where,
            doing="Saving these marks",
            counted="people marked as came",
        )


def _walk_ins_on_register(session: ScheduledSession):
    """The course's walk-ins who came first to this session or an earlier one."""
    return WalkIn.objects.filter(
        course_id=session.course_id, first_session__starts_at__lte=session.starts_at
    )


def register_save(
    *,
    session: ScheduledSession,
    user: User,
    marks: dict,
    walk_in_marks: dict,
    walk_in: dict | None = None,
    over_capacity_ok: bool = False,
) -> WalkIn | None:
    """Save a register as one form sends it: the marks, and (with `walk_in`, its name and
    email) someone who came without enrolling. All or nothing: a refused walk-in or a
    capacity question leaves the marks unsaved too, so the page shows them as chosen and
    one more save keeps everything."""
    with transaction.atomic():
        attendance_mark(
            session=session,
            user=user,
            marks=marks,
            walk_in_marks=walk_in_marks,
            over_capacity_ok=over_capacity_ok,
        )
        if walk_in is None:
            return None
        return walk_in_add(session=session, user=user, over_capacity_ok=over_capacity_ok, **walk_in)


def walk_in_add(
    *,
    session: ScheduledSession,
    user: User,
    name: str,
    email: str = "",
    over_capacity_ok: bool = False,
) -> WalkIn:
    """Add someone who came to `session` without enrolling, marked as came. With an email
    they are linked to the account that has it, or (with none) emailed an invitation to
    make one. Refused: no name, an email already used by a walk-in or an enrolled student
    of this course. If the people who may be here (everyone on the register not marked
    "did not come") plus this person would be over the session's capacity:
    `OverCapacity`, unless `over_capacity_ok`."""
    course = session.course
    _may_take_register(user, session)
    name = " ".join(name.split())
    email = email.strip().lower()
    if not name:
        raise WalkInRefused("Enter the person's name.", field="name")
    with transaction.atomic():
        course_lock(course_id=course.pk)
        ScheduledSession.objects.select_for_update().get(pk=session.pk)
        if email:
            _email_free(course_id=course.pk, email=email)
        if not over_capacity_ok:
            limit, where = session_capacity(session)
            people = session_headcount(session) + 1
            if limit is not None and people > limit:
                raise OverCapacity(
                    people=people,
                    limit=limit,
                    where=where,
                    doing=f"Adding {name}",
                    counted="people on this register not marked “did not come”",
                )
        account = User.objects.filter(email__iexact=email).first() if email else None
        walk_in = WalkIn.objects.create(
            course=course,
            first_session=session,
            name=name,
            email=email,
            user=account,
            added_by=user,
            invited_at=timezone.now() if email and account is None else None,
        )
        Attendance.objects.create(session=session, walk_in=walk_in, status=PRESENT, marked_by=user)
        if walk_in.invited_at:
            walk_in_invite_notify(walk_in=walk_in, course=course, session=session)
    return walk_in


def _email_free(*, course_id: int, email: str) -> None:
    if WalkIn.objects.filter(course_id=course_id, email__iexact=email).exists():
        raise WalkInRefused(
            "Someone with this email is already on this course's register as a walk-in."
        )
    if Enrolment.objects.filter(
        course_id=course_id, status=Enrolment.Status.ENROLLED, student__email__iexact=email
    ).exists():
        raise WalkInRefused(
            "Someone enrolled on this course has this email: mark them as came on the "
            "register instead."
        )


def walk_ins_link(*, user: User) -> int:
    """A new account takes over the walk-ins made with its email (an invitation was
    answered). Returns how many were linked."""
    return (
        WalkIn.objects.filter(user=None, email__iexact=user.email)
        .exclude(email="")
        .update(user=user)
    )


def walk_ins_forget(*, user: User) -> None:
    """Before an account is deleted: its walk-ins keep their marks (figures stay right)
    but lose the name and email."""
    WalkIn.objects.filter(Q(user=user) | Q(email__iexact=user.email, user=None)).update(
        user=None, name="Former walk-in", email=""
    )
