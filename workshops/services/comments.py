from django.db import transaction

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Comment, Course, Section
from ..permissions import can_comment
from .notify import activity_notify


def comment_add(*, course: Course, user: User, body: str, section: Section | None = None):
    if not can_comment(user, course):
        raise NotAllowed("Only the pair and college managers can comment on this course.")
    body = body.strip()
    if not body:
        raise NotAllowed("Write a comment first.", field="body")
    if section is not None and section.plan.course_id != course.pk:
        raise NotAllowed("That section is not part of this course.", field="section")
    with transaction.atomic():
        comment = Comment.objects.create(course=course, section=section, author=user, body=body)
        if course.pairing_id:
            about = f" on “{section.title}”" if section else ""
            activity_notify(course=course, actor=user, what=f"Commented{about}: {body[:200]}")
    return comment
