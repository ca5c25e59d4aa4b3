from .agreements import Agreement, AgreementConsent, AgreementTemplate, AgreementVersion
from .pairings import ConflictDecision, Declaration, Pairing
from .people import Topic, Trainer

__all__ = [
    "Agreement",
    "AgreementConsent",
    "AgreementTemplate",
    "AgreementVersion",
    "ConflictDecision",
    "Declaration",
    "Pairing",
    "Topic",
    "Trainer",
]
