"""Control characters never get into saved text: every form of the project strips them
(recovery_college/forms.py `PlainTextMixin`), text areas keep their line breaks."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

from recovery_college.forms import PlainTextMixin, text_clean
from workshops.forms import TermForm, VenueForm

PACKAGES = ("recovery_college", "trainers", "workshops")


def _project_forms() -> list[type]:
    found = set()
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if ".migrations" in info.name or info.name.endswith((".wsgi", ".asgi")):
                continue
            module = importlib.import_module(info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(value, forms.BaseForm)
                    and value.__module__.startswith(PACKAGES)
                    and value.__module__ == module.__name__
                ):
                    found.add(value)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def test_the_project_has_forms_to_check():
    assert len(_project_forms()) > 25


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda c: c.__name__)
def test_every_project_form_strips_control_characters(form_class):
    assert issubclass(form_class, PlainTextMixin)


def test_one_line_text_loses_line_breaks_and_control_characters():
    assert text_clean("Anxiety\r\nBcc: x@example.org\x00\x1b", multiline=False) == (
        "Anxiety Bcc: x@example.org"
    )


def test_multi_line_text_keeps_line_breaks_and_tabs():
    assert text_clean("One\r\n\tTwo\x07\u2028Three", multiline=True) == "One\n\tTwo\nThree"


def test_a_form_saves_a_title_without_the_control_characters(db):
    form = VenueForm(
        {"name": "Oak\r\nHouse\x00", "address": "1 Oak St\r\nLeeds\x1b", "directions": ""}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Oak House"
    assert form.cleaned_data["address"] == "1 Oak St\nLeeds"


def test_a_refused_form_shows_the_cleaned_text_and_keeps_the_rest(db):
    form = TermForm({"name": "Spring\x00 2027", "starts_on": "not a date"})
    assert not form.is_valid()
    assert form["name"].value() == "Spring 2027"
    assert form["starts_on"].value() == "not a date"
