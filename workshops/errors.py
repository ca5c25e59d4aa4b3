"""Errors the workshops services raise, each with a message for the person reading it."""

from recovery_college import errors as shared


class WorkshopsError(shared.DomainError):
    pass


class NotAllowed(shared.NotAllowed, WorkshopsError):
    pass


class CourseLocked(WorkshopsError):
    message = (
        "This course can no longer be changed here: it is published or archived, or its "
        "pairing is not active."
    )


class ScheduleClash(WorkshopsError):
    message = "That time clashes with another session."
    field = "starts_at"


class StaleEdit(shared.StaleEdit, WorkshopsError):
    """Someone changed the course since the page was opened."""

    message = (
        "Your co-trainer changed this course while you were working on it. Their change is "
        "shown below, and what you typed is still in the form. Check both, then save again."
    )


class CourseFull(WorkshopsError):
    message = (
        "This course is full. You can join the waiting list and we will email you if a "
        "place frees up."
    )


class EnrolmentClosed(WorkshopsError):
    message = "Enrolment for this course is closed."


class OfferExpired(WorkshopsError):
    message = (
        "Sorry, the time to claim this place has passed, so it was offered to the next "
        "person waiting."
    )


class CoverError(WorkshopsError):
    message = "Cover could not be arranged."


class CoverNotNeeded(CoverError):
    message = "This session no longer needs cover."


class CoverAlreadyInvited(CoverError):
    message = (
        "Someone is already invited to cover this session. Wait for their answer, or "
        "withdraw the invitation first."
    )


class CourseBusy(WorkshopsError):
    """The course row stayed locked past `COURSE_LOCK_TIMEOUT_MS` (many people at once):
    nothing was done, and the person can simply try again."""

    message = "Lots of people are enrolling right now — please try again."
    status = 503


class WalkInRefused(WorkshopsError):
    """A walk-in that cannot be added as typed (the message says why, beside the email)."""

    message = "This person could not be added."
    field = "email"


class OverCapacity(WorkshopsError):
    """Adding someone (or marking them as came) would take the people at a session over
    the room's capacity, or the course's places when there is no room capacity. Not a
    block: the person taking the register is told and can go on."""

    def __init__(self, *, people: int, limit: int, where: str, doing: str, counted: str):
        self.people, self.limit, self.where = people, limit, where
        super().__init__(
            f"{doing} makes {people} {counted}, and {where}. Check there is room for "
            "everyone before you go on."
        )


class MessageError(WorkshopsError):
    """A message to a course's students that cannot be sent as it is."""

    message = "The message could not be sent."
    field = "body"


class NobodyToMessage(MessageError):
    message = "Nobody holds a place on this course yet, so there is nobody to send a message to."
    field = "include_waiting"


class MessageOutOfDate(MessageError):
    message = "The page was out of date. Reload it and try again."
    field = None
