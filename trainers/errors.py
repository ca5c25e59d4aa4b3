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


class NotAllowed(shared.NotAllowed, TrainersError):
    pass


class StaleEdit(shared.StaleEdit, TrainersError):
    """Someone saved a newer version since the form was opened."""

    message = (
        "Your co-trainer saved a change while you were editing. Their version is shown "
        "below, and your text is still in the form. Check both, then save again."
    )
