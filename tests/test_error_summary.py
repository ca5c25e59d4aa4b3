"""The error summary links each problem to its field, radio groups included."""

from django.template.loader import render_to_string

from workshops.forms import FeedbackForm, ReasonForm


def test_a_radio_group_error_links_to_its_first_choice():
    form = FeedbackForm(data={})
    assert not form.is_valid()
    html = render_to_string("partials/error_summary.html", {"form": form})
    assert 'href="#id_rating_0"' in html
    assert "Choose a rating from 1 to 5." in html


def test_a_text_field_error_links_to_the_field():
    form = ReasonForm(data={"reason": "x" * 1001})
    assert not form.is_valid()
    html = render_to_string("partials/error_summary.html", {"form": form})
    assert 'href="#id_reason"' in html
