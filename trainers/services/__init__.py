"""Every write in the trainers app that spans rows, takes a lock or has side effects."""

from .agreements import (
    agreement_consent,
    agreement_create,
    agreement_edit,
    agreement_review_reminders_send,
    agreement_template_update,
)
from .invitations import trainer_invite, trainer_public_name_choose, trainer_update
from .pairings import (
    conflict_decide,
    declaration_submit,
    pairing_end,
    pairing_propose,
    pairing_start,
)

__all__ = [
    "agreement_consent",
    "agreement_create",
    "agreement_edit",
    "agreement_review_reminders_send",
    "agreement_template_update",
    "conflict_decide",
    "declaration_submit",
    "pairing_end",
    "pairing_propose",
    "pairing_start",
    "trainer_invite",
    "trainer_public_name_choose",
    "trainer_update",
]
