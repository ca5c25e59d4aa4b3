"""Roles cost one query per request: RolesMiddleware looks up the Trainer profile and the
managers' permission together, and the session of a trainer or manager is saved at most
once a minute rather than on every request."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.middleware import RolesMiddleware
from recovery_college.accounts.models import User
from recovery_college.accounts.services import manager_grant

from ..factories import PeerTrainerFactory, UserFactory

PROFILE = reverse("accounts:profile")


def _roles_in_a_request(user):
    """(is_trainer, is_manager, trainer_profile) as a view sees them, and the queries."""
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)  # what AuthenticationMiddleware loads
    seen = []

    def view(request):
        seen.append(
            (request.user.is_trainer, request.user.is_manager, request.user.trainer_profile)
        )

    with CaptureQueriesContext(connection) as queries:
        RolesMiddleware(view)(request)
    return seen[0], len(queries)


@pytest.mark.django_db
def test_a_students_roles_cost_one_query(student):
    assert _roles_in_a_request(student) == ((False, False, None), 1)


@pytest.mark.django_db
def test_a_trainers_roles_and_profile_cost_one_query(peer_trainer):
    (is_trainer, is_manager, profile), queries = _roles_in_a_request(peer_trainer)
    assert (is_trainer, is_manager, profile.user_id, queries) == (True, False, peer_trainer.pk, 1)


@pytest.mark.django_db
def test_a_managers_roles_cost_one_query(manager):
    assert _roles_in_a_request(manager) == ((False, True, None), 1)


@pytest.mark.django_db
def test_a_manager_who_also_trains_has_both_roles():
    user = PeerTrainerFactory().user
    manager_grant(user=user)
    (is_trainer, is_manager, _), queries = _roles_in_a_request(user)
    assert (is_trainer, is_manager, queries) == (True, True, 1)


@pytest.mark.django_db
def test_the_managers_permission_given_to_the_account_itself_makes_a_manager():
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="manage_college", content_type__app_label="accounts")
    )
    assert _roles_in_a_request(user) == ((False, True, None), 1)


@pytest.mark.django_db
def test_another_permission_of_the_account_or_its_group_makes_no_manager():
    user = UserFactory()
    other = Permission.objects.get(codename="change_user", content_type__app_label="accounts")
    user.user_permissions.add(other)
    group = Group.objects.create(name="Helpers")
    group.permissions.add(other)
    user.groups.add(group)
    assert _roles_in_a_request(user) == ((False, False, None), 1)


@pytest.mark.django_db
def test_a_superuser_counts_as_a_manager():
    user = UserFactory(is_superuser=True)
    assert _roles_in_a_request(user)[0][:2] == (False, True)


@pytest.mark.django_db
def test_a_switched_off_trainer_is_no_trainer():
    trainer = PeerTrainerFactory(is_active=False)
    assert _roles_in_a_request(trainer.user)[0] == (False, False, None)


@pytest.mark.django_db
def test_a_deactivated_manager_is_no_manager(manager):
    User.objects.filter(pk=manager.pk).update(is_active=False)
    manager.refresh_from_db()
    assert _roles_in_a_request(manager)[0][:2] == (False, False)


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    )


@pytest.mark.django_db
def test_a_trainers_session_is_saved_at_most_once_a_minute(client_for, peer_trainer):
    client = client_for(peer_trainer)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert _session_writes(client) == 0  # logging in set the expiry
        traveller.shift(timedelta(seconds=30))
        assert _session_writes(client) == 0
        traveller.shift(timedelta(seconds=31))
        assert _session_writes(client) == 1
        assert _session_writes(client) == 0


@pytest.mark.django_db
def test_the_idle_warning_counts_from_when_the_session_was_last_pushed_on(client_for, peer_trainer):
    client = client_for(peer_trainer)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get(PROFILE).context["idle_timeout"] == 30 * 60
        traveller.shift(timedelta(seconds=40))
        assert client.get(PROFILE).context["idle_timeout"] == 30 * 60 - 40


@pytest.mark.django_db
def test_a_students_session_is_not_saved_on_every_request(client_for, student):
    client = client_for(student)
    client.get(PROFILE)
    assert _session_writes(client) == 0


@pytest.mark.django_db
def test_the_permission_given_to_the_person_not_a_group_makes_a_manager():
    from django.contrib.auth.models import Permission

    from recovery_college.accounts.models import MANAGE_COLLEGE_PERMISSION

    app_label, codename = MANAGE_COLLEGE_PERMISSION.split(".")
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename=codename, content_type__app_label=app_label)
    )
    assert _roles_in_a_request(user) == ((False, True, None), 1)
