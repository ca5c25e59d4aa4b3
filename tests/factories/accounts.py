"""People and the college-wide records: accounts (students and managers), the email
outbox and the audit trail (the `recovery_college` apps)."""

import factory
from django.contrib.auth.hashers import make_password

from recovery_college.accounts.models import SignUpRequest, User
from recovery_college.accounts.services import manager_grant
from recovery_college.audit.models import AuditEvent
from recovery_college.notifications.models import OutboxMessage

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """Anyone with an account: a student unless something else makes them more."""

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
    """A college manager (a member of the managers group)."""

    @factory.post_generation
    def managers_group(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            manager_grant(user=obj)


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    """An email waiting to be sent to an account holder."""

    class Meta:
        model = OutboxMessage

    user = factory.SubFactory(UserFactory)
    to = factory.LazyAttribute(lambda o: o.user.email if o.user else "someone@example.org")
    subject = "You are enrolled on “Understanding anxiety”"
    body = "Your place is confirmed."
    idempotency_key = factory.Sequence(lambda n: f"test-message-{n}")


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A manager viewed a private record (who, what, which, when; never its content)."""

    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(ManagerFactory)
    action = AuditEvent.Action.VIEW
    object_type = "declaration"
    object_id = factory.Sequence(lambda n: n + 1)


class SignUpRequestFactory(factory.django.DjangoModelFactory):
    """A sign-up waiting for its emailed link to be followed (only the token's hash kept)."""

    class Meta:
        model = SignUpRequest

    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"newcomer{n}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
