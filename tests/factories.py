import factory
from django.contrib.auth.models import Group

from recovery_college.accounts.models import MANAGERS_GROUP, User
from trainers.models import Trainer

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ManagerFactory(UserFactory):
    @factory.post_generation
    def managers_group(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.groups.add(Group.objects.get(name=MANAGERS_GROUP))


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    user = factory.SubFactory(UserFactory)
    kind = Trainer.Kind.PEER


class PeerTrainerFactory(TrainerFactory):
    kind = Trainer.Kind.PEER


class PractitionerTrainerFactory(TrainerFactory):
    kind = Trainer.Kind.PRACTITIONER
    profession = "Mental health nurse"
