"""Debriefs: each trainer who delivered a session records, the day after, who actually led
each section (pre-filled from the plan), what went well, what to change next time, and
optionally something they would like support with, for the readers they choose.

`debriefs_sweep` is the beat job: it opens each due debrief once (and emails its link),
then reminds once if it is not filed within three days. Safe to run as often as wanted."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from trainers.models import Trainer

from ..errors import NotAllowed
from ..models import Course, CoverRequest, Debrief, DebriefSection, ScheduledSession, Section
from .delivery_notify import debrief_notify

REMIND_AFTER = timedelta(days=3)
OPEN_FOR = timedelta(days=28)  # sessions older than this are not asked about any more
LEADS = {"peer", "practitioner", "shared"}


def session_deliverers(session: ScheduledSession, absent_ids=()) -> list[Trainer]:
    """Who delivered the session: its two trainers (after any cover) minus a trainer who
    asked for cover that never came (one-trainer delivery, or cover never arranged)."""
    return [t for t in (session.peer, session.practitioner) if t.pk not in set(absent_ids)]


def _absent_ids(session: ScheduledSession) -> list[int]:
    return list(
        CoverRequest.objects.filter(
            session=session, status__in=[CoverRequest.Status.OPEN, CoverRequest.Status.SOLO]
        ).values_list("absent_trainer_id", flat=True)
    )


def debrief_open(*, session: ScheduledSession, trainer: Trainer) -> tuple[Debrief, bool]:
    """The trainer's debrief of the session, made with one row per planned section (each
    delivered lead defaulting to the planned lead) if it does not exist yet."""
    with transaction.atomic():
        debrief, created = Debrief.objects.get_or_create(session=session, trainer=trainer)
        if created:
            sections = Section.objects.filter(
                plan__course_id=session.course_id, plan__number=session.number
            ).order_by("position", "id")
            DebriefSection.objects.bulk_create(
                DebriefSection(
                    debrief=debrief,
                    section=s,
                    position=i,
                    title=s.title,
                    minutes=s.minutes,
                    planned_lead=s.lead,
                    delivered_lead=s.lead,
                )
                for i, s in enumerate(sections, start=1)
            )
    return debrief, created


def debrief_submit(
    *,
    debrief: Debrief,
    user: User,
    leads: dict[int, str],
    went_well: str = "",
    change_next: str = "",
    support_note: str = "",
    support_readers: str = Debrief.Readers.MANAGER,
) -> Debrief:
    """File (or correct) one's own debrief. `leads` maps DebriefSection ids to who led."""
    if debrief.trainer.user_id != user.pk:
        raise NotAllowed("Only the trainer who wrote a debrief can change it.")
    if support_readers not in Debrief.Readers.values:
        raise NotAllowed(
            "Choose who may read what you would like support with.", field="support_readers"
        )
    with transaction.atomic():
        debrief = Debrief.objects.select_for_update().get(pk=debrief.pk)
        rows = {row.pk: row for row in debrief.sections.all()}
        for row_id, lead in leads.items():
            if row_id not in rows:
                raise NotAllowed("That part is not in this session's plan.")
            if lead not in LEADS:
                raise NotAllowed(f"Choose who led “{rows[row_id].title}”.", field=f"lead-{row_id}")
        for row_id, lead in leads.items():
            if rows[row_id].delivered_lead != lead:
                rows[row_id].delivered_lead = lead
                rows[row_id].save(update_fields=["delivered_lead"])
        note_before = debrief.support_note
        debrief.went_well = (went_well or "").strip()
        debrief.change_next = (change_next or "").strip()
        debrief.support_note = (support_note or "").strip()
        debrief.support_readers = support_readers
        debrief.submitted_at = debrief.submitted_at or timezone.now()
        debrief.save()
        if debrief.support_note or note_before:
            audit_record(
                actor=user,
                action=AuditEvent.Action.CREATE if not note_before else AuditEvent.Action.CHANGE,
                obj=debrief,
            )
    return debrief


def debriefs_sweep(*, now: datetime | None = None) -> int:
    """Beat: open the debriefs that fall due (the day after a session) and email each
    trainer once; remind once after three days. Returns how many emails were queued."""
    now = now or timezone.now()
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    sent = 0
    held = (
        ScheduledSession.objects.filter(
            cancelled=False,
            starts_at__lt=today_start,
            starts_at__gte=now - OPEN_FOR,
            course__status__in=[Course.Status.PUBLISHED, Course.Status.ARCHIVED],
        )
        .select_related("course", "peer__user", "practitioner__user")
        .order_by("starts_at")
    )
    for session in held:
        for trainer in session_deliverers(session, _absent_ids(session)):
            with transaction.atomic():
                debrief, _ = debrief_open(session=session, trainer=trainer)
                if Debrief.objects.filter(pk=debrief.pk, invited_at__isnull=True).update(
                    invited_at=now
                ):
                    debrief_notify(debrief=debrief, reminder=False)
                    sent += 1
    overdue = Debrief.objects.filter(
        submitted_at__isnull=True, reminded_at__isnull=True, invited_at__lte=now - REMIND_AFTER
    ).select_related("session__course", "trainer__user")
    for debrief in overdue:
        with transaction.atomic():
            if Debrief.objects.filter(pk=debrief.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                debrief_notify(debrief=debrief, reminder=True)
                sent += 1
    return sent
