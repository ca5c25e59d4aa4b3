"""Terms, venues and rooms; courses, their plans, sign-offs, history and comments;
sessions; students' places, attendance, feedback and calendar feeds; the glossary and
the college settings (the `workshops` app).

Each factory makes one valid row: sessions fall inside their course's term and end after
they start, an offer has an expiry, a place held counts in the course's places taken."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.db.models import F
from django.utils import timezone

from workshops.models import (
    Attendance,
    CalendarFeed,
    CollegeSettings,
    Comment,
    Course,
    CourseChange,
    CourseSignOff,
    Enrolment,
    Feedback,
    GlossaryTerm,
    Room,
    ScheduledSession,
    Section,
    SessionPlan,
    Term,
    Venue,
    WalkIn,
)

from .accounts import ManagerFactory, UserFactory
from .trainers import PairingFactory

LONDON = ZoneInfo("Europe/London")


def _days(n: int):
    return lambda o: o.starts_on + timedelta(days=n)


class TermFactory(factory.django.DjangoModelFactory):
    """A term starting today for 90 days; enrolment opens a fortnight before. Traits:
    `open` (started a week ago, enrolment open since yesterday, 120 days to go), `past`
    (ended yesterday)."""

    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"Term {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(_days(90))
    enrolment_opens_on = factory.LazyAttribute(_days(-14))

    class Params:
        open = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7)),
            ends_on=factory.LazyAttribute(_days(127)),
            enrolment_opens_on=factory.LazyAttribute(_days(6)),
        )
        past = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60)),
            ends_on=factory.LazyAttribute(_days(59)),
            enrolment_opens_on=factory.LazyAttribute(_days(-10)),
        )


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    address = factory.Sequence(lambda n: f"{n + 1} High Street\nLeeds")
    directions = ""


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 14


class CourseFactory(factory.django.DjangoModelFactory):
    """A draft course of an active pairing, two sessions of two hours, written straight to
    the database (no plans, no history: `make_course` builds one the way trainers do).
    Traits: `published` (in an open term, 10 places), `template` (the college's, no
    pairing)."""

    class Meta:
        model = Course

    pairing = factory.SubFactory(PairingFactory, active=True)
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "What anxiety is, and ways people live well with it."
    outcomes = "Know what anxiety is\nTry a calming breathing exercise"
    session_count = 2
    session_minutes = 120
    created_by = factory.LazyAttribute(lambda o: o.pairing.peer.user if o.pairing else None)

    class Params:
        published = factory.Trait(
            status=Course.Status.PUBLISHED,
            term=factory.SubFactory(TermFactory, open=True),
            capacity=10,
        )
        template = factory.Trait(is_template=True, pairing=None)


class SessionPlanFactory(factory.django.DjangoModelFactory):
    """The plan of the course's next session."""

    class Meta:
        model = SessionPlan

    course = factory.SubFactory(CourseFactory)
    number = factory.LazyAttribute(lambda o: o.course.plans.count() + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    """A 20-minute part of a plan, led by the Peer Trainer, after the plan's others."""

    class Meta:
        model = Section

    plan = factory.SubFactory(SessionPlanFactory)
    position = factory.LazyAttribute(lambda o: o.plan.sections.count() + 1)
    title = "Breathing together"
    minutes = 20
    lead = Section.Lead.PEER


class CourseSignOffFactory(factory.django.DjangoModelFactory):
    """The Peer Trainer agreeing the course at its current version."""

    class Meta:
        model = CourseSignOff

    course = factory.SubFactory(CourseFactory)
    trainer = factory.LazyAttribute(lambda o: o.course.pairing.peer)
    version = factory.LazyAttribute(lambda o: o.course.version)


def _snapshot(o):
    from workshops.snapshots import course_snapshot

    return course_snapshot(o.course)


class CourseChangeFactory(factory.django.DjangoModelFactory):
    """The history entry of the course's current version, with the course as it stands."""

    class Meta:
        model = CourseChange

    course = factory.SubFactory(CourseFactory)
    version = factory.LazyAttribute(lambda o: o.course.version)
    author = factory.LazyAttribute(lambda o: o.course.created_by)
    summary = "Created the course"
    snapshot = factory.LazyAttribute(_snapshot)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    course = factory.SubFactory(CourseFactory)
    author = factory.LazyAttribute(lambda o: o.course.pairing.practitioner.user)
    body = "Shall we add a tea break?"


class CollegeSettingsFactory(factory.django.DjangoModelFactory):
    """The college's one settings row (made, or changed to what is given)."""

    class Meta:
        model = CollegeSettings

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        settings, _ = model_class.objects.update_or_create(pk=1, defaults=kwargs)
        return settings


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Jargon {n}")
    plain = "a plainer way to say it"
    added_by = factory.SubFactory(ManagerFactory)


def _session_start(o) -> datetime:
    """10:00 on the term's first day (a week from today without a term), a week later
    for each later session."""
    term = o.course.term
    first_day = term.starts_on if term else timezone.localdate() + timedelta(days=7)
    day = first_day + timedelta(weeks=o.number - 1)
    return datetime.combine(day, time(10), tzinfo=LONDON)


class ScheduledSessionFactory(factory.django.DjangoModelFactory):
    """The course's next session, in a room of its own (trait `online`: a joining link),
    taught by the course's pair, as long as the course's sessions are."""

    class Meta:
        model = ScheduledSession

    course = factory.SubFactory(CourseFactory, published=True)
    number = factory.LazyAttribute(lambda o: o.course.sessions.count() + 1)
    starts_at = factory.LazyAttribute(_session_start)
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + timedelta(minutes=o.course.session_minutes)
    )
    room = factory.SubFactory(RoomFactory)
    online_link = ""
    peer = factory.LazyAttribute(lambda o: o.course.pairing.peer)
    practitioner = factory.LazyAttribute(lambda o: o.course.pairing.practitioner)

    class Params:
        online = factory.Trait(
            room=None,
            online_link=factory.Sequence(lambda n: f"https://meet.example.org/session-{n}"),
        )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A student's place on a published course. Traits: `waiting`, `offered` (held for
    48 hours), `cancelled`. A place held (enrolled or offered) counts in the course's
    places taken, as the services count it."""

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory, published=True)
    student = factory.SubFactory(UserFactory)
    status = Enrolment.Status.ENROLLED

    class Params:
        waiting = factory.Trait(status=Enrolment.Status.WAITING)
        offered = factory.Trait(
            status=Enrolment.Status.OFFERED,
            offer_expires_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=48)),
        )
        cancelled = factory.Trait(
            status=Enrolment.Status.CANCELLED, ended_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def take_place(obj, create, extracted, **kwargs):  # noqa: N805
        if create and obj.status in Enrolment.HOLDING:
            Course.objects.filter(pk=obj.course_id).update(places_taken=F("places_taken") + 1)
            obj.course.refresh_from_db(fields=["places_taken"])


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A student marked as came at a session of their course, by its Peer Trainer."""

    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    session = factory.SubFactory(
        ScheduledSessionFactory, course=factory.SelfAttribute("..enrolment.course")
    )
    status = Attendance.Status.PRESENT
    marked_by = factory.LazyAttribute(lambda o: o.enrolment.course.pairing.peer.user)


