from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recovery_college.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import staff_session_start

        user_logged_in.connect(staff_session_start, dispatch_uid="staff_session_start")

    def seed_demo(self, demo) -> None:
        from .demo import seed

        seed(demo)
