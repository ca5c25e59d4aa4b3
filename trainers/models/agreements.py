import functools
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .pairings import Pairing
from .people import Trainer

DEFAULT_HEADINGS = [
    {
        "heading": "How we raise concerns with each other",
        "prompt": "Who speaks first, where and how soon. For example: we talk privately "
        "after the session, within a week, and either of us can ask a manager to join.",
        "required": True,
    },
    {
        "heading": "How we keep respect between us",
        "prompt": "How both our voices count equally, in planning and in front of the group, "
        "and what we do when we disagree.",
        "required": True,
    },
    {
        "heading": "What happens if either of us becomes unwell",
        "prompt": "Before or during a session: who tells whom, how, and whether the session "
        "goes ahead.",
        "required": True,
    },
    {
        "heading": "How we support each other",
        "prompt": "As colleagues, not as clinician and patient: how either of us asks for "
        "support, what support we give, and who else we can turn to.",
        "required": True,
    },
    {
        "heading": "When we will review this",
        "prompt": "For example: after our first course together, and at least every six "
        "months. Set the review date below as well.",
        "required": True,
    },
    {
        "heading": "How we share the lead",
        "prompt": "Who leads which parts, and how we decide.",
        "required": False,
    },
    {
        "heading": "What we each share about ourselves, and what stays private",
        "prompt": "Each of us decides what we disclose. Say what you are both comfortable with.",
        "required": False,
    },
    {
        "heading": "How we give each other feedback",
        "prompt": "For example: a short debrief after every session.",
        "required": False,
    },
]

# Words that hold a place rather than say anything (compared without case, spaces or
# punctuation): a required heading with only one of these is not written yet.
PLACEHOLDERS = {
    "tbc",
    "tbd",
    "todo",
    "na",
    "none",
    "nil",
    "xxx",
    "xx",
    "x",
    "tobeagreed",
    "tobeconfirmed",
    "tobedecided",
    "toagree",
    "later",
    "pending",
    "notwrittenyet",
}


_NOT_LETTERS = re.compile(r"[\W_]+")  # compiled once: the College page judges every agreement


def _squashed(text: str) -> str:
    return _NOT_LETTERS.sub("", text or "").casefold()


@functools.lru_cache(maxsize=256)
def _squashed_prompt(prompt: str) -> str:
    """A heading's guidance squashed once per process: the guidance comes from the
    college's template, a handful of texts every agreement repeats, and the College page
    judges every live agreement on each load."""
    return _squashed(prompt)


def section_is_written(section: dict) -> bool:
    """Has the pair written something real under this heading? Not when it is empty, has
    no letters, is a placeholder (TBC, TODO, n/a, xxx, "to be agreed"…) or repeats the
    template's guidance for the heading."""
    text = (section.get("text") or "").strip()
    if not any(ch.isalpha() for ch in text):
        return False
    squashed = _squashed(text)
    if squashed in PLACEHOLDERS or set(squashed) <= {"x"}:
        return False
    prompt = section.get("prompt") or ""
    return not (prompt and squashed == _squashed_prompt(prompt))


def sections_missing(sections: list[dict]) -> list[tuple[int, str]]:
    """(index, heading) of every required heading not written yet. Sections saved before
    headings could be optional have no "required" key: they count as required."""
    return [
        (index, section["heading"])
        for index, section in enumerate(sections or [])
        if section.get("required", True) and not section_is_written(section)
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
    # [{"heading": str, "text": str, "required": bool, "prompt": str}, ...]; "required"
    # and "prompt" are copied from the template when the agreement starts (older rows
    # lack them: such a heading counts as required).
    sections = models.JSONField(default=list)
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

    @property
    def missing(self) -> list[tuple[int, str]]:
        """Required headings not written yet, as (index, heading)."""
        return sections_missing(self.sections)


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
