"""Reads for debriefs. Support notes reach exactly the readers their writer chose; the
views record every reading of one in the audit log (without its content)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from trainers.models import Trainer

from ..models import Course, Debrief, DebriefSection, ScheduledSession
from ..permissions import can_read_support_note, can_view_debrief

_RELATED = (
    "session__course__pairing",
    "session__peer__user",
    "session__practitioner__user",
    "trainer__user",
)


def _sections():
    return Prefetch("sections", queryset=DebriefSection.objects.order_by("position", "id"))


def debriefs_to_do(*, trainer: Trainer) -> list[Debrief]:
    """The trainer's debriefs still to file, oldest session first: 1 query."""
    return list(
        Debrief.objects.filter(trainer=trainer, submitted_at__isnull=True)
        .select_related("session__course")
        .order_by("session__starts_at")
    )


def debrief_get_own(*, user, pk: int) -> Debrief:
    """The user's own debrief, to fill in (404 for anyone else)."""
    debrief = get_object_or_404(
        Debrief.objects.select_related(*_RELATED).prefetch_related(_sections()), pk=pk
    )
    if not user.is_authenticated or debrief.trainer.user_id != user.pk:
        raise Http404
    return debrief


def session_get_for_debriefs(*, user, pk: int) -> ScheduledSession:
    session = get_object_or_404(
        ScheduledSession.objects.select_related(
            "course__pairing__peer__user",
            "course__pairing__practitioner__user",
            "peer__user",
            "practitioner__user",
        ),
        pk=pk,
    )
    probe = Debrief(session=session)
    if not can_view_debrief(user, probe):
        raise Http404
    return session


def session_debriefs(*, user, session: ScheduledSession) -> list[Debrief]:
    """The session's filed debriefs, each with `visible_support_note` set to its support
    note only where `user` is one of the readers its writer chose: 2 queries."""
    debriefs = list(
        Debrief.objects.filter(session=session, submitted_at__isnull=False)
        .select_related("trainer__user")
        .prefetch_related(_sections())
    )
    for debrief in debriefs:
        debrief.session = session
        debrief.visible_support_note = (
            debrief.support_note if can_read_support_note(user, debrief) else ""
        )
    return debriefs


def course_changes_noted(*, course: Course) -> list[Debrief]:
    """ "Changes the pair noted last time": what to change, from the filed debriefs of the
    course this one was copied from (shown to the pair and managers): 1 query."""
    if not course.copied_from_id:
        return []
    return list(
        Debrief.objects.filter(session__course_id=course.copied_from_id, submitted_at__isnull=False)
        .exclude(change_next="")
        .select_related("session", "trainer__user")
        .order_by("session__number", "id")
    )


def sessions_held(*, course: Course) -> list[ScheduledSession]:
    """The course's sessions that have started (for links to their debriefs): 1 query."""
    from django.utils import timezone

    if course.is_template:
        return []
    return list(
        ScheduledSession.objects.filter(
            course=course, cancelled=False, starts_at__lt=timezone.now()
        ).order_by("number")
    )
