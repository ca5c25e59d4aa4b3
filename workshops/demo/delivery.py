"""The demo's delivery history, so the co-production report is alive on `make run`: two
pairings' courses over two terms with a gradual shift of role emphasis (the Peer Trainer
leads more as rapport grows), their debriefs, a covered session, a session delivered by
one trainer, a session that needs cover now, and feedback with the two co-delivery
questions. Written as rows (not through the services) so the demo sends no email."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from trainers.models import Pairing, Trainer

from ..models import (
    Course,
    CourseSignOff,
    CoverDeclaration,
    CoverInvitation,
    CoverRequest,
    Debrief,
    DebriefSection,
    Feedback,
    ScheduledSession,
    Section,
    SessionPlan,
    Term,
)
from ..services.debriefs import debrief_open

# (title, days before today of session 1, peer share of planned minutes: 0-100)
HISTORY = {
    ("Aisha Rahman", "Dr Helen Carter"): [
        ("Living with worry", 112, 20, "last"),
        ("Coping with panic", 84, 35, "last"),
        ("Worry and sleep", 12, 55, "current"),
    ],
    ("Bethan Morgan", "Funmi Okafor"): [
        ("Low mood: first steps", 105, 25, "last"),
        ("Finding hope again", 77, 40, "last"),
        ("Hope and connection", 11, 50, "current"),
    ],
}
HOURS = {"Aisha Rahman": time(18, 30), "Bethan Morgan": time(15, 0)}
WENT_WELL = [
    "People joined in more than we expected; the opening ground rules helped.",
    "Sharing our own stories side by side worked well.",
]
CHANGE_NEXT = [
    "Start the breathing exercise earlier: people were tired by the end.",
    "Fewer slides, more time for questions in pairs.",
]
ANSWERS = ["yes", "yes", "partly", "yes", "unsure"]


def _sections(plan, peer_share: int) -> None:
    """Four sections of 30 minutes whose leads give roughly `peer_share`% to the peer."""
    if peer_share < 30:
        leads = ["shared", "practitioner", "practitioner", "peer"]
        minutes = [20, 40, 40, 20]
    elif peer_share < 45:
        leads = ["shared", "peer", "practitioner", "practitioner"]
        minutes = [20, 35, 35, 30]
    else:
        leads = ["shared", "peer", "peer", "practitioner"]
        minutes = [20, 35, 30, 35]
    titles = [
        "Welcome and setting the scene",
        "What we have learned",
        "Trying it out",
        "Where to find support",
    ]
    Section.objects.bulk_create(
        Section(plan=plan, position=i, title=t, minutes=m, lead=lead)
        for i, (t, m, lead) in enumerate(zip(titles, minutes, leads, strict=True), start=1)
    )


def _debrief(session, trainer, *, shift=False, support="", readers="manager", when=None):
    debrief = Debrief.objects.create(
        session=session,
        trainer=trainer,
        went_well=WENT_WELL[session.number % 2],
        change_next=CHANGE_NEXT[session.number % 2],
        support_note=support,
        support_readers=readers,
        invited_at=when,
        submitted_at=when,
    )
    sections = Section.objects.filter(plan__course=session.course, plan__number=session.number)
    for s in sections.order_by("position"):
        # A later course: the pair shared a part the plan gave the practitioner.
        delivered = "shared" if shift and s.lead == "practitioner" and s.position < 4 else s.lead
        DebriefSection.objects.create(
            debrief=debrief,
            section=s,
            position=s.position,
            title=s.title,
            minutes=s.minutes,
            planned_lead=s.lead,
            delivered_lead=delivered,
        )
    return debrief


def seed_delivery(*, email_of, manager) -> None:
    if Debrief.objects.exists() or not Term.objects.exists():
        return
    today = timezone.localdate()
    now = timezone.now()
    current = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    last = Term.objects.filter(ends_on__lt=today).order_by("-ends_on").first()
    if current is None or last is None:
        return
    terms = {"current": current, "last": last}
    priya = Trainer.objects.get(user__email=email_of("Priya Nair"))
    made = {}
    for (peer_name, practitioner_name), courses in HISTORY.items():
        pairing = Pairing.objects.get(
            peer__user__email=email_of(peer_name),
            practitioner__user__email=email_of(practitioner_name),
        )
        for title, days_ago, share, term in courses:
            course = Course.objects.create(
                pairing=pairing,
                title=title,
                summary=f"{title}: a course we ran together.",
                outcomes="Understand more\nTry something new",
                session_count=2,
                session_minutes=120,
                status=Course.Status.ARCHIVED if term == "last" else Course.Status.PUBLISHED,
                term=terms[term],
                capacity=10,
                created_by=manager,
            )
            for trainer in pairing.trainers:
                CourseSignOff.objects.create(course=course, trainer=trainer, version=1)
            for number in (1, 2):
                _sections(SessionPlan.objects.create(course=course, number=number), share)
                start = timezone.make_aware(
                    datetime.combine(
                        today - timedelta(days=days_ago - 7 * (number - 1)), HOURS[peer_name]
                    )
                )
                ScheduledSession.objects.create(
                    course=course,
                    number=number,
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    online_link="https://meet.example.org/demo",
                    peer=pairing.peer,
                    practitioner=pairing.practitioner,
                )
            made[title] = course
            for index, answer in enumerate(ANSWERS):
                Feedback.objects.create(
                    course=course,
                    rating=4 + (index % 2),
                    both_led=answer,
                    both_valued=ANSWERS[(index + 1) % len(ANSWERS)],
                    useful="Hearing from both trainers.",
                )
    # One trainer delivered session 2 of "Coping with panic": Aisha could not come.
    panic2 = ScheduledSession.objects.get(course=made["Coping with panic"], number=2)
    CoverRequest.objects.create(
        session=panic2,
        absent_trainer=panic2.peer,
        status=CoverRequest.Status.SOLO,
        resolved_at=panic2.starts_at,
        resolved_by=manager,
    )
    # Priya covered session 2 of "Hope and connection" for Bethan.
    hope2 = ScheduledSession.objects.get(course=made["Hope and connection"], number=2)
    covered = CoverRequest.objects.create(
        session=hope2,
        absent_trainer=hope2.peer,
        status=CoverRequest.Status.COVERED,
        cover_trainer=priya,
        resolved_at=hope2.starts_at - timedelta(days=2),
        resolved_by=manager,
    )
    CoverInvitation.objects.create(
        request=covered,
        trainer=priya,
        status=CoverInvitation.Status.ACCEPTED,
        said_yes=True,
        invited_by=manager,
    )
    ScheduledSession.objects.filter(pk=hope2.pk).update(peer=priya)
    # Debriefs of every held session, but one of Priya's still to do; the later courses
    # shift a practitioner-led part to shared when delivered.
    for title, course in made.items():
        for session in ScheduledSession.objects.filter(course=course).select_related(
            "peer", "practitioner"
        ):
            if session.starts_at.date() >= today:
                continue
            late = title in ("Worry and sleep", "Hope and connection", "Finding hope again")
            when = session.ends_at + timedelta(hours=20)
            if session.pk == hope2.pk:  # Priya's debrief is still to do
                debrief, _ = debrief_open(session=session, trainer=priya)
                Debrief.objects.filter(pk=debrief.pk).update(invited_at=when)
            elif session.pk != panic2.pk:
                _debrief(
                    session,
                    session.peer,
                    shift=late,
                    when=when,
                    support="I found the session on panic hard after a tough week; "
                    "a short catch-up would help."
                    if title == "Living with worry"
                    else "",
                )
            _debrief(
                session,
                session.practitioner,
                shift=late,
                when=when,
                support="I would like to talk about pacing with my co-trainer."
                if title == "Low mood: first steps"
                else "",
                readers="pair",
            )
    # The draft "Sleep and wellbeing" was copied from "Worry and sleep": the pair's noted
    # changes show on it.
    Course.objects.filter(title="Sleep and wellbeing", is_template=False).update(
        copied_from=made["Worry and sleep"]
    )
    _upcoming_cover(priya, manager, now)


def _upcoming_cover(priya, manager, now) -> None:
    """Priya covers session 2 of "Understanding depression" (the public page names her);
    a session of another course needs cover now (the College page shows it)."""
    from ..selectors.cover import cover_candidates

    depression = Course.objects.filter(title="Understanding depression").first()
    session = ScheduledSession.objects.filter(
        course=depression, number=2, cancelled=False, starts_at__gt=now
    ).first()
    if session is not None:
        probe = CoverRequest(session=session, absent_trainer=session.peer)
        if priya in cover_candidates(cover_request=probe):
            request = CoverRequest.objects.create(
                session=session,
                absent_trainer=session.peer,
                status=CoverRequest.Status.COVERED,
                cover_trainer=priya,
                resolved_at=now,
                resolved_by=manager,
            )
            CoverInvitation.objects.create(
                request=request,
                trainer=priya,
                status=CoverInvitation.Status.ACCEPTED,
                said_yes=True,
                invited_by=manager,
            )
            ScheduledSession.objects.filter(pk=session.pk).update(peer=priya)
    stress = (
        ScheduledSession.objects.filter(
            course__title="Managing stress at work and home", number=1, starts_at__gt=now
        )
        .select_related("practitioner")
        .first()
    )
    if stress is not None:
        CoverRequest.objects.create(
            session=stress,
            absent_trainer=stress.practitioner,
            note="A hospital appointment I cannot move.",
        )
    # A cover that waits for a manager: the trainer who stays declared a relationship.
    low = (
        ScheduledSession.objects.filter(
            course__title="Living with low mood", number=1, starts_at__gt=now
        )
        .select_related("peer", "practitioner")
        .first()
    )
    if low is not None:
        request = CoverRequest.objects.create(session=low, absent_trainer=low.peer)
        candidates = cover_candidates(cover_request=request)
        if candidates:
            cover = candidates[0]
            invitation = CoverInvitation.objects.create(
                request=request,
                trainer=cover,
                status=CoverInvitation.Status.NEEDS_DECISION,
                said_yes=True,
                invited_by=manager,
            )
            CoverDeclaration.objects.create(invitation=invitation, trainer=cover, answer="none")
            CoverDeclaration.objects.create(
                invitation=invitation,
                trainer=low.practitioner,
                answer="other",
                details="We were in the same support group some years ago.",
            )
