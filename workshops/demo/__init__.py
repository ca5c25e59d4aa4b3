"""The workshops app's part of the demo college (`manage.py seed_demo`)."""

from .courses import seed_courses, seed_pending_change, seed_schedule
from .delivery import seed_delivery
from .enrolments import seed_enrolments
from .messages import seed_messages


def seed(demo) -> None:
    """Courses in every state, this term's prospectus and its schedule, and students on
    courses. Builds on the trainers and pairings the trainers app seeded."""
    seed_courses(email_of=demo.email_of, manager=demo.manager)
    seed_schedule(manager=demo.manager)
    seed_enrolments(student_emails=demo.student_emails, manager=demo.manager)
    seed_pending_change(email_of=demo.email_of)
    seed_delivery(email_of=demo.email_of, manager=demo.manager)
    seed_messages(student_emails=demo.student_emails)
