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
        OTHER = "other", "Another name I give"

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
        "name shown to the public",
        max_length=10,
        choices=PublicName.choices,
        default=PublicName.FULL,
        help_text="How your name appears on the prospectus and course pages.",
    )
    public_name_other = models.CharField(
        "the name to show",
        max_length=60,
        blank=True,
        help_text="For example a first name and initial, or a name you teach under.",
    )
    # A name on a mental-health prospectus can be a public sign of lived experience, so it
    # is the trainer's choice: none of their courses is published until they have made it.
    public_name_chosen_at = models.DateTimeField(null=True, blank=True)
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
                condition=~Q(public_name_style="other") | ~Q(public_name_other=""),
                name="trainer_other_public_name_given",
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
        if self.public_name_style == self.PublicName.OTHER and not self.public_name_other.strip():
            errors["public_name_other"] = "Enter the name you would like to be shown."
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        return self.user.full_name

    @property
    def public_name(self) -> str:
        return self.public_name_as(self.public_name_style, self.public_name_other)

    def public_name_as(self, style: str, other: str = "") -> str:
        """How the name reads on public pages with this choice (for previews too)."""
        if style == self.PublicName.FIRST:
            return self.user.get_short_name()
        if style == self.PublicName.OTHER and other.strip():
            return other.strip()
        return self.user.full_name

    @property
    def public_name_chosen(self) -> bool:
        return self.public_name_chosen_at is not None

    @property
    def is_peer(self) -> bool:
        return self.kind == self.Kind.PEER

    @property
    def is_practitioner(self) -> bool:
        return self.kind == self.Kind.PRACTITIONER
