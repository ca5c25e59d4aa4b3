"""The emails of cover and debriefs, through the outbox (after commit, once each), using
notify.py's one fan-out helper. No email says why a trainer cannot come: the cover note
stays on the managers' page."""

from django.db.models import Q
from django.utils import timezone

from recovery_college.accounts.models import MANAGERS_GROUP, User

from ..models import CoverInvitation, CoverRequest, Debrief
from ..selectors.cover import staying_trainer
from .notify import Recipient, email_each, when_long, where


def managers() -> list[Recipient]:
    people = User.objects.filter(
        Q(groups__name=MANAGERS_GROUP) | Q(is_superuser=True), is_active=True
    ).distinct()
    return [Recipient(person, f"m{person.pk}", context={"manager": True}) for person in people]


def _trainer(trainer) -> Recipient:
    return Recipient(trainer.user, f"t{trainer.pk}", True, {"trainer": trainer})


SUBJECTS = {
    "needed": "Session {number} of “{title}” needs cover",
    "invited": "Can you cover session {number} of “{title}”?",
    "question": "{cover} may cover session {number} of “{title}”: one private question",
    "declined": "{cover} cannot cover session {number} of “{title}”",
    "needs_decision": "Cover for session {number} of “{title}” needs your decision",
    "arranged": "Cover arranged: session {number} of “{title}”",
    "ended": "Session {number} of “{title}” has moved: you are no longer covering it",
}


def cover_notify(
    *, cover_request: CoverRequest, event: str, invitation: CoverInvitation | None = None
) -> None:
    """One notice per event: who hears what is decided here."""
    session = cover_request.session
    course = session.course
    staying = staying_trainer(cover_request)
    context = {
        "event": event,
        "cover_request": cover_request,
        "session": session,
        "course": course,
        "when": when_long(session.starts_at),
        "where": where(session),
        "absent": cover_request.absent_trainer,
        "staying": staying,
        "invitation": invitation,
        "cover": invitation.trainer if invitation else cover_request.cover_trainer,
    }
    subject = SUBJECTS[event].format(
        number=session.number,
        title=course.title,
        cover=context["cover"].name if context["cover"] else "",
    )
    key = f"cover:{cover_request.pk}:{event}:{invitation.pk if invitation else 0}:{{who}}"
    if event in ("needed", "declined", "needs_decision"):
        recipients = managers()
    elif event == "invited":
        recipients = [_trainer(invitation.trainer)]
        email_each(
            [_trainer(staying)],
            subject=SUBJECTS["question"].format(
                cover=invitation.trainer.name, number=session.number, title=course.title
            ),
            template="cover_notice",
            context={**context, "event": "question"},
            key=f"cover:{cover_request.pk}:question:{invitation.pk}:{{who}}",
        )
    elif event == "ended":  # the session moved: the pair teach it at its new time
        recipients = [_trainer(cover_request.cover_trainer)]
    else:  # arranged
        recipients = [_trainer(staying), _trainer(invitation.trainer), *managers()]
    email_each(recipients, subject=subject, template="cover_notice", context=context, key=key)


def debrief_notify(*, debrief: Debrief, reminder: bool) -> None:
    session = debrief.session
    course = session.course
    email_each(
        [_trainer(debrief.trainer)],
        subject=(
            f"Reminder: your debrief of “{course.title}”, session {session.number}"
            if reminder
            else f"How did session {session.number} of “{course.title}” go?"
        ),
        template="debrief_request",
        context={
            "debrief": debrief,
            "session": session,
            "course": course,
            "reminder": reminder,
            "day": f"{timezone.localtime(session.starts_at):%A %-d %B}",
        },
        key=f"debrief:{debrief.pk}:{'reminder' if reminder else 'request'}:{{who}}",
    )
