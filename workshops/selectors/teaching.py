"""What a trainer teaches: their courses and their sessions coming up (My workshops)."""

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from trainers.models import Pairing, Trainer

from ..models import Course, ScheduledSession


def course_list_for_trainer(*, trainer: Trainer) -> QuerySet[Course]:
    return (
        Course.objects.filter(is_template=False, pairing__in=_pairings_of(trainer))
        .select_related("pairing__peer__user", "pairing__practitioner__user", "topic")
        .order_by("-updated_at")
    )


def _pairings_of(trainer: Trainer):
    return Pairing.objects.filter(peer=trainer) | Pairing.objects.filter(practitioner=trainer)


def teaching_soon(*, trainer: Trainer, days: int = 14) -> list:
    """The trainer's published sessions from today for `days` days, for registers (1 query)."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return list(
        ScheduledSession.objects.filter(
            Q(peer=trainer) | Q(practitioner=trainer),
            cancelled=False,
            course__status=Course.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=days),
        )
        .select_related("course", "room__venue")
        .order_by("starts_at")
    )
