from .courses import (
    CollegeSettings,
    Comment,
    Course,
    CourseChange,
    CourseSignOff,
    Section,
    SessionPlan,
)
from .glossary import GlossaryTerm
from .scheduling import Room, ScheduledSession, Term, Venue

__all__ = [
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
