from django.conf import settings
from django.db import models
from django.db.models import Q


class Trainer(models.Model):
    """A trainer profile: having one (and it being active) makes a user a trainer."""

    class Kind(models.TextChoices):
        PEER = "peer", "Peer Trainer"
        PRACTITIONER = "practitioner", "Practitioner Trainer"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    profession = models.CharField(
        max_length=100,
        blank=True,
        help_text="Practitioner Trainers only: for example mental health nurse, psychologist.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["peer", "practitioner"]), name="trainer_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="practitioner") | Q(profession=""),
                name="trainer_profession_only_for_practitioners",
            ),
        ]

    def __str__(self):
        return f"{self.user.full_name} ({self.get_kind_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.PEER and self.profession:
            raise ValidationError({"profession": "Only Practitioner Trainers record a profession."})

    @property
    def is_peer(self) -> bool:
        return self.kind == self.Kind.PEER

    @property
    def is_practitioner(self) -> bool:
        return self.kind == self.Kind.PRACTITIONER
