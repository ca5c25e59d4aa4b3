import pytest
from django.db import IntegrityError

from recovery_college.accounts.models import User
from recovery_college.accounts.services import manager_grant
from trainers.models import Trainer

from ..factories import PeerTrainerFactory, UserFactory


@pytest.mark.django_db
def test_create_user_stores_email_in_lower_case():
    user = User.objects.create_user(email="Ann.Other@Example.ORG", password="x", full_name="Ann")
    assert user.email == "ann.other@example.org"


@pytest.mark.django_db
def test_database_refuses_the_same_email_in_another_case():
    UserFactory(email="sam@example.org")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="SAM@example.org", full_name="Sam again")])


@pytest.mark.django_db
def test_a_new_user_is_only_a_student(student):
    assert not student.is_trainer
    assert not student.is_manager


@pytest.mark.django_db
def test_a_trainer_profile_makes_a_trainer(peer_trainer):
    assert peer_trainer.is_trainer
    assert peer_trainer.trainer_profile.is_peer


@pytest.mark.django_db
def test_an_inactive_trainer_profile_is_not_a_trainer():
    user = PeerTrainerFactory(is_active=False).user
    assert not user.is_trainer


@pytest.mark.django_db
def test_joining_the_managers_group_makes_a_manager(student):
    manager_grant(user=student)
    assert student.is_manager
    assert student.has_perm("accounts.manage_college")


@pytest.mark.django_db
def test_database_refuses_a_profession_on_a_peer_trainer(student):
    with pytest.raises(IntegrityError):
        Trainer.objects.create(user=student, kind=Trainer.Kind.PEER, profession="Nurse")


@pytest.mark.django_db
def test_database_refuses_an_unknown_trainer_kind(student):
    with pytest.raises(IntegrityError):
        Trainer.objects.create(user=student, kind="volunteer")
