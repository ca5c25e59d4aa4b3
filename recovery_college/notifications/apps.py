from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "recovery_college.notifications"
    label = "notifications"
    verbose_name = "Notifications"
