from django.db.models import QuerySet

from .models import Trainer


def trainer_list_for_college(*, kind: str | None = None) -> QuerySet[Trainer]:
    """Trainers for the managers' overview, with their user rows in the same query."""
    trainers = Trainer.objects.select_related("user").order_by("kind", "user__full_name")
    if kind:
        trainers = trainers.filter(kind=kind)
    return trainers
