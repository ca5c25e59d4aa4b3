"""No form answers an empty field with Django's "This field is required.", which does not
say what to do: every required field says what to enter or choose
(recovery_college/forms.py `required_message`, or the form's own message)."""

import pytest
from django import forms

from recovery_college.accounts.forms import AccountDeleteForm
from recovery_college.forms import required_message
from tests.factories import (
    AgreementVersionFactory,
    CourseFactory,
    PeerTrainerFactory,
    UserFactory,
)
from tests.test_forms_plain_text import _project_forms
from trainers.forms import AgreementForm, PublicNameForm
from workshops.forms import CommentForm, CourseStartForm, TermForm, VenueForm
from workshops.forms_delivery import DebriefForm
from workshops.models import Course

DJANGO_DEFAULT = "This field is required."

# Forms whose constructor needs something from the page they are on.
BUILDERS = {
    AccountDeleteForm: lambda: AccountDeleteForm(UserFactory()),
    AgreementForm: lambda: AgreementForm(version=AgreementVersionFactory()),
    PublicNameForm: lambda: PublicNameForm(trainer=PeerTrainerFactory()),
    CommentForm: lambda: CommentForm(course=CourseFactory()),
    CourseStartForm: lambda: CourseStartForm(
        templates=Course.objects.none(), sources=Course.objects.none()
    ),
    DebriefForm: lambda: DebriefForm(sections=[]),
}


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda c: c.__name__)
def test_every_required_field_says_what_to_do(db, form_class):
    form = BUILDERS.get(form_class, form_class)()
    form.full_clean()
    for name, field in form.fields.items():
        message = str(field.error_messages["required"])
        assert message != DJANGO_DEFAULT, f"{form_class.__name__}.{name}"
        assert message.strip(" .") and "  " not in message


def test_an_empty_term_form_says_what_each_date_is(db):
    form = TermForm({})
    assert form.errors["name"] == ["Enter a name for the term, like “Spring 2027”."]
    assert form.errors["starts_on"] == ["Enter the first day of the term."]
    assert form.errors["ends_on"] == ["Enter the last day of the term."]
    assert form.errors["enrolment_opens_on"] == ["Enter the day enrolment opens."]


def test_a_venue_without_a_name_or_address_asks_for_them(db):
    form = VenueForm({"name": "", "address": ""})
    assert form.errors["name"] == ["Enter the venue's name."]
    assert form.errors["address"] == ["Enter the venue's address, so people can find it."]


def test_a_date_that_is_not_a_date_gets_an_example(db):
    form = TermForm({"name": "Spring", "starts_on": "31/02/2027"})
    assert form.errors["starts_on"] == ["Enter a real date, for example 17/03/2027."]


@pytest.mark.parametrize(
    ("label", "field", "expected"),
    [
        ("Start date", forms.DateField(), "Enter the start date."),
        ("Peer Trainer", forms.ChoiceField(), "Choose the Peer Trainer."),
        ("Your decision", forms.ChoiceField(), "Choose your decision."),
        ("Create a password", forms.CharField(), "Create a password."),
        ("What was useful?", forms.CharField(), "Answer “What was useful?”"),
        ("How many people it holds", forms.IntegerField(), "Enter how many people it holds."),
        ("Starts", forms.DateTimeField(), "Fill in “Starts”."),
        ("Enrolment opens on", forms.DateField(), "Fill in “Enrolment opens on”."),
        ("Name (for example “Spring”)", forms.CharField(), "Enter the name."),
        ("I agree", forms.BooleanField(), "Tick this box to go on."),
    ],
)
def test_a_message_is_made_from_the_label(label, field, expected):
    assert required_message(label, field) == expected
