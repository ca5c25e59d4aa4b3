"""Builders that make things the way people do, through the real services: a course a
pair starts, a section added in the plan editor, a course agreed and scheduled, a course
published and open for enrolment."""

from django.utils import timezone

from .trainers import PairingFactory

COURSE_DETAILS = {
    "title": "Understanding anxiety",
    "summary": "What anxiety is, and ways people live well with it.",
    "outcomes": "Know what anxiety is\nTry a calming breathing exercise",
    "audience": "Anyone",
    "topic": None,
    "format": "in_person",
    "session_count": 2,
    "session_minutes": 120,
}


def make_course(pairing, user, **overrides):
    """A draft course made the way trainers make one (through the service)."""
    from workshops.services import course_create

    return course_create(user=user, pairing=pairing, **{**COURSE_DETAILS, **overrides})


def section_fields(**changes) -> dict:
    return {
        "title": "Breathing together",
        "minutes": 20,
        "activity": "",
        "materials": "",
        "lead": "peer",
        **changes,
    }


def fresh(obj):
    obj.refresh_from_db()
    return obj


def add_section(course, user, *, number=1, **changes):
    """Append a section to one of the course's plans, as the editor does."""
    from workshops.services import section_add

    course = fresh(course)
    return section_add(
        plan=course.plans.get(number=number),
        user=user,
        base_version=course.version,
        **section_fields(**changes),
    )


def agreement_in_force(pairing):
    """Put the pair's co-working agreement in force: a version with every heading written
    (saved as the next version by the Peer Trainer unless the current one is complete),
    agreed by both. Returns that version."""
    from trainers.models import AgreementConsent, AgreementVersion

    agreement = pairing.agreement
    version = agreement.current()
    if version.missing:
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=version.number + 1,
            sections=[
                {**s, "text": f"What we agreed about this ({s['heading'].lower()})."}
                for s in version.sections
            ],
            review_date=version.review_date,
            author=pairing.peer.user,
        )
        agreement.version = version.number
        agreement.save(update_fields=["version"])
    for trainer in pairing.trainers:
        AgreementConsent.objects.get_or_create(version=version, trainer=trainer)
    return version


def open_course_make(
    *,
    manager,
    capacity=2,
    first_starts_at=None,
    room=None,
    pairing=None,
    session_count=2,
    title="Understanding anxiety",
):
    """A published course open for enrolment, made through the real services: agreed by
    both trainers, every session scheduled a week apart (first 10 days from now at 10:00
    unless given), in a term whose enrolment opened yesterday, `capacity` places. Online
    (a joining link) unless a room is given. Each call makes a new pair unless given one,
    so courses never clash."""
    from datetime import datetime, time, timedelta

    from workshops.models import Term
    from workshops.services import (
        course_agree,
        course_capacity_set,
        course_publish,
        sessions_schedule_weekly,
    )

    pairing = pairing or PairingFactory(active=True)
    agreement_in_force(pairing)
    course = make_course(
        pairing, pairing.peer.user, title=title, session_count=session_count, session_minutes=120
    )
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    today = timezone.localdate()
    term, _ = Term.objects.get_or_create(
        name=f"Term with enrolment open from {today - timedelta(days=1)}",
        defaults={
            "starts_on": today - timedelta(days=7),
            "ends_on": today + timedelta(days=120),
            "enrolment_opens_on": today - timedelta(days=1),
        },
    )
    if first_starts_at is None:
        first_starts_at = timezone.make_aware(
            datetime.combine(today + timedelta(days=10), time(10))
        )
    sessions_schedule_weekly(
        course=course,
        user=manager,
        first_starts_at=first_starts_at,
        room=room,
        online_link="" if room else f"https://meet.example.org/course-{course.pk}",
    )
    course_capacity_set(course=course, user=manager, capacity=capacity, term=term)
    return course_publish(course=course, user=manager)


def ready_to_publish(course, *, manager, term, first_starts_at, capacity=2):
    """Agreed by both trainers, every session scheduled online a week apart, places set in
    `term`: what `open_course_make` does short of publishing."""
    from workshops.services import course_agree, course_capacity_set, sessions_schedule_weekly

    pairing = course.pairing
    agreement_in_force(pairing)
    course = fresh(course)
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    sessions_schedule_weekly(
        course=course,
        user=manager,
        first_starts_at=first_starts_at,
        online_link=f"https://meet.example.org/course-{course.pk}",
    )
    return course_capacity_set(course=course, user=manager, capacity=capacity, term=term)
