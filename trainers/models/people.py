from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Topic(models.Model):
    """A subject the college teaches (e.g. "Sleep and wellbeing"). Managers keep the list."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Trainer(models.Model):
    """A trainer profile: having an active one makes a user a trainer."""

    class Kind(models.TextChoices):
        PEER = "peer", "Peer Trainer"
        PRACTITIONER = "practitioner", "Practitioner Trainer"

    class PublicName(models.TextChoices):
        FULL = "full", "My full name"
        FIRST = "first", "My first name only"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    profession = models.CharField(
        max_length=100,
        blank=True,
        help_text="For example: mental health nurse, clinical psychologist, social worker.",
    )
    public_name_style = models.CharField(
        "name shown to students",
        max_length=10,
        choices=PublicName.choices,
        default=PublicName.FULL,
        help_text="Peer Trainers may choose to show their first name only.",
    )
    bio = models.TextField(
        "about me",
        blank=True,
        max_length=2000,
        help_text="Shown to students in the prospectus. Share only what you are happy to share.",
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="trainers", verbose_name="topics I like to teach"
    )
    availability_notes = models.TextField(
        blank=True,
        max_length=1000,
        help_text="For example: weekday mornings; not in August. Seen by managers only.",
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
            models.CheckConstraint(
                condition=Q(kind="peer") | Q(public_name_style="full"),
                name="trainer_first_name_only_for_peers",
            ),
        ]

    def __str__(self):
        return f"{self.user.full_name} ({self.get_kind_display()})"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PEER and self.profession:
            errors["profession"] = "Only Practitioner Trainers record a profession."
        if self.kind == self.Kind.PRACTITIONER and not self.profession:
            errors["profession"] = "Enter the practitioner's profession, for example nurse."
        if self.kind == self.Kind.PRACTITIONER and self.public_name_style == self.PublicName.FIRST:
            errors["public_name_style"] = "Practitioner Trainers are shown by their full name."
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        return self.user.full_name

    @property
    def public_name(self) -> str:
        if self.public_name_style == self.PublicName.FIRST:
            return self.user.get_short_name()
        return self.user.full_name

    @property
    def is_peer(self) -> bool:
        return self.kind == self.Kind.PEER

    @property
    def is_practitioner(self) -> bool:
        return self.kind == self.Kind.PRACTITIONER
