from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


def _forget_student(sender, instance, **kwargs):
    """However an account is deleted (the student's own page, the admin, a script), its
    places are given up and its enrolments anonymised first, so a course never keeps a
    live place or a waiting-list entry for nobody."""
    from .services.enrolment import student_forget

    student_forget(user=instance)


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Workshops"

    def ready(self):
        pre_delete.connect(
            _forget_student, sender=settings.AUTH_USER_MODEL, dispatch_uid="workshops-forget"
        )
