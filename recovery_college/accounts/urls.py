from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup-confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("stay-logged-in/", views.stay_logged_in, name="stay-logged-in"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.data_export, name="data-export"),
    path("profile/delete/", views.account_delete, name="delete"),
    path("password/change/", views.password_change, name="password-change"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation-accept"),
    path("password/reset/done/", views.password_reset_complete, name="password-reset-complete"),
]
