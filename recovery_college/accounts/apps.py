from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recovery_college.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def seed_demo(self, demo) -> None:
        from .demo import seed

        seed(demo)
