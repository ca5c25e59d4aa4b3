import pytest
from django.core.management import CommandError, call_command

from recovery_college.accounts.models import User
from trainers.models import Trainer


@pytest.mark.django_db
def test_it_creates_a_manager_twelve_trainers_and_thirty_students(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Trainer.objects.filter(kind="peer").count() == 6
    assert Trainer.objects.filter(kind="practitioner").count() == 6
    assert User.objects.filter(trainer__isnull=True, groups__isnull=True).count() == 30
    assert [u.is_manager for u in User.objects.filter(groups__name="College managers")] == [True]


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    before = list(User.objects.order_by("pk").values_list("pk", "email", "password"))
    call_command("seed_demo")
    after = list(User.objects.order_by("pk").values_list("pk", "email", "password"))
    assert before == after
    assert "manager@demo.example.org" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_fills_a_real_prospectus_for_the_current_term(settings):
    from workshops.models import Course, ScheduledSession
    from workshops.selectors import term_current

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    term = term_current()
    published = Course.objects.filter(status="published", term=term)
    assert published.count() >= 20
    scheduled = {s.course_id for s in ScheduledSession.objects.filter(course__in=published)}
    assert scheduled == set(published.values_list("pk", flat=True))
    for state in ("draft", "agreed", "archived"):
        assert Course.objects.filter(status=state).exists()


@pytest.mark.django_db
def test_it_adds_enrolments_full_courses_waiting_lists_an_offer_and_a_past_course(settings):
    from django.db.models import Count, F, Q

    from workshops.models import Attendance, Course, Enrolment, Feedback

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert statuses == {"enrolled", "waiting", "offered"}
    full = Course.objects.filter(status="published", places_taken__gte=1).filter(
        capacity=F("places_taken")
    )
    assert full.count() >= 2
    assert all(c.enrolments.filter(status="waiting").exists() for c in full)
    past = Course.objects.get(status="archived", title="Understanding state benefits")
    assert Attendance.objects.filter(session__course=past, status="absent").exists()
    assert Feedback.objects.filter(course=past).count() == 5
    running = Course.objects.filter(status="published", sessions__attendance__isnull=False)
    assert running.exists()  # a course of this term has its first register taken
    # The counter always matches the places held.
    holding = Course.objects.annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=["enrolled", "offered"]))
    )
    assert all(c.held == c.places_taken for c in holding)


@pytest.mark.django_db
def test_the_demo_has_delivery_history_for_the_report(settings):
    from workshops.models import Course, CoverRequest, Debrief

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(CoverRequest.objects.values_list("status", flat=True))
    assert {"open", "covered", "solo"} <= statuses
    assert Debrief.objects.filter(submitted_at__isnull=False).count() >= 20
    assert Debrief.objects.filter(submitted_at__isnull=True).exists()  # a to-do
    shifting = Course.objects.filter(
        pairing__peer__user__full_name="Aisha Rahman",
        status__in=["archived", "published"],
        sessions__debriefs__isnull=False,
    ).distinct()
    assert shifting.count() >= 3


@pytest.mark.django_db
def test_the_first_demo_student_has_a_message_and_a_certificate_on_my_courses(settings):
    from workshops.models import CourseMessage
    from workshops.selectors.certificates import certificates_ready
    from workshops.selectors.messages import student_messages

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (twice: one message)
    lucy = User.objects.filter(trainer__isnull=True, groups__isnull=True).order_by("pk").first()
    assert CourseMessage.objects.count() == 1
    assert len(student_messages(user=lucy)) == 1
    assert len(certificates_ready(user=lucy)) == 1
