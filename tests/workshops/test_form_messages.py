"""The main forms say what to do with each field, not "This field is required."."""

from tests.factories import CourseFactory
from workshops.forms import CommentForm, CourseForm, SectionForm


def test_a_section_without_a_title_or_minutes_says_what_to_enter(db):
    form = SectionForm({"version": "1", "lead": "peer"})
    assert form.errors["title"] == ["Enter a title for the section"]
    assert form.errors["minutes"] == ["Enter how many minutes the section lasts"]


def test_a_course_without_details_says_what_each_field_needs(db):
    form = CourseForm({})
    assert form.errors["title"] == ["Enter a title for the course"]
    assert form.errors["summary"] == ["Enter a plain-language summary of the course"]
    assert form.errors["session_count"] == ["Enter the number of sessions, from 1 to 12"]


def test_an_empty_comment_asks_for_the_comment(db):
    form = CommentForm({"body": ""}, course=CourseFactory())
    assert form.errors["body"] == ["Enter your comment"]
