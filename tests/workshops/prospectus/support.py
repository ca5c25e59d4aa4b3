"""Shared by the prospectus tests: the day they stand on and quick ways to put published
courses in a term (straight to the database: these tests are about reading them)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from workshops.models import Course, ScheduledSession

from ...factories import PairingFactory

TODAY = date(2027, 2, 1)  # a Monday


def publish(
    pairing,
    term,
    *,
    title,
    room,
    day_offset=0,
    hour=10,
    topic=None,
    fmt="in_person",
    summary="A friendly course.",
):
    course = Course.objects.create(
        pairing=pairing,
        title=title,
        summary=summary,
        outcomes="Learn",
        topic=topic,
        format=fmt,
        session_count=1,
        session_minutes=60,
        status="published",
        term=term,
        capacity=10,
    )
    starts = timezone.make_aware(datetime.combine(TODAY + timedelta(days=day_offset), time(hour)))
    ScheduledSession.objects.create(
        course=course,
        number=1,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        room=room,
        peer=pairing.peer,
        practitioner=pairing.practitioner,
    )
    return course


def bulk(term, room, n):
    pairing = PairingFactory(active=True)
    courses = Course.objects.bulk_create(
        Course(
            pairing=pairing,
            title=f"Course {i:04}",
            summary="s",
            outcomes="o",
            status="published",
            term=term,
            session_count=1,
            session_minutes=60,
        )
        for i in range(n)
    )
    starts = timezone.make_aware(datetime.combine(TODAY, time(10)))
    ScheduledSession.objects.bulk_create(
        ScheduledSession(
            course=c,
            number=1,
            starts_at=starts + timedelta(hours=i),
            ends_at=starts + timedelta(hours=i, minutes=50),
            room=None,
            online_link="https://meet.example.org/x",
            peer=pairing.peer,
            practitioner=pairing.practitioner,
        )
        for i, c in enumerate(courses)
    )


def pdf_text(response) -> str:
    """The text of a PDF download (the page must have answered with a PDF)."""
    import io

    from pypdf import PdfReader

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
