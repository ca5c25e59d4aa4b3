from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .pairings import Pairing
from .people import Trainer

DEFAULT_HEADINGS = [
    {
        "heading": "How we raise concerns with each other",
        "prompt": "For example: we talk privately after the session, within a week.",
    },
    {
        "heading": "If one of us becomes unwell before or during a session",
        "prompt": "Who tells whom, how, and whether the session goes ahead.",
    },
    {
        "heading": "How we share the lead",
        "prompt": "Who leads which parts, and how we decide.",
    },
    {
        "heading": "What we each share about ourselves, and what stays private",
        "prompt": "Each of us decides what we disclose. Say what you are both comfortable with.",
    },
    {
        "heading": "How we give each other feedback",
        "prompt": "For example: a short debrief after every session.",
    },
]


class AgreementTemplate(models.Model):
    """The college's starting headings for every new co-working agreement (one row)."""

    headings = models.JSONField(default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="agreement_template_single")]

    def __str__(self):
        return "Co-working agreement template"

    @classmethod
    def load(cls) -> "AgreementTemplate":
        template, _ = cls.objects.get_or_create(pk=1, defaults={"headings": DEFAULT_HEADINGS})
        return template


class Agreement(models.Model):
    """A pair's co-working agreement. `version` is the number of its current version."""

    pairing = models.OneToOneField(Pairing, on_delete=models.CASCADE, related_name="agreement")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive")
        ]

    def __str__(self):
        return f"Agreement #{self.pk}"

    def current(self) -> "AgreementVersion":
        return self.versions.get(number=self.version)


class AgreementVersion(models.Model):
    """One saved state of an agreement. Never changed once written."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=list)  # [{"heading": str, "text": str}, ...]
    review_date = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="agreement_version_number_positive"
            ),
        ]

    def __str__(self):
        return f"Version {self.number}"


class AgreementConsent(models.Model):
    """A trainer's agreement to one specific version."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="consents")
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "trainer"], name="agreement_consent_once"),
        ]

    def __str__(self):
        return f"Consent #{self.pk}"
