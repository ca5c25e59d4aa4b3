"""Students' places: enrolling (or joining the waiting list when full), changing the
optional answers, cancelling.

Never overbooked: `Course.places_taken` counts enrolled students plus places held for an
offer. Enrolling takes a place with one conditional UPDATE (`places_taken < capacity`);
a CheckConstraint on Course is the backstop. Every other change to a course's places
takes `course_lock` first (see `locking.py` for the lock order), so two requests cannot
both give away the last place."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from recovery_college.accounts.models import User

from ..errors import CourseFull, EnrolmentClosed, NotAllowed
from ..models import Course, Enrolment
from ..selectors.enrolment import enrolment_window, first_session_start, live_enrolment
from .locking import course_lock, course_row_wait
from .notify import enrolment_confirmed_notify, waiting_list_joined_notify
from .waiting_list import places_offer_next


def _check_may_take_part(course: Course, student: User) -> None:
    window = enrolment_window(course)
    if not window.open:
        raise EnrolmentClosed(window.reason)
    try:  # known without a query when the request looked up the roles (RolesMiddleware)
        trainer = student.trainer
    except ObjectDoesNotExist:
        return  # not a trainer (most students): nobody's pair needs reading
    if course.pairing_id and trainer.pk in (
        course.pairing.peer_id,
        course.pairing.practitioner_id,
    ):
        raise NotAllowed("You teach this course, so you cannot enrol on it.")


def _details(enrolment: Enrolment, *, access_needs: str, goal: str, share_goal: bool) -> None:
    enrolment.access_needs = access_needs.strip()
    enrolment.goal = goal.strip()
    enrolment.share_goal = bool(share_goal and enrolment.goal)


# Take a place: one statement, which waits on (and then holds) the course's row lock. Not
# while people wait: a free place is theirs (it is being offered), no queue jumping. Plain
# SQL, as ARCHITECTURE.md gives it: it runs once per place taken in a rush, and the ORM
# would build the same statement afresh every time, which costs more CPU than running it.
_PLACE_TAKE = (
    "UPDATE workshops_course SET places_taken = places_taken + 1"
    " WHERE id = %s AND status = %s AND capacity IS NOT NULL AND places_taken < capacity"
    " AND NOT EXISTS (SELECT 1 FROM workshops_enrolment e"
    " WHERE e.course_id = workshops_course.id AND e.status = %s)"
)


def enrolment_create(
    *,
    course: Course,
    student: User,
    access_needs: str = "",
    goal: str = "",
    share_goal: bool = False,
) -> Enrolment:
    """Take a place on the whole course. Raises CourseFull when there is none (the caller
    offers the waiting list). A second submit by the same student returns the first
    enrolment rather than taking another place.

    Few round trips, because every enrolment of a rush queues on the course's row: the
    place is taken by one conditional UPDATE and the enrolment and its confirmation are
    one INSERT each (the mail worker writes the confirmation's text after commit, see
    `enrolment_confirmed_notify`). A student who already holds a live enrolment is not
    looked up first: the database refuses the second live row
    (`enrolment_one_live_per_student`), the place taken for it is rolled back with it,
    and the first enrolment is returned."""
    _check_may_take_part(course, student)
    try:
        with transaction.atomic():
            # The UPDATE waits on the course's row lock: not for long.
            with course_row_wait(), connection.cursor() as cursor:
                cursor.execute(
                    _PLACE_TAKE, [course.pk, Course.Status.PUBLISHED, Enrolment.Status.WAITING]
                )
                taken = cursor.rowcount
            if not taken:
                raise CourseFull()
            enrolment = Enrolment(course=course, student=student, status=Enrolment.Status.ENROLLED)
            _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
            enrolment.save(force_insert=True)
            enrolment_confirmed_notify(enrolment=enrolment, course=course)
    except (IntegrityError, CourseFull):
        # The same student's other request (a double submit) enrolled a moment ago: this
        # one's place was rolled back, or there was none left because that one took it.
        existing = live_enrolment(course=course, student=student)
        if existing is not None:
            return existing
        if not Course.objects.filter(pk=course.pk, status=Course.Status.PUBLISHED).exists():
            raise EnrolmentClosed("This course is not open for enrolment.") from None
        raise
    return enrolment


def waiting_list_join(
    *,
    course: Course,
    student: User,
    access_needs: str = "",
    goal: str = "",
    share_goal: bool = False,
) -> Enrolment:
    """Join the waiting list of a full course (or, if a place is free after all and
    nobody is waiting, simply enrol). It lives beside `enrolment_create` because a place
    on the waiting list is an enrolment whose status is "waiting"; offers of freed places
    are in `waiting_list.py`."""
    _check_may_take_part(course, student)
    existing = live_enrolment(course=course, student=student)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = course_lock(course_id=course.pk)
            if locked.status != Course.Status.PUBLISHED:
                raise EnrolmentClosed("This course is not open for enrolment.")
            waiting = Enrolment.objects.filter(course=course, status=Enrolment.Status.WAITING)
            if locked.places_left and not waiting.exists():
                return enrolment_create(
                    course=locked,
                    student=student,
                    access_needs=access_needs,
                    goal=goal,
                    share_goal=share_goal,
                )
            enrolment = Enrolment(course=course, student=student, status=Enrolment.Status.WAITING)
            _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
            enrolment.save()
            waiting_list_joined_notify(enrolment=enrolment, course=course)
    except IntegrityError:
        existing = live_enrolment(course=course, student=student)
        if existing is None:
            raise
        return existing
    return enrolment


def enrolment_details_update(
    *, enrolment: Enrolment, user: User, access_needs: str, goal: str, share_goal: bool
) -> Enrolment:
    if enrolment.student_id != user.pk:
        raise NotAllowed("Only the student can change these.")
    _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
    enrolment.save(update_fields=["access_needs", "goal", "share_goal", "updated_at"])
    return enrolment


def enrolment_cancel(*, enrolment: Enrolment, user: User) -> Enrolment:
    """The student gives up their place (or declines an offer, or leaves the waiting
    list). A freed place goes to the first person waiting at once."""
    if enrolment.student_id != user.pk:
        raise NotAllowed("Only the student can cancel their place.")
    with transaction.atomic():
        course = course_lock(course_id=enrolment.course_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in Enrolment.LIVE:
            return enrolment  # already cancelled: a second click changes nothing
        if enrolment.status == Enrolment.Status.ENROLLED:
            first = first_session_start(course)
            if first is not None and timezone.now() >= first:
                raise NotAllowed(
                    "The course has started, so the place can no longer be cancelled here. "
                    "If you cannot come, please tell the trainers."
                )
        holding = enrolment.status in Enrolment.HOLDING
        enrolment.status = Enrolment.Status.CANCELLED if holding else Enrolment.Status.LEFT
        enrolment.ended_at = timezone.now()
        enrolment.offer_expires_at = None
        enrolment.save(update_fields=["status", "ended_at", "offer_expires_at", "updated_at"])
        if holding:
            course.places_taken -= 1
            course.save(update_fields=["places_taken"])
            places_offer_next(course=course)
    return enrolment
