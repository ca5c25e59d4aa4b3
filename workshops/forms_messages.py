"""The form for a message to a course's students."""

import secrets

from django import forms

from .forms import HelperMixin
from .models import MESSAGE_MAX_LENGTH


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CourseMessageForm(HelperMixin, forms.Form):
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=f"Plain text, up to {MESSAGE_MAX_LENGTH:,} characters. For example: “Please "
        "bring a notebook” or “We are in room 2 today”. Each student gets it once by email "
        "and can read it on their My courses page.",
        error_messages={"required": "Write your message to the students."},
    )
    include_waiting = forms.BooleanField(
        label="Also send it to people on the waiting list", required=False
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, audience=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", new_token())
        if audience is not None:
            self.fields["include_waiting"].help_text = (
                f"{audience.waiting} on the waiting list."
                if audience.waiting_open
                else "The waiting list closed when the course started."
            )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write your message to the students.")
        if len(body) > MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep your message to {MESSAGE_MAX_LENGTH:,} characters or fewer. "
                f"It has {len(body):,}."
            )
        return body