class WalkInFactory(factory.django.DjangoModelFactory):
    """Someone who came to the first session of a published course without enrolling,
    added by its Peer Trainer, with an email and no account (so invited to make one).
    Make `WalkInAttendanceFactory` rows for their marks."""

    class Meta:
        model = WalkIn

    course = factory.SubFactory(CourseFactory, published=True)
    first_session = factory.SubFactory(
        ScheduledSessionFactory, course=factory.SelfAttribute("..course")
    )
    name = factory.Sequence(lambda n: f"Walk-in Person {n}")
    email = factory.Sequence(lambda n: f"walk-in-{n}@example.org")
    invited_at = factory.LazyFunction(timezone.now)
    added_by = factory.LazyAttribute(lambda o: o.course.pairing.peer.user)


class WalkInAttendanceFactory(factory.django.DjangoModelFactory):
    """A walk-in marked as came at the session they first came to."""

    class Meta:
        model = Attendance

    walk_in = factory.SubFactory(WalkInFactory)
    session = factory.SelfAttribute("walk_in.first_session")
    status = Attendance.Status.PRESENT
    marked_by = factory.LazyAttribute(lambda o: o.walk_in.added_by)


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Anonymous feedback on a published course."""

    class Meta:
        model = Feedback

    course = factory.SubFactory(CourseFactory, published=True)
    rating = 4
    useful = "The breathing exercise"


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
