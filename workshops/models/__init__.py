from .courses import (
    CollegeSettings,
    Comment,
    Course,
    CourseChange,
    CourseSignOff,
    Section,
    SessionPlan,
)
from .enrolment import Attendance, CalendarFeed, Enrolment, Feedback
from .glossary import GlossaryTerm
from .scheduling import Room, ScheduledSession, Term, Venue

__all__ = [
    "Attendance",
    "CalendarFeed",
    "Enrolment",
    "Feedback",
    "CollegeSettings",
    "Comment",
    "Course",
    "CourseChange",
    "CourseSignOff",
    "GlossaryTerm",
    "Room",
    "ScheduledSession",
    "Term",
    "Venue",
    "Section",
    "SessionPlan",
]
