"""Form pieces every app shares: widgets and showing a service's error on a form."""

from django import forms

from .errors import DomainError


class DateInput(forms.DateInput):
    """A native date picker that round-trips ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def form_error_from(form, error: DomainError) -> None:
    """Show a service's plain-language error on the form (beside its field if it names one)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def int_from(data, key: str, default: int | None = None) -> int | None:
    """An integer typed or posted under `key`, or `default` when it is missing or not a
    plain whole number (ASCII digits only: `int()` would fail on '²')."""
    value = str(data.get(key, "")).strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return default
