"""Every write in the workshops app that spans rows, takes a lock or has side effects."""

from .changes import course_cancel, course_unpublish, session_cancel
from .comments import comment_add
from .courses import (
    course_agree,
    course_copy,
    course_create,
    course_details_update,
    course_restore,
    course_template_save,
)
from .enrolment import (
    attendance_mark,
    calendar_feed_reset,
    enrol,
    enrolment_cancel,
    enrolment_details_update,
    enrolment_window,
    feedback_due,
    feedback_give,
    offer_claim,
    offers_expire,
    places_offer_next,
    register_opens_later,
    waiting_list_join,
    waiting_position,
)
from .places import room_save, term_save, venue_save
from .plans import plan_update, section_add, section_delete, section_move, section_update
from .publishing import course_publish, may_publish, publish_conditions
from .scheduling import course_capacity_set, session_schedule, sessions_schedule_weekly

__all__ = [
    "room_save",
    "term_save",
    "venue_save",
    "calendar_feed_reset",
    "feedback_due",
    "feedback_give",
    "register_opens_later",
    "attendance_mark",
    "course_cancel",
    "course_unpublish",
    "session_cancel",
    "enrol",
    "enrolment_cancel",
    "enrolment_details_update",
    "enrolment_window",
    "offer_claim",
    "offers_expire",
    "places_offer_next",
    "waiting_list_join",
    "waiting_position",
    "may_publish",
    "comment_add",
    "course_capacity_set",
    "course_publish",
    "publish_conditions",
    "session_schedule",
    "sessions_schedule_weekly",
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
