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

__all__ = [
    "CollegeSettings",
    "Comment",
    "Course",
    "CourseChange",
    "CourseSignOff",
    "GlossaryTerm",
    "Section",
    "SessionPlan",
]
