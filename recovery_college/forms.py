"""Form pieces every app shares: widgets, showing a service's error on a form, reading
numbers and dates safely from GET/POST, and clean text (no control characters) in every
form of the project (`PlainTextMixin`)."""

import re
from datetime import date, datetime, timedelta

from django import forms
from django.utils import timezone

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


# C0 and C1 control characters, DEL, and the invisible separators and marks that break
# emails and display; tab, line feed and carriage return are dealt with separately.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_LINE_BREAKS = re.compile("[\t\r\n\x0b\x0c\x85\u2028\u2029]+")


def text_clean(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters. Multi-line text keeps its line breaks (as
    \\n) and tabs; one-line text has every line break or tab turned into a space, so it can
    never split an email header."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = re.sub("[\x85\u2028\u2029]", "\n", value)
    else:
        value = _LINE_BREAKS.sub(" ", value)
    return _CONTROL.sub("", value)


class PlainTextMixin:
    """Every form of the project inherits this (tests/test_forms_plain_text.py checks):
    before validation, control characters are taken out of what was typed into each text
    field (a CR/LF in a title would otherwise break every email carrying it, and NUL is
    refused by PostgreSQL). Text areas keep line breaks and tabs. Passwords are left
    exactly as typed. The form re-renders with the cleaned text, so nothing else typed
    is lost. Dates outside the years anyone means (1900 to 2200) are refused with a plain
    message before any date arithmetic can overflow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                field.validators.append(_sensible_date)
            _say_what_is_missing(name, field)

    def full_clean(self):
        for name, field in self.fields.items():  # fields a subclass added after __init__
            _say_what_is_missing(name, field)
        if self.is_bound and self.data:
            self.data = self._data_without_control_characters()
        super().full_clean()

    def _data_without_control_characters(self):
        data = self.data.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            key = self.add_prefix(name)
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "setlist"):
                if key in data:
                    data.setlist(
                        key, [text_clean(str(v), multiline=multiline) for v in data.getlist(key)]
                    )
            elif isinstance(data.get(key), str):
                data[key] = text_clean(data[key], multiline=multiline)
        return data


_QUESTION_WORDS = ("how ", "what ", "when ", "which ", "who ", "why ", "where ", "whether ")
_INSTRUCTIONS = ("create ", "tell ", "choose ", "enter ", "give ", "say ", "write ", "add ")


def required_message(label: str, field: forms.Field) -> str:
    """A plain instruction for an empty required field, from its label: "Enter the first
    day of the term", "Choose the room", "Tell us more", or "Fill in “Starts”" where the
    label reads as neither a thing nor an instruction."""
    label = re.sub(r"\s*\(.*?\)\s*", " ", str(label)).strip().rstrip(":").strip()
    if isinstance(field, forms.BooleanField):
        return "Tick this box to go on."
    if not label:
        return "Fill in this field."
    if label.endswith("?"):
        return f"Answer “{label}”"
    # "Peer Trainer" and "DBS number" keep their capitals; "Start date" reads "start date".
    keeps_capitals = any(w[:1].isupper() for w in label.split()[1:]) or label[1:2].isupper()
    lowered = label if keeps_capitals else label[0].lower() + label[1:]
    if lowered.startswith(_INSTRUCTIONS):
        return f"{label}."
    if lowered.startswith(_QUESTION_WORDS):
        return f"Enter {lowered}."
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return f"Choose {_the(lowered)}."
    words = lowered.split()
    if (
        len(words) <= 6
        and words[0] not in ("anything", "starts", "ends")
        and words[-1] not in ("on", "at", "in", "by", "from", "to")
    ):
        return f"Enter {_the(lowered)}."
    return f"Fill in “{label}”."


def _the(phrase: str) -> str:
    if phrase.startswith(("the ", "a ", "an ", "your ", "their ", "our ")):
        return phrase
    return f"the {phrase}"


def _say_what_is_missing(name: str, field: forms.Field) -> None:
    """Django's "This field is required." does not say which field or what to do: any
    field still carrying it gets an instruction from its label instead. Messages a form
    sets itself are kept."""
    messages = field.error_messages
    if str(messages.get("required", "")) == str(forms.Field.default_error_messages["required"]):
        label = field.label if field.label is not None else name.replace("_", " ").capitalize()
        field.error_messages = {**messages, "required": required_message(label, field)}
    default_invalid = str(forms.DateField.default_error_messages["invalid"])
    if isinstance(field, forms.DateField) and str(messages.get("invalid", "")) == default_invalid:
        field.error_messages = {
            **field.error_messages,
            "invalid": "Enter a real date, for example 17/03/2027.",
        }


# The dates a person can sensibly mean: anything outside is a typing slip (or a probe),
# and date arithmetic near year 1 or 9999 overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
SESSION_YEARS_AHEAD = 5


def date_in_range(value: date) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def date_bounds_error(value: date | None) -> str | None:
    """A plain-language error for a date outside the years anyone means, else None."""
    if value is None or date_in_range(value):
        return None
    return f"Enter a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}."


def _sensible_date(value) -> None:
    message = date_bounds_error(value.date() if isinstance(value, datetime) else value)
    if message:
        raise forms.ValidationError(message, code="date_out_of_range")


def session_start_error(value: datetime | None) -> str | None:
    """A plain-language error for a session start too far from today, else None."""
    if value is None:
        return None
    today = timezone.localdate()
    day = value.date()
    if day < today - timedelta(days=366 * SESSION_YEARS_AHEAD):
        return "Enter a date in the last few years, not so long ago."
    if day > today + timedelta(days=366 * SESSION_YEARS_AHEAD):
        return f"Enter a date within {SESSION_YEARS_AHEAD} years from today."
    return None
