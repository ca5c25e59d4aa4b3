from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .people import Trainer


class Pairing(models.Model):
    """One Peer and one Practitioner Trainer who plan and teach together for a period."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE = (Status.PROPOSED, Status.ACTIVE)

    peer = models.ForeignKey(
        Trainer,
        on_delete=models.PROTECT,
        related_name="pairings_as_peer",
        limit_choices_to={"kind": Trainer.Kind.PEER},
        verbose_name="Peer Trainer",
    )
    practitioner = models.ForeignKey(
        Trainer,
        on_delete=models.PROTECT,
        related_name="pairings_as_practitioner",
        limit_choices_to={"kind": Trainer.Kind.PRACTITIONER},
        verbose_name="Practitioner Trainer",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(peer=F("practitioner")), name="pairing_not_self"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pairing_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "active", "ended", "withdrawn"]),
                name="pairing_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(end_date__isnull=False),
                name="pairing_ended_has_end_date",
            ),
            models.UniqueConstraint(
                fields=["peer", "practitioner"],
                condition=Q(status__in=["proposed", "active"]),
                name="pairing_one_live_per_pair",
                violation_error_message="These two trainers already have a live pairing.",
            ),
        ]

    def __str__(self):
        return f"{self.peer.name} & {self.practitioner.name}"

    def clean(self):
        errors = {}
        if self.peer_id and self.practitioner_id and self.peer_id == self.practitioner_id:
            errors["practitioner"] = "A trainer cannot be paired with themselves."
        if self.peer_id and self.peer.kind != Trainer.Kind.PEER:
            errors["peer"] = f"{self.peer.name} is not a Peer Trainer."
        if self.practitioner_id and self.practitioner.kind != Trainer.Kind.PRACTITIONER:
            errors["practitioner"] = f"{self.practitioner.name} is not a Practitioner Trainer."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def trainers(self) -> tuple[Trainer, Trainer]:
        return (self.peer, self.practitioner)

    def trainer_for(self, user) -> Trainer | None:
        """The pair member who is `user`, or None."""
        for trainer in self.trainers:
            if trainer.user_id == user.pk:
                return trainer
        return None

    def co_trainer_of(self, trainer: Trainer) -> Trainer:
        return self.practitioner if trainer.pk == self.peer_id else self.peer

    def declarations_open(self) -> bool:
        """Trainers may give or change their answer while the pairing is proposed and no
        manager has decided on it. Whether a trainer may answer never depends on the
        co-trainer's answer: that would tell them something about it."""
        return self.status == self.Status.PROPOSED and not hasattr(self, "decision")

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def days_together(self) -> int:
        """Days this pairing has run (0 while proposed or if it starts in the future)."""
        if self.status in (self.Status.PROPOSED, self.Status.WITHDRAWN):
            return 0
        until = self.end_date or timezone.localdate()
        return max((until - self.start_date).days, 0)


class Declaration(models.Model):
    """A trainer's private answer: is there a relationship with the co-trainer that could
    conflict? Seen by the trainer who made it and by managers, never by the co-trainer."""

    class Answer(models.TextChoices):
        NONE = "none", "No, there is no relationship that could conflict"
        I_TREAT = "i_treat", "I am, or was, their treating clinician or care coordinator"
        TREATS_ME = "treats_me", "They are, or were, my treating clinician or care coordinator"
        OTHER = "other", "Another relationship that could conflict"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="declarations")
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="declarations")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    details = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "trainer"], name="declaration_one_each"),
            models.CheckConstraint(
                condition=~Q(answer="other") | ~Q(details=""),
                name="declaration_other_has_details",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["none", "i_treat", "treats_me", "other"]),
                name="declaration_answer_valid",
            ),
        ]

    def __str__(self):
        return f"Declaration #{self.pk}"

    @property
    def declares_relationship(self) -> bool:
        return self.answer != self.Answer.NONE


class ConflictDecision(models.Model):
    """A manager's decision on a proposed pairing where a relationship was declared."""

    class Outcome(models.TextChoices):
        PROCEED = "proceed", "Go ahead with this pairing"
        WITHDRAW = "withdraw", "Withdraw the proposal"

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    support_contact = models.CharField(
        "independent support contact",
        max_length=200,
        blank=True,
        help_text=(
            "Someone outside the pair whom either trainer can go to, e.g. a named supervisor."
        ),
    )
    reasons = models.TextField(max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="proceed") | ~Q(support_contact=""),
                name="decision_proceed_names_support_contact",
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="decision_has_reasons"),
        ]

    def __str__(self):
        return f"Decision on pairing #{self.pairing_id}: {self.outcome}"
