from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import LoginForm, OutboxPasswordResetForm, ProfileForm, SignUpForm


def _safe_next(request) -> str:
    """Where to go after signing up or logging in, if it is a page on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: `redirect()` would take "foo" for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def signup(request):
    """Create an account. A visitor who came from a course's Enrol button carries on
    where they were (`next`)."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # the same email signed up a moment ago
            form.add_error("email", form.email_taken_message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.get_short_name()}. Your account is ready.")
            return redirect(next_url or "accounts:profile")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Each role lands where its work is: managers on College, trainers on My
        workshops, everyone else on their profile."""
        user = self.request.user
        if user.is_manager:
            return resolve_url("workshops:college-overview")
        if user.is_trainer:
            return resolve_url("workshops:my-workshops")
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out.")
        return response


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # another account took the email a moment ago
            form.add_error("email", form.email_taken_message)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("accounts:profile")
    trainer = user.trainer_profile
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "trainer": trainer, "profile_user": user},
    )


password_reset = auth_views.PasswordResetView.as_view(
    form_class=OutboxPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="emails/password_reset.txt",
    subject_template_name="emails/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:profile"),
)
invitation_accept = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/invitation_accept.html",
    success_url=reverse_lazy("workshops:my-workshops"),
    post_reset_login=True,
    post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
)


@login_required
def data_export(request):
    """Everything held about the person as a student, as a JSON download."""
    import json

    from django.http import HttpResponse

    from .services import account_data

    response = HttpResponse(
        json.dumps(account_data(user=request.user), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-recovery-college-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    """Delete your own account, after typing your password to confirm."""
    from django.contrib.auth import logout

    from .forms import AccountDeleteForm
    from .services import AccountDeleteRefused
    from .services import account_delete as delete

    form = AccountDeleteForm(request.user, request.POST or None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            delete(user=request.user)
        except AccountDeleteRefused as error:
            refused = error.message
        else:
            logout(request)
            messages.success(request, "Your account is deleted. Thank you for learning with us.")
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form, "refused": refused})
