"""Every write in the workshops app that spans rows, takes a lock or has side effects,
one module per topic. Reads are in `workshops.selectors`."""

from .attendance import (
    attendance_mark,
    register_save,
    walk_in_add,
    walk_ins_forget,
    walk_ins_link,
)
from .calendar_feed import calendar_feed_reset
from .changes import course_cancel, course_unpublish, session_cancel
from .comments import comment_add
from .courses import (
    course_agree,
    course_changes_discard,
    course_copy,
    course_create,
    course_details_update,
    course_restore,
    course_template_save,
)
from .enrolment import (
    enrolment_cancel,
    enrolment_create,
    enrolment_details_update,
    waiting_list_join,
)
from .feedback import feedback_give
from .personal_data import student_forget
from .plans import plan_update, section_add, section_delete, section_move, section_update
from .publishing import course_publish
from .rollover import term_rollover
from .scheduling import course_capacity_set, session_schedule, sessions_schedule_weekly
from .venues import room_save, term_save, venue_save
from .waiting_list import (
    offer_claim,
    offers_clamp,
    offers_expire,
    places_offer_next,
    waiting_lists_close,
)

__all__ = [
    "attendance_mark",
    "register_save",
    "walk_in_add",
    "walk_ins_forget",
    "walk_ins_link",
    "calendar_feed_reset",
    "comment_add",
    "course_agree",
    "course_cancel",
    "course_capacity_set",
    "course_changes_discard",
    "course_copy",
    "course_create",
    "course_details_update",
    "course_publish",
    "course_restore",
    "course_template_save",
    "course_unpublish",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_details_update",
    "feedback_give",
    "offer_claim",
    "offers_clamp",
    "offers_expire",
    "places_offer_next",
    "plan_update",
    "room_save",
    "section_add",
    "section_delete",
    "section_move",
    "section_update",
    "session_cancel",
    "session_schedule",
    "sessions_schedule_weekly",
    "student_forget",
    "term_rollover",
    "term_save",
    "venue_save",
    "waiting_list_join",
    "waiting_lists_close",
]
