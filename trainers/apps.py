from django.apps import AppConfig


class TrainersConfig(AppConfig):
    name = "trainers"
    verbose_name = "Trainers and pairings"

    def seed_demo(self, demo) -> None:
        from .demo import seed

        seed(demo)
