"""From plan to delivery: cover when a trainer cannot come, and the pair's debrief after
each session.

Cover notes and support notes are health information (DOMAIN.md point 8): a cover note is
read by managers only; a support note by the readers its writer chose. Students never see
why a trainer is covered; the public page only names who is covering."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trainers.models import Declaration, Trainer


class CoverRequest(models.Model):
    """A trainer cannot come to one session. `open` until a manager finds cover (`covered`,
    the session's trainer is swapped for that session only), records that one trainer
    delivered it (`solo`), or the trainer can come after all (`withdrawn`)."""

    class Status(models.TextChoices):
        OPEN = "open", "Needs cover"
        COVERED = "covered", "Covered"
        SOLO = "solo", "Delivered by one trainer"
        WITHDRAWN = "withdrawn", "Withdrawn: the trainer can come"

    LIVE = (Status.OPEN, Status.COVERED, Status.SOLO)

    session = models.ForeignKey(
        "workshops.ScheduledSession", on_delete=models.CASCADE, related_name="cover_requests"
    )
    absent_trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(
        "anything the college managers should know (optional)",
        blank=True,
        max_length=2000,
        help_text="Only the college managers read this. You do not have to give a reason.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    cover_trainer = models.ForeignKey(
        Trainer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "absent_trainer"],
                condition=Q(status__in=["open", "covered", "solo"]),
                name="cover_request_one_live_per_trainer",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "covered", "solo", "withdrawn"]),
                name="cover_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="covered") | Q(cover_trainer__isnull=False),
                name="cover_request_covered_names_cover",
            ),
        ]

    def __str__(self):
        return f"Cover request #{self.pk}"


class CoverInvitation(models.Model):
    """A manager asks one trainer to cover. At most one invitation per request is live at
    a time (a partial unique constraint, behind the course lock), so two managers inviting
    at once end with one invitation and one cover."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        NEEDS_DECISION = "needs_decision", "A relationship was declared: waiting for a manager"
        ACCEPTED = "accepted", "Accepted: covering"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE = (Status.INVITED, Status.NEEDS_DECISION)

    request = models.ForeignKey(CoverRequest, on_delete=models.CASCADE, related_name="invitations")
    trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    said_yes = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["invited", "needs_decision"]),
                name="cover_invitation_one_live_per_request",
                violation_error_message="Someone is already invited to cover this session.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["invited", "needs_decision", "accepted", "declined", "withdrawn"]
                ),
                name="cover_invitation_status_valid",
            ),
        ]

    def __str__(self):
        return f"Cover invitation #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class CoverDeclaration(models.Model):
    """The same private conflict question as for a pairing, answered by the cover trainer
    and by the trainer who stays, about each other. Seen by its writer and managers."""

    Answer = Declaration.Answer

    invitation = models.ForeignKey(
        CoverInvitation, on_delete=models.CASCADE, related_name="declarations"
    )
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=20, choices=Declaration.Answer.choices)
    details = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "trainer"], name="cover_declaration_one_each"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["none", "i_treat", "treats_me", "other"]),
                name="cover_declaration_answer_valid",
            ),
            models.CheckConstraint(
                condition=~Q(answer="other") | ~Q(details=""),
                name="cover_declaration_other_has_details",
            ),
        ]

    def __str__(self):
        return f"Cover declaration #{self.pk}"

    @property
    def declares_relationship(self) -> bool:
        return self.answer != Declaration.Answer.NONE


class CoverDecision(models.Model):
    """A manager's decision on a cover invitation where a relationship was declared."""

    class Outcome(models.TextChoices):
        PROCEED = "proceed", "Go ahead with this cover"
        WITHDRAW = "withdraw", "Withdraw the invitation and find someone else"

    invitation = models.OneToOneField(
        CoverInvitation, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField(max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="cover_decision_has_reasons")
        ]

    def __str__(self):
        return f"Cover decision #{self.pk}"


class Debrief(models.Model):
    """One trainer's debrief of one session they delivered. Made (empty) when it falls due,
    the day after the session; `submitted_at` once filed."""

    class Readers(models.TextChoices):
        MANAGER = "manager", "The college managers only"
        PAIR = "pair", "My co-trainer and the college managers"

    session = models.ForeignKey(
        "workshops.ScheduledSession", on_delete=models.CASCADE, related_name="debriefs"
    )
    trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="debriefs")
    went_well = models.TextField("what went well", blank=True, max_length=3000)
    change_next = models.TextField("what to change next time", blank=True, max_length=3000)
    support_note = models.TextField(
        "anything you would like support with (optional)", blank=True, max_length=3000
    )
    support_readers = models.CharField(
        "who may read it", max_length=10, choices=Readers.choices, default=Readers.MANAGER
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="debrief_one_each"),
            models.CheckConstraint(
                condition=Q(support_readers__in=["manager", "pair"]),
                name="debrief_support_readers_valid",
            ),
        ]

    def __str__(self):
        return f"Debrief #{self.pk}"


class DebriefSection(models.Model):
    """Who actually led one planned section, as this debrief records it (pre-filled from
    the plan). Title and minutes are copied so later plan edits do not rewrite history."""

    LEADS = [("peer", "Peer Trainer"), ("practitioner", "Practitioner Trainer"), ("shared", "Both")]

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(
        "workshops.Section", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=120)
    minutes = models.PositiveSmallIntegerField()
    planned_lead = models.CharField(max_length=20, choices=LEADS)
    delivered_lead = models.CharField(max_length=20, choices=LEADS)

    class Meta:
        ordering = ["debrief", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_lead__in=["peer", "practitioner", "shared"])
                & Q(planned_lead__in=["peer", "practitioner", "shared"]),
                name="debrief_section_leads_valid",
            ),
        ]

    def __str__(self):
        return self.title
