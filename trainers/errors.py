"""Errors the trainers services raise. Each message is written for the person who will
read it on the page."""

from recovery_college import errors as shared


class TrainersError(shared.DomainError):
    message = "Something about that request could not be done."


class InvalidPairing(TrainersError):
    message = "That pairing cannot be made."


class AlreadyTrainer(TrainersError):
    message = "This person is already a trainer."
    field = "email"


class DeclarationClosed(TrainersError):
    message = (
        "This pairing is no longer waiting for declarations, so your answer cannot be "
        "changed here. If something has changed, please speak to a college manager."
    )


class KindLocked(TrainersError):
    message = (
        "This trainer has been paired, so their kind cannot change: the pairing depends on "
        "it. Add them again as the other kind if you need to."
    )
    field = "kind"


class DecisionNotNeeded(TrainersError):
    message = "This pairing does not need a decision now."


class AgreementIncomplete(TrainersError):
    """A required heading of the version is empty or only a placeholder."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(
            "This version cannot be agreed yet: some headings the college asks every pair "
            "to write are not written yet (" + "; ".join(self.missing) + "). Edit the "
            "agreement to write them, then both agree the new version."
        )


class DeclarationKept(TrainersError):
    message = (
        "You have told us about a relationship, so a college manager will look at the "
        "pairing with you. If your answer was a mistake, please speak to a college manager."
    )
    field = "answer"


class CannotStart(TrainersError):
    message = "This pairing cannot start yet."


class NotAllowed(shared.NotAllowed, TrainersError):
    pass


class StaleEdit(shared.StaleEdit, TrainersError):
    """Someone saved a newer version since the form was opened."""

    message = (
        "Your co-trainer saved a change while you were editing. Their version is shown "
        "below, and your text is still in the form. Check both, then save again."
    )
