from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.notifications.services import email_queue_template

from ..errors import AgreementIncomplete, NotAllowed, StaleEdit
from ..models import Agreement, AgreementConsent, AgreementTemplate, AgreementVersion, Pairing
from ..permissions import can_edit_agreement_template
from .notify import email_pair

FIRST_REVIEW_AFTER = timedelta(days=182)
REMINDER_BEFORE = timedelta(days=7)
MAX_SECTION_LENGTH = 5000


def agreement_create(*, pairing: Pairing) -> Agreement:
    """Start a pairing's agreement from the college template: version 1, headings with
    empty text (each keeps whether it is required and its guidance, so the version can be
    judged complete on its own), a first review about six months after the pairing
    starts."""
    template = AgreementTemplate.load()
    agreement = Agreement.objects.create(pairing=pairing, version=1)
    AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        sections=[
            {
                "heading": h["heading"],
                "text": "",
                "required": bool(h.get("required", True)),
                "prompt": h.get("prompt", ""),
            }
            for h in template.headings
        ],
        review_date=max(pairing.start_date, timezone.localdate()) + FIRST_REVIEW_AFTER,
        author=None,
    )
    return agreement


def _locked_for_pair(agreement: Agreement, user: User):
    """Lock the agreement row and return (agreement, the user's Trainer in the pair)."""
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("pairing__peer__user", "pairing__practitioner__user")
        .get(pk=agreement.pk)
    )
    trainer = agreement.pairing.trainer_for(user)
    if trainer is None:
        raise NotAllowed("Only the two trainers in the pairing can change or agree this.")
    if agreement.pairing.status != Pairing.Status.ACTIVE:
        raise NotAllowed("The agreement can only be changed or agreed while the pairing is active.")
    return agreement, trainer


def agreement_edit(
    *,
    agreement: Agreement,
    user: User,
    base_version: int,
    texts: list[str],
    review_date: date,
) -> AgreementVersion:
    """Save an edit as a new version. Refused with StaleEdit when someone saved since
    `base_version` was read, so nobody's words are silently overwritten. A real change
    clears both trainers' agreement (they agreed an older version) and tells the
    co-trainer if either had agreed."""
    with transaction.atomic():
        agreement, trainer = _locked_for_pair(agreement, user)
        if agreement.version != base_version:
            raise StaleEdit(current_version=agreement.version)
        current = agreement.versions.get(number=agreement.version)
        if len(texts) != len(current.sections):
            raise NotAllowed("The agreement's headings have changed. Reload the page.")
        if any(len(text) > MAX_SECTION_LENGTH for text in texts):
            raise NotAllowed(f"Each part can be at most {MAX_SECTION_LENGTH} characters.")
        # Each section keeps its heading, whether it is required and its guidance.
        sections = [
            {**section, "text": text.strip()}
            for section, text in zip(current.sections, texts, strict=True)
        ]
        if sections == current.sections and review_date == current.review_date:
            return current
        had_consents = current.consents.exists()
        new = AgreementVersion.objects.create(
            agreement=agreement,
            number=current.number + 1,
            sections=sections,
            review_date=review_date,
            author=user,
        )
        agreement.version = new.number
        agreement.save(update_fields=["version"])
        audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=agreement)
        if had_consents:
            co_trainer = agreement.pairing.co_trainer_of(trainer)
            email_queue_template(
                to=co_trainer.user.email,
                subject="Your co-working agreement changed: please read and agree again",
                template="agreement_changed",
                context={
                    "agreement": agreement,
                    "editor": trainer,
                    "trainer": co_trainer,
                    "version": new,
                },
                idempotency_key=f"agreement-changed:{agreement.pk}:{new.number}",
            )
    return new


def agreement_consent(*, agreement: Agreement, user: User, version: int) -> AgreementConsent:
    """Record that the user's trainer agrees `version`, which must be the current one and
    complete: every required heading written (not empty, not a placeholder such as "TBC",
    not the template's guidance)."""
    with transaction.atomic():
        agreement, trainer = _locked_for_pair(agreement, user)
        if agreement.version != version:
            raise StaleEdit(
                current_version=agreement.version,
                message="The agreement changed after you opened it. Read the new version, "
                "then agree if you are happy with it.",
            )
        current = agreement.versions.get(number=version)
        if current.review_date < timezone.localdate():
            raise NotAllowed(
                "This version's review date has passed, so it cannot come into force. "
                "Edit the agreement to set a new review date, then both agree the new version."
            )
        missing = current.missing
        if missing:
            raise AgreementIncomplete([heading for _, heading in missing])
        consent, created = AgreementConsent.objects.get_or_create(version=current, trainer=trainer)
        if created:
            audit_record(actor=user, action=AuditEvent.Action.AGREE, obj=agreement)
        if current.consents.count() == 2:
            email_pair(
                pairing=agreement.pairing,
                subject="Your co-working agreement is in force",
                template="agreement_in_force",
                key=f"agreement-in-force:{current.pk}",
                agreement=agreement,
                version=current,
            )
    return consent


def agreement_template_update(*, user: User, headings: list[dict]) -> AgreementTemplate:
    """Managers change the headings new agreements start from, and mark each required (the
    pair must write it before they can agree) or optional. Existing agreements keep
    theirs."""
    if not can_edit_agreement_template(user):
        raise NotAllowed("Only a college manager can change the template.")
    cleaned = [
        {
            "heading": h["heading"].strip(),
            "prompt": (h.get("prompt") or "").strip(),
            "required": bool(h.get("required")),
        }
        for h in headings
        if h.get("heading", "").strip()
    ]
    if not cleaned:
        raise NotAllowed("The template needs at least one heading.")
    if len({h["heading"].casefold() for h in cleaned}) != len(cleaned):
        # Versions are compared heading by heading, so each must be different.
        raise NotAllowed("Each heading must be different.")
    with transaction.atomic():
        template = AgreementTemplate.load()
        template.headings = cleaned
        template.updated_by = user
        template.save()
    return template


def agreement_review_reminders_send(*, today: date | None = None) -> int:
    """Beat job: email each active pair a week before their agreement's review date and
    when it has passed. Each email goes once per version (the outbox key sees to it).
    Returns how many reminders are due, sent before or now."""
    today = today or timezone.localdate()
    queued = 0
    versions = (
        AgreementVersion.objects.filter(
            agreement__pairing__status=Pairing.Status.ACTIVE,
            number=F("agreement__version"),  # only the current version's date counts
            review_date__lte=today + REMINDER_BEFORE,
        )
        .select_related("agreement__pairing__peer__user", "agreement__pairing__practitioner__user")
        .order_by("id")
    )
    for version in versions:
        passed = version.review_date < today
        kind = "passed" if passed else "soon"
        email_pair(
            pairing=version.agreement.pairing,
            subject=(
                "Your co-working agreement's review date has passed"
                if passed
                else "Your co-working agreement is due for review next week"
            ),
            template=f"agreement_review_{kind}",
            key=f"agreement-review-{kind}:{version.pk}",
            agreement=version.agreement,
            version=version,
        )
        queued += 2
    return queued
