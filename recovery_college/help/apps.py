from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "recovery_college.help"
    label = "help"
    verbose_name = "Help and support"
