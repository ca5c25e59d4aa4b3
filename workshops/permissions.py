"""Who may see or do what with courses. Deny by default; drafts are private to the pair
and managers (404 for everyone else)."""

from django.db.models import Q

from recovery_college.accounts.permissions import is_manager
from trainers.models import Pairing
from trainers.permissions import is_pair_member

from .models import Course, Enrolment


def is_course_trainer(user, course: Course) -> bool:
    """One of the course's pair, still switched on (see trainers.permissions)."""
    return course.pairing_id is not None and is_pair_member(user, course.pairing)


def can_view_course(user, course: Course) -> bool:
    if course.status == Course.Status.PUBLISHED and not course.is_template:
        return True
    if course.is_template:
        return user.is_authenticated and (user.is_manager or user.is_trainer)
    return is_manager(user) or is_course_trainer(user, course)


def can_view_plan(user, course: Course) -> bool:
    """Session plans and run-sheets are working documents: the pair and managers (and
    trainers looking at a college template), even once the course is published."""
    if course.is_template:
        return user.is_authenticated and (user.is_manager or user.is_trainer)
    return is_manager(user) or is_course_trainer(user, course)


def can_edit_course(user, course: Course) -> bool:
    return (
        is_course_trainer(user, course)
        and course.status not in (Course.Status.ARCHIVED, Course.Status.CANCELLED)
        and course.pairing.status == Pairing.Status.ACTIVE
    )


def can_comment(user, course: Course) -> bool:
    return not course.is_template and (
        is_manager(user) or is_course_trainer(user, course) or is_cover_trainer(user, course)
    )


def is_cover_trainer(user, course: Course) -> bool:
    """Covering one of the course's sessions: reads its plan and comments on it."""
    from .models import CoverRequest

    trainer = user.trainer_profile if user.is_authenticated else None
    return (
        trainer is not None
        and CoverRequest.objects.filter(
            session__course=course, cover_trainer=trainer, status=CoverRequest.Status.COVERED
        ).exists()
    )


def courses_visible_to(user) -> Q:
    """Filter for Course querysets (excluding templates)."""
    if is_manager(user):
        return Q(is_template=False)
    if not user.is_authenticated:
        return Q(status=Course.Status.PUBLISHED, is_template=False)
    return Q(is_template=False) & (
        Q(status=Course.Status.PUBLISHED)
        | Q(pairing__peer__user=user, pairing__peer__is_active=True)
        | Q(pairing__practitioner__user=user, pairing__practitioner__is_active=True)
    )


def can_see_roster(user, course: Course) -> bool:
    """Who is enrolled, waiting and attending: the course's two trainers and managers."""
    return not course.is_template and (is_manager(user) or is_course_trainer(user, course))


def can_mark_attendance(user, course: Course) -> bool:
    return can_see_roster(user, course)


def can_see_access_needs(user, enrolment: Enrolment) -> bool:
    """The student, the course's two trainers and managers (DOMAIN.md)."""
    if not user.is_authenticated:
        return False
    return (
        enrolment.student_id == user.pk
        or is_manager(user)
        or is_course_trainer(user, enrolment.course)
    )


def can_see_goal(user, enrolment: Enrolment) -> bool:
    """The student; the course's trainers only if the student chose to share it.
    Managers do not see goals."""
    if not user.is_authenticated:
        return False
    if enrolment.student_id == user.pk:
        return True
    return enrolment.share_goal and is_course_trainer(user, enrolment.course)


def can_manage_college(user) -> bool:
    """Terms, venues and rooms, college settings, the glossary, the College page."""
    return is_manager(user)


def can_schedule(user, course: Course | None = None) -> bool:
    """Putting sessions on dates and in rooms, and setting the number of places."""
    return is_manager(user)


def can_change_after_publishing(user, course: Course | None = None) -> bool:
    """Taking a course off the prospectus, cancelling it or one of its sessions."""
    return is_manager(user)


def can_publish(user, course: Course) -> bool:
    """Managers publish; so may the course's own pair when the college setting allows."""
    if is_manager(user):
        return True
    from .models import CollegeSettings

    if course.pairing_id is None or not CollegeSettings.load().pairs_may_publish:
        return False
    return is_course_trainer(user, course)


def can_roll_over(user) -> bool:
    """Copying a term's courses into another term in one step."""
    return is_manager(user)


def can_keep_templates(user) -> bool:
    """Saving a course as a college template."""
    return is_manager(user)


# --- Delivery: cover and debriefs -------------------------------------------------------


def is_session_trainer(user, session) -> bool:
    """One of the two trainers delivering this session (after any cover): they see its
    plan, run-sheet and register."""
    trainer = user.trainer_profile if user.is_authenticated else None
    return trainer is not None and trainer.pk in (session.peer_id, session.practitioner_id)


def can_ask_for_cover(user, session) -> bool:
    return is_session_trainer(user, session) and not session.cancelled


def can_arrange_cover(user) -> bool:
    """Inviting cover, deciding on a declared relationship, recording one-trainer delivery,
    and reading a cover note (health information: managers only)."""
    return is_manager(user)


def can_view_debrief(user, debrief) -> bool:
    """The writer, the session's other trainer, the course's pair and managers."""
    if not user.is_authenticated:
        return False
    session = debrief.session
    return (
        is_manager(user)
        or is_session_trainer(user, session)
        or is_course_trainer(user, session.course)
    )


def can_read_support_note(user, debrief) -> bool:
    """Exactly the readers the writer chose: managers always; the co-trainer who delivered
    the session with them only when the writer said so."""
    if not user.is_authenticated or not debrief.support_note:
        return False
    if is_manager(user) or debrief.trainer.user_id == user.pk:
        return True
    return debrief.support_readers == "pair" and is_session_trainer(user, debrief.session)


def can_view_report(user) -> bool:
    return is_manager(user)


# --- Messages to a course's students and attendance certificates ----------------------


def can_message_students(user, course: Course) -> bool:
    """Sending a message to a course's students, and reading what was sent: the course's
    two trainers and managers."""
    return can_see_roster(user, course)


def can_have_certificate(user, enrolment: Enrolment) -> bool:
    """Only the student themself; whether they came often enough is the selector's."""
    return user.is_authenticated and enrolment.student_id == user.pk
