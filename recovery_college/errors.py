"""The one base error every app's services raise, and the errors all apps share.

Each error carries a `message` written for the person who will read it on the page, and
optionally the form `field` it is about. Views catch `DomainError` and show the message;
they never show a traceback. Each app subclasses `DomainError` once (`WorkshopsError`,
`TrainersError`) for its own errors."""


class DomainError(Exception):
    message = "That could not be done."
    field: str | None = None
    status = 409  # the answer when no view caught it (DomainErrorMiddleware)

    def __init__(self, message: str | None = None, *, field: str | None = None):
        self.message = message or self.message
        self.field = field or self.field
        super().__init__(self.message)


class NotAllowed(DomainError):
    message = "You cannot do that."


class StaleEdit(DomainError):
    """Someone saved a newer version since the form was opened (optimistic concurrency):
    the view re-renders the form with what was typed and shows the newer state."""

    message = (
        "Your co-trainer saved a change while you were working on it. Their change is "
        "shown below, and what you typed is still in the form. Check both, then save again."
    )

    def __init__(self, current_version: int, message: str | None = None):
        self.current_version = current_version
        super().__init__(message)


class DomainErrorMiddleware:
    """The safety net: a domain error no view caught (a course busy with enrolments, a
    refusal a view did not expect) is a plain-language page with the error's status
    (409, or 503 for "please try again"), never a 500. The transaction it came from has
    already been rolled back, so nothing is half-done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        from django.shortcuts import render

        return render(
            request,
            "domain_error.html",
            {"message": exception.message, "try_again": exception.status == 503},
            status=exception.status,
        )
