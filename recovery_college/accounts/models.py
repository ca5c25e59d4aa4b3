from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Permission,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

MANAGERS_GROUP = "College managers"
MANAGE_COLLEGE_PERMISSION = "accounts.manage_college"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Every account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


# Words a full name may start with that nobody is called by on their own.
TITLES = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "prof",
        "professor",
        "rev",
        "revd",
        "sir",
        "dame",
        "lady",
        "lord",
        "cllr",
    ]
)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone with an account. Everyone can be a student; a trainers.Trainer profile makes
    a trainer, and membership of the College managers group makes a manager."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    known_as = models.CharField(
        "what we should call you",
        max_length=60,
        blank=True,
        help_text="The name we greet you with in emails, for example Sam. If you leave it "
        "blank we use your first name.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "Django admin access",
        default=False,
        help_text="Lets the person use the technical admin site. Not needed to run the college.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "user"
        permissions = [("manage_college", "Can manage the college")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_code="email_taken",
                violation_error_message="Another account already uses this email address.",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        """The name a person likes to be called (every email greets with it). Without one,
        the first word of their name that is not a title ("Dr Amara Okafor": Amara)."""
        if self.known_as.strip():
            return self.known_as.strip()
        words = self.full_name.split()
        for word in words:
            if word.strip(".").lower() not in TITLES:
                return word
        return self.full_name.strip() or self.email

    @property
    def is_manager(self) -> bool:
        remembered = self.__dict__.get("_manager_remembered")
        if remembered is not None:
            return self.is_active and remembered
        return self.is_active and self.has_perm(MANAGE_COLLEGE_PERMISSION)

    def roles_remember(self) -> None:
        """Look up both roles (the Trainer profile and the managers' permission) in one
        query and keep them on this instance, so `is_trainer`, `is_manager` and
        `trainer_profile` cost nothing more. RolesMiddleware calls it once for each
        request's user (an instance that lives for one request); elsewhere the properties
        ask the database as before."""
        app_label, codename = MANAGE_COLLEGE_PERMISSION.split(".")
        # One EXISTS for both ways of holding the permission (through a group, or given
        # to the person), and no ORDER BY: it runs on every logged-in request, and half
        # the subqueries and joins cost PostgreSQL's planner and the ORM half the time.
        held = Permission.objects.filter(
            Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk")),
            codename=codename,
            content_type__app_label=app_label,
        )
        rows = User.objects.filter(pk=self.pk).select_related("trainer")
        row = next(iter(rows.annotate(_held=Exists(held))[:1]), None)
        if row is None:
            return
        trainer = User.trainer.related.get_cached_value(row, None)
        if trainer is not None:
            User.trainer.related.field.set_cached_value(trainer, self)
        User.trainer.related.set_cached_value(self, trainer)
        self._manager_remembered = bool(row.is_superuser or row._held)

    @property
    def trainer_profile(self):
        """The person's active Trainer profile, or None."""
        try:
            trainer = self.trainer
        except models.ObjectDoesNotExist:
            return None
        return trainer if trainer.is_active else None

    @property
    def is_trainer(self) -> bool:
        return self.trainer_profile is not None


class SignUpRequest(models.Model):
    """A sign-up waiting for its email link to be followed. The account is made only then,
    so the sign-up page answers the same whether or not the email already has an account
    (it never says which). Only a hash of the link's token is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    full_name = models.CharField(max_length=150)
    known_as = models.CharField(max_length=60, blank=True)
    email = models.EmailField()
    password = models.CharField(max_length=128)  # already hashed, as on User
    next_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Sign-up waiting for {self.email}"
