import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import MANAGERS_GROUP, SignUpRequest, User


def managers_group() -> Group:
    """The College managers group with its permission. Migration 0002 creates it; this
    recreates it if it was removed (for example by a test database flush)."""
    group, created = Group.objects.get_or_create(name=MANAGERS_GROUP)
    if created or not group.permissions.filter(codename="manage_college").exists():
        permission, _ = Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(User),
            codename="manage_college",
            defaults={"name": "Can manage the college"},
        )
        group.permissions.add(permission)
    return group


def manager_grant(*, user: User) -> None:
    """Make a person a college manager (the group carries the manage_college permission)."""
    user.groups.add(managers_group())
    # Drop Django's per-instance permission cache so the new role applies at once.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


class AccountDeleteRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _messages_for(user: User):
    """Emails written for this person: those tied to their account, and any to their
    address that are not tied to someone else (a message for an earlier holder of the
    address stays theirs)."""
    from django.db.models import Q

    from recovery_college.notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(Q(user=user) | Q(user__isnull=True, to__iexact=user.email))


def account_data(*, user: User) -> dict:
    """Everything the college holds about a person as a student, for their download.
    Each app adds its own section through the `personal_data_requested` signal."""
    from .signals import personal_data_requested

    sections = dict(
        response for _, response in personal_data_requested.send(sender=User, user=user)
    )
    return {
        "account": {
            "full_name": user.full_name,
            "known_as": user.known_as,
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        **sections,
        "calendar_feed": hasattr(user, "calendar_feed"),
        "emails_sent_to_you": [
            {"subject": m.subject, "queued": m.created_at.isoformat(), "status": m.status}
            for m in _messages_for(user).order_by("created_at")
        ],
        "note": "Feedback you gave is anonymous: it is stored without your name, so it "
        "cannot be found again as yours.",
    }


def account_delete(*, user: User) -> None:
    """Delete a student's account. Their places go to the next person waiting; their
    enrolments stay, without anything that identifies them, so attendance figures and
    feedback stay right: the workshops app does that once, from the account's
    `pre_delete` signal, however an account is deleted. Trainers and managers are
    refused: their work belongs to the college's records, so a manager ends their role
    first."""
    from django.db import transaction

    if user.is_manager or user.trainer_profile is not None:
        raise AccountDeleteRefused(
            "Trainer and manager accounts cannot be deleted here. Please ask a college "
            "manager to end your role first."
        )
    with transaction.atomic():
        _messages_for(user).delete()
        user.delete()


# --- Sign-up by email link -----------------------------------------------------------------

SIGNUP_LINK_VALID = timedelta(days=3)


class SignUpLinkInvalid(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def signup_request(
    *, full_name: str, email: str, password_hash: str, next_url: str = "", known_as: str = ""
) -> None:
    """Someone asked for an account. Either way the page says "check your email":

    - no account has this email: we keep the request and email a link that makes the
      account and logs the person in (and carries on to `next_url`);
    - an account has it: we email its owner that they already have an account, with a
      log-in and a reset link. Nothing is stored and the typed password is not used."""
    from recovery_college.notifications.services import email_queue_template

    login_path = reverse("accounts:login")
    if next_url:
        login_path += "?" + urlencode({"next": next_url})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        email_queue_template(
            to=existing.email,
            subject="You already have a Recovery College account",
            template="account_exists",
            context={
                "user": existing,
                "login_path": login_path,
                "reset_path": reverse("accounts:password-reset"),
            },
            user=existing,
        )
        return
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        SignUpRequest.objects.filter(created_at__lt=timezone.now() - SIGNUP_LINK_VALID).delete()
        SignUpRequest.objects.create(
            token_hash=_token_hash(token),
            full_name=full_name,
            known_as=known_as,
            email=email,
            password=password_hash,
            next_url=next_url[:2000],
        )
        email_queue_template(
            to=email,
            subject="Finish creating your Recovery College account",
            template="signup_confirm",
            context={
                "name": User(full_name=full_name, known_as=known_as).get_short_name(),
                "confirm_path": reverse("accounts:signup-confirm", args=[token]),
                "days": SIGNUP_LINK_VALID.days,
            },
        )


def signup_request_get(*, token: str) -> SignUpRequest:
    """The waiting sign-up behind an emailed link, or SignUpLinkInvalid."""
    found = SignUpRequest.objects.filter(
        token_hash=_token_hash(token), created_at__gte=timezone.now() - SIGNUP_LINK_VALID
    ).first()
    if found is None:
        raise SignUpLinkInvalid(
            "This link has expired or has already been used. If you have already finished "
            "creating your account, log in. Otherwise, please sign up again."
        )
    return found


def signup_confirm(*, token: str) -> tuple[User, str]:
    """Make the account of a waiting sign-up (its link was followed); return the new user
    and where they were going. Every waiting sign-up for the email ends here."""
    pending = signup_request_get(token=token)
    try:
        with transaction.atomic():
            user = User(
                full_name=pending.full_name,
                known_as=pending.known_as,
                email=pending.email.lower(),
            )
            user.password = pending.password
            user.save()
            SignUpRequest.objects.filter(email__iexact=pending.email).delete()
    except IntegrityError:  # the email got an account another way in the meantime
        SignUpRequest.objects.filter(email__iexact=pending.email).delete()
        raise SignUpLinkInvalid(
            "There is already an account with this email address. Please log in, or reset "
            "your password if you have forgotten it."
        ) from None
    return user, pending.next_url
