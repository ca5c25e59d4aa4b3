from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from recovery_college import security

from .forms import LoginForm, OutboxPasswordResetForm, ProfileForm, SignUpForm
from .services import SignUpLinkInvalid, signup_request, signup_request_get
from .services import signup_confirm as signup_confirm_service


def signup(request):
    """Ask for an account. The answer is the same whether or not the email already has one
    ("check your email"): a new email gets a link that makes the account, logs the person
    in and carries on where they were (`next`); an email with an account gets a reminder
    that it has one. A visitor who came from a course's Enrol button comes back to it."""
    next_url = security.safe_next(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or resolve_url("accounts:profile"))
    form = SignUpForm(request.POST or None)
    context = {"form": form, "next": next_url}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        checks = (
            (security.SIGNUP_PER_ADDRESS, security.client_address(request)),
            (security.SIGNUP_PER_EMAIL, email),
        )
        wait = security.rate_limit_wait(*checks)
        if wait:
            return security.too_many_tries(
                request, template="accounts/signup.html", context=context, wait=wait
            )
        security.rate_limit_count(*checks)
        user = form.save(commit=False)  # not saved: this hashes the password
        signup_request(
            full_name=user.full_name,
            known_as=user.known_as,
            email=email,
            password_hash=user.password,
            next_url=next_url,
        )
        request.session["signup_email"] = email
        return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", context)


def signup_sent(request):
    """ "Check your email", whatever happened (see signup)."""
    return render(
        request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


def signup_confirm(request, token):
    """The emailed link: a page with one button (mail scanners follow links, so only a
    POST makes the account), then the person is logged in and goes where they were."""
    try:
        pending = signup_request_get(token=token)
        if request.method == "POST":
            user, next_url = signup_confirm_service(token=token)
        else:
            return render(request, "accounts/signup_confirm.html", {"pending": pending})
    except SignUpLinkInvalid as error:
        return render(
            request, "accounts/signup_confirm.html", {"problem": error.message}, status=404
        )
    request.session.pop("signup_email", None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome, {user.get_short_name()}. Your account is ready.")
    next_url = security.safe_next(request, value=next_url)
    return HttpResponseRedirect(next_url or resolve_url("accounts:profile"))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        """`next` if it is a path on this site (a bare word or another site is ignored)."""
        return security.safe_next(self.request)

    def get_default_redirect_url(self):
        """Each role lands where its work is: managers on College, trainers on My
        workshops, everyone else on their profile."""
        user = self.request.user
        if user.is_manager:
            return resolve_url("workshops:college-overview")
        if user.is_trainer:
            return resolve_url("workshops:my-workshops")
        return super().get_default_redirect_url()


@require_POST
def stay_logged_in(request):
    """The idle warning's "Stay logged in": any request from staff pushes their session's
    expiry on (StaffIdleTimeoutMiddleware), so this only answers. 401 once logged out."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session.modified = True
    return HttpResponse(status=204)


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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per address and per email (each try sends an email)."""

    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        checks = (
            (security.RESET_PER_ADDRESS, security.client_address(self.request)),
            (security.RESET_PER_EMAIL, form.cleaned_data["email"].strip().lower()),
        )
        wait = security.rate_limit_wait(*checks)
        if wait:
            return security.too_many_tries(
                self.request,
                template=self.template_name,
                context=self.get_context_data(form=form),
                wait=wait,
            )
        security.rate_limit_count(*checks)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
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


def _password_checks(request):
    return (
        (security.PASSWORD_CHECK_PER_ADDRESS, security.client_address(request)),
        (security.PASSWORD_CHECK_PER_ACCOUNT, str(request.user.pk)),
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; wrong old passwords are limited per address and account,
    so a session left open cannot be used to guess the password."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def post(self, request, *args, **kwargs):
        wait = security.rate_limit_wait(*_password_checks(request))
        if wait:
            form = self.get_form_class()(user=request.user)  # not checked: no more tries
            return security.too_many_tries(
                request,
                template=self.template_name,
                context=self.get_context_data(form=form),
                wait=wait,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            security.rate_limit_count(*_password_checks(self.request))
        return super().form_invalid(form)


password_change = PasswordChangeView.as_view()
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
    if request.method == "POST":
        wait = security.rate_limit_wait(*_password_checks(request))
        if wait:
            return security.too_many_tries(
                request,
                template="accounts/account_delete.html",
                context={"form": AccountDeleteForm(request.user), "refused": ""},
                wait=wait,
            )
        if form.has_error("password", "wrong_password"):
            security.rate_limit_count(*_password_checks(request))
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
