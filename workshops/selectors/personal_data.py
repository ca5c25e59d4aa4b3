"""What the college holds about a student as a student, for their own download."""

from recovery_college.accounts.models import User

from ..models import Attendance, CourseMessageRecipient, Enrolment, WalkIn


def student_data(*, user: User) -> list[dict]:
    """A student's enrolments as plain data, with the messages the course's trainers or
    the college sent them (3 queries)."""
    marks = {}
    messages = {}
    for enrolment_id, sent, body in (
        CourseMessageRecipient.objects.filter(enrolment__student=user)
        .order_by("message__created_at", "pk")
        .values_list("enrolment_id", "message__created_at", "message__body")
    ):
        messages.setdefault(enrolment_id, []).append({"sent": sent.isoformat(), "message": body})
    for enrolment_id, number, status in Attendance.objects.filter(
        enrolment__student=user
    ).values_list("enrolment_id", "session__number", "status"):
        marks.setdefault(enrolment_id, {})[f"session {number}"] = status
    return [
        {
            "course": e.course.title,
            "term": e.course.term.name if e.course.term_id else None,
            "status": e.status,
            "since": e.created_at.isoformat(),
            "ended": e.ended_at.isoformat() if e.ended_at else None,
            "offer_ends": e.offer_expires_at.isoformat() if e.offer_expires_at else None,
            "anything_that_would_help_you_take_part": e.access_needs,
            "your_learning_goal": e.goal,
            "goal_shared_with_trainers": e.share_goal,
            "attendance": marks.get(e.pk, {}),
            "feedback_given": e.feedback_given_on is not None,
            "messages_sent_to_you": messages.get(e.pk, []),
        }
        for e in Enrolment.objects.filter(student=user).select_related("course__term")
    ]


def walk_in_data(*, user: User) -> list[dict]:
    """The courses a person came to as a walk-in (linked to their account), 2 queries."""
    marks = {}
    for walk_in_id, number, status in Attendance.objects.filter(walk_in__user=user).values_list(
        "walk_in_id", "session__number", "status"
    ):
        marks.setdefault(walk_in_id, {})[f"session {number}"] = status
    return [
        {
            "course": w.course.title,
            "name_on_the_register": w.name,
            "email_on_the_register": w.email,
            "added": w.created_at.isoformat(),
            "attendance": marks.get(w.pk, {}),
        }
        for w in WalkIn.objects.filter(user=user).select_related("course")
    ]
