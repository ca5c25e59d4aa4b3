"""Every write in the workshops app that spans rows, takes a lock or has side effects."""

from .comments import comment_add
from .courses import (
    course_agree,
    course_copy,
    course_create,
    course_details_update,
    course_restore,
    course_template_save,
)
from .plans import plan_update, section_add, section_delete, section_move, section_update

__all__ = [
    "comment_add",
    "course_agree",
    "course_copy",
    "course_create",
    "course_details_update",
    "course_restore",
    "course_template_save",
    "plan_update",
    "section_add",
    "section_delete",
    "section_move",
    "section_update",
]
