from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete


def _forget_student(sender, instance, **kwargs):
    """However an account is deleted (the student's own page, the admin, a script), its
    places are given up and its enrolments anonymised first, so a course never keeps a
    live place or a waiting-list entry for nobody. The one path for that clean-up."""
    from .services.personal_data import student_forget

    student_forget(user=instance)


def _link_walk_ins(sender, instance, created, raw=False, **kwargs):
    """A new account takes over the walk-ins made with its email (the walk-in's
    invitation to make an account was answered)."""
    if created and not raw and instance.email:
        from .services.attendance import walk_ins_link

        walk_ins_link(user=instance)


def _walk_in_data(sender, user, **kwargs):
    from .selectors.personal_data import walk_in_data

    return ("walk_ins", walk_in_data(user=user))


def _personal_data(sender, user, **kwargs):
    from .selectors.personal_data import student_data

    return ("enrolments", student_data(user=user))


def _courses_taught():
    """Published (running) or archived (delivered) courses of the pair."""
    from django.db.models import Count, Q

    from .models import Course

    return Count(
        "courses",
        filter=Q(courses__status__in=[Course.Status.PUBLISHED, Course.Status.ARCHIVED]),
        distinct=True,
    )


# The cached public pages, the whole term's PDF and its calendar show trainers' public
# names, bios and professions, topics and cover arranged for a session. Those rows are
# written in the trainers and accounts apps (which must not import workshops) or in
# several cover paths, so their saves reach the caches here, whoever makes them (a
# service, the admin, a script): the pages and the PDF alike, so a trainer who stops
# showing their full name is not left on the PDF.
NAME_FIELDS = {"full_name", "known_as"}


def _public_pages_changed(sender, **kwargs):
    from .services.prospectus_cache import prospectus_changed

    prospectus_changed()  # the PDF and calendar files, and (through it) the public pages


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """A trainer's name (full name, known as) shows on public pages unless they chose
    another; a log-in (last_login), a new account (not a trainer yet) or anyone else's
    change must not empty the cache."""
    if created or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    from trainers.models import Trainer

    if Trainer.objects.filter(user_id=instance.pk).exists():
        _public_pages_changed(sender)


def _connect_public_pages() -> None:
    from trainers.models import Topic, Trainer

    from .models import CoverRequest

    for model in (Trainer, Topic, CoverRequest):
        uid = f"workshops-public-pages-{model.__name__}"
        post_save.connect(_public_pages_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_public_pages_changed, sender=model, dispatch_uid=uid + "-delete")
    post_save.connect(
        _user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="workshops-public-pages-user"
    )


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Workshops"

    def ready(self):
        from recovery_college.accounts.signals import personal_data_requested
        from recovery_college.notifications.services import body_writer_register
        from trainers.selectors import pairing_figure_register

        from .services.notify import ENROLMENT_CONFIRMED, enrolment_confirmed_body

        pre_delete.connect(
            _forget_student, sender=settings.AUTH_USER_MODEL, dispatch_uid="workshops-forget"
        )
        post_save.connect(
            _link_walk_ins, sender=settings.AUTH_USER_MODEL, dispatch_uid="workshops-walk-ins"
        )
        personal_data_requested.connect(_personal_data, dispatch_uid="workshops-personal-data")
        personal_data_requested.connect(_walk_in_data, dispatch_uid="workshops-walk-in-data")
        pairing_figure_register("courses_taught", _courses_taught)
        _connect_public_pages()
        body_writer_register(ENROLMENT_CONFIRMED, enrolment_confirmed_body)

    def seed_demo(self, demo) -> None:
        """The demo college's courses, schedule and enrolments (see `seed_demo`)."""
        from .demo import seed

        seed(demo)
