from .courses import (
    CollegeSettings,
    Comment,
    Course,
    CourseChange,
    CourseSignOff,
    Section,
    SessionPlan,
)
from .delivery import (
    CoverDecision,
    CoverDeclaration,
    CoverInvitation,
    CoverRequest,
    Debrief,
    DebriefSection,
)
from .enrolment import Attendance, CalendarFeed, Enrolment, Feedback, WalkIn
from .glossary import GlossaryTerm
from .messages import MESSAGE_MAX_LENGTH, CourseMessage, CourseMessageRecipient
from .scheduling import Room, ScheduledSession, Term, Venue

__all__ = [
    "CoverDecision",
    "CoverDeclaration",
    "CoverInvitation",
    "CoverRequest",
    "Debrief",
    "DebriefSection",
    "Attendance",
    "WalkIn",
    "CalendarFeed",
    "Enrolment",
    "Feedback",
    "CollegeSettings",
    "Comment",
    "Course",
    "CourseChange",
    "CourseMessage",
    "CourseMessageRecipient",
    "MESSAGE_MAX_LENGTH",
    "CourseSignOff",
    "GlossaryTerm",
    "Room",
    "ScheduledSession",
    "Term",
    "Venue",
    "Section",
    "SessionPlan",
]
