from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.template import loader

from recovery_college.forms import PlainTextMixin
from recovery_college.notifications.services import email_queue

from .models import User


class PlainFormHelper(FormHelper):
    """Crispy helper for our forms: the page template draws the <form> and buttons."""

    form_tag = False
    disable_csrf = True


class NameEmailForm(PlainTextMixin, forms.ModelForm):
    """Name and email, with a friendly message when the email is taken by another
    account (emails are unique whatever their case)."""

    email_taken_message = "Another account already uses this email address."
    # Sign-up never says whether an email has an account (see SignUpForm).
    refuse_taken_email = True

    class Meta:
        model = User
        fields = ["full_name", "known_as", "email"]
        labels = {
            "full_name": "Your name",
            "known_as": "What should we call you? (optional)",
            "email": "Email address",
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "known_as": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if self.refuse_taken_email and clash.exists():
            raise forms.ValidationError(self.email_taken_message)
        return email

    def validate_unique(self):
        # clean_email already gives a friendlier message for the one unique field.
        pass

    def _post_clean(self):
        super()._post_clean()
        # Someone took the email between clean_email and the model's constraint check:
        # say so beside the email field, in this form's words.
        errors = self._errors.get(NON_FIELD_ERRORS)
        if errors and any(e.code == "email_taken" for e in errors.as_data()):
            del self._errors[NON_FIELD_ERRORS]
            if self.refuse_taken_email:
                self.add_error("email", self.email_taken_message)


class SignUpForm(NameEmailForm):
    """Name, email and a password. A taken email is not an error here: the page would tell
    anyone which emails have accounts. The view sends that person an email instead."""

    refuse_taken_email = False

    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few unrelated words make a strong password.",
    )

    class Meta(NameEmailForm.Meta):
        help_texts = {
            "full_name": "Your name as you would like it on registers and certificates.",
            "email": "We send course details and reminders here. We never share it.",
        }

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class LoginForm(PlainTextMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check them and try again. "
            "Passwords are case-sensitive."
        ),
        "inactive": "This account has been closed. Contact the college if you think this is wrong.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        self.fields["password"].label = "Password"
        self.helper = PlainFormHelper()

    def clean(self):
        # No account's email is this long: refuse it as a wrong log-in without asking the
        # backends, so django-axes never tries to store an over-long user name.
        username = self.cleaned_data.get("username") or self.data.get("username") or ""
        if len(username) > User._meta.get_field("email").max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class ProfileForm(NameEmailForm):
    """What everyone can change about themselves."""


class OutboxPasswordResetForm(PlainTextMixin, PasswordResetForm):
    """Django's reset form, but the email goes through our outbox and mail task."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The address you use to log in."
        self.helper = PlainFormHelper()

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(to=to_email, subject=subject, body=body)


class AccountDeleteForm(PlainTextMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
        error_messages={"required": "Enter your password to delete your account."},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password. Please try again.", code="wrong_password"
            )
        return password
