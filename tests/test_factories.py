"""Every model of the project has a factory, and each factory's row keeps its model's
rules (clean() and the database constraints), so tests can build any row in one line."""

import pytest
from django.apps import apps

from . import factories

PROJECT_APPS = {"accounts", "audit", "notifications", "trainers", "workshops"}
FACTORIES = [getattr(factories, name) for name in factories.__all__ if name.endswith("Factory")]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_saved_row_that_keeps_its_models_rules(factory):
    row = factory()

    row.clean()
    row.validate_constraints()
    assert type(row).objects.filter(pk=row.pk).exists()


def test_every_model_of_the_project_has_a_factory():
    models = {m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS}
    covered = {f._meta.get_model_class() for f in FACTORIES}
    assert sorted(m.__name__ for m in models - covered) == []


@pytest.mark.django_db
def test_a_place_made_by_the_factory_counts_in_the_courses_places_taken():
    held = factories.EnrolmentFactory()
    factories.EnrolmentFactory(course=held.course, offered=True)
    factories.EnrolmentFactory(course=held.course, waiting=True)

    held.course.refresh_from_db()
    assert held.course.places_taken == 2


@pytest.mark.django_db
def test_a_factory_session_falls_inside_its_courses_term_and_ends_after_it_starts():
    course = factories.CourseFactory(published=True, session_count=3)
    sessions = [factories.ScheduledSessionFactory(course=course) for _ in range(3)]

    assert [s.number for s in sessions] == [1, 2, 3]
    term = course.term
    for session in sessions:
        assert term.starts_on <= session.starts_at.date() <= term.ends_on
        assert session.ends_at > session.starts_at
