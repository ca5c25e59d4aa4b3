from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "recovery_college.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Register the mail tasks with the Celery app, so the after-commit kick (which
        # looks the send task up by name) finds it in the web process too.
        from . import tasks  # noqa: F401
