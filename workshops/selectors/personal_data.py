"""What the college holds about a student as a student, for their own download."""

from recovery_college.accounts.models import User

from ..models import Attendance, Enrolment


def student_data(*, user: User) -> list[dict]:
    """A student's enrolments as plain data (2 queries)."""
    marks = {}
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
        }
        for e in Enrolment.objects.filter(student=user).select_related("course__term")
    ]
