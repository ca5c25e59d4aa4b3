"""Debriefs: defaults from the plan, the day-after sweep and its one reminder, the
delivered-lead arithmetic, and support notes reaching exactly the readers chosen."""

from datetime import timedelta

import pytest
from django.urls import reverse

from recovery_college.audit.models import AuditEvent
from recovery_college.notifications.tasks import outbox_drain
from workshops.models import CoverRequest, Debrief, ScheduledSession
from workshops.selectors.report import Filters, fidelity_report
from workshops.services import course_copy
from workshops.services.debriefs import debrief_open, debrief_submit, debriefs_sweep

from ..factories import add_section, fresh
from .delivery_support import peer
from .enrolment_support import FIRST

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(open_course, peer_trainer):
    """The open course with session 1 planned: the opening (shared, 15 minutes) plus 60
    minutes led by the practitioner and 45 by the peer."""
    Course = type(open_course)
    Course.objects.filter(pk=open_course.pk).update(status="draft")
    add_section(open_course, peer_trainer, title="Input", minutes=60, lead="practitioner")
    add_section(open_course, peer_trainer, title="Practice", minutes=45, lead="peer")
    Course.objects.filter(pk=open_course.pk).update(status="published")
    return fresh(open_course)


@pytest.fixture
def held(planned, time_machine):
    """Session 1 has been held; it is now the next morning."""
    time_machine.move_to(FIRST + timedelta(days=1), tick=False)
    return ScheduledSession.objects.get(course=planned, number=1)


def _file(debrief, leads_by_title=None, **fields):
    rows = {r.title: r.pk for r in debrief.sections.all()}
    leads = {
        pk: (leads_by_title or {}).get(title, r_lead)
        for title, pk, r_lead in ((r.title, r.pk, r.delivered_lead) for r in debrief.sections.all())
    }
    assert set(rows.values()) == set(leads)
    return debrief_submit(debrief=debrief, user=debrief.trainer.user, leads=leads, **fields)


def test_a_debrief_defaults_every_lead_from_the_plan(held, peer_trainer):
    debrief, _ = debrief_open(session=held, trainer=peer_trainer.trainer)
    rows = [(r.title, r.minutes, r.planned_lead, r.delivered_lead) for r in debrief.sections.all()]
    assert rows[-2:] == [
        ("Input", 60, "practitioner", "practitioner"),
        ("Practice", 45, "peer", "peer"),
    ]
    assert all(r[2] == r[3] for r in rows)


def test_the_sweep_asks_each_trainer_the_day_after_and_only_once(held, mailoutbox):
    assert debriefs_sweep() == 2
    assert debriefs_sweep() == 0
    outbox_drain()
    asked = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("How did session 1"))
    assert asked == sorted([held.peer.user.email, held.practitioner.user.email])


def test_the_sweep_reminds_once_after_three_days(held, time_machine, mailoutbox):
    debriefs_sweep()
    time_machine.move_to(FIRST + timedelta(days=4, hours=1), tick=False)
    assert debriefs_sweep() == 2
    assert debriefs_sweep() == 0
    outbox_drain()
    assert len([m for m in mailoutbox if m.subject.startswith("Reminder: your debrief")]) == 2


def test_a_trainer_whose_cover_never_came_is_not_asked(held):
    CoverRequest.objects.create(session=held, absent_trainer=held.peer, status="solo")
    debriefs_sweep()
    assert list(Debrief.objects.values_list("trainer", flat=True)) == [held.practitioner_id]


def test_delivered_shares_average_the_pairs_two_accounts(held, manager):
    """Session 1's plan: 15 shared, 60 practitioner, 45 peer (session 2 has its 15-minute
    shared opening too). The peer says they led "Input"; the practitioner says it was
    shared. Averaged: Input is 30 peer + 30 shared."""
    debriefs_sweep()
    mine = Debrief.objects.get(session=held, trainer=held.peer)
    theirs = Debrief.objects.get(session=held, trainer=held.practitioner)
    _file(mine, {"Input": "peer"})
    _file(theirs, {"Input": "shared"})
    report = fidelity_report(user=manager, term=held.course.term, filters=Filters())
    assert report.delivered.minutes == {"peer": 75.0, "shared": 45.0, "practitioner": 0.0}
    assert report.planned.minutes == {"peer": 45.0, "shared": 30.0, "practitioner": 60.0}


@pytest.mark.parametrize(
    "readers,co_trainer_reads", [("manager", False), ("pair", True)], ids=["manager", "pair"]
)
def test_a_support_note_reaches_exactly_the_readers_chosen(
    held, readers, co_trainer_reads, client_for, manager, outsider_trainer, student
):
    debriefs_sweep()
    debrief = Debrief.objects.get(session=held, trainer=held.peer)
    _file(debrief, support_note="A private worry about pacing", support_readers=readers)
    url = reverse("workshops:session-debriefs", args=[held.pk])
    sees = {
        "writer": held.peer.user,
        "co-trainer": held.practitioner.user,
        "manager": manager,
    }
    expected = {"writer": True, "co-trainer": co_trainer_reads, "manager": True}
    for who, user in sees.items():
        html = client_for(user).get(url).content.decode()
        assert ("A private worry about pacing" in html) is expected[who], who
    for user in (outsider_trainer, student):
        response = client_for(user).get(url)
        assert response.status_code == 404
    readings = AuditEvent.objects.filter(action="view", object_type="debrief", object_id=debrief.pk)
    assert readings.count() == 2 + co_trainer_reads


def test_a_cover_trainers_debrief_note_for_the_pair_reaches_the_trainer_who_stayed(
    held, client_for
):
    cover = peer("Cover Peer")
    CoverRequest.objects.create(
        session=held, absent_trainer=held.peer, status="covered", cover_trainer=cover
    )
    ScheduledSession.objects.filter(pk=held.pk).update(peer=cover)
    debrief, _ = debrief_open(session=fresh(held), trainer=cover)
    _file(debrief, support_note="Cover's note", support_readers="pair")
    url = reverse("workshops:session-debriefs", args=[held.pk])
    assert "Cover&#x27;s note" in client_for(held.practitioner.user).get(url).content.decode()


def test_changes_noted_show_on_the_next_copy(held, peer_trainer, client_for):
    debriefs_sweep()
    _file(Debrief.objects.get(session=held, trainer=held.peer), change_next="More breaks")
    copy = course_copy(user=peer_trainer, source=held.course, pairing=held.course.pairing)
    html = client_for(peer_trainer).get(reverse("workshops:course-detail", args=[copy.pk]))
    assert "Changes the pair noted last time" in html.content.decode()
    assert "More breaks" in html.content.decode()


def test_only_the_writer_can_file_a_debrief(held, client_for):
    debriefs_sweep()
    debrief = Debrief.objects.get(session=held, trainer=held.peer)
    url = reverse("workshops:debrief-edit", args=[debrief.pk])
    assert client_for(held.practitioner.user).get(url).status_code == 404
    assert client_for(held.peer.user).get(url).status_code == 200


def test_the_debrief_form_keeps_what_was_typed_when_a_lead_is_missing(held, client_for):
    debriefs_sweep()
    debrief = Debrief.objects.get(session=held, trainer=held.peer)
    response = client_for(held.peer.user).post(
        reverse("workshops:debrief-edit", args=[debrief.pk]),
        {"went_well": "Lovely group", "support_readers": "manager"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Lovely group" in html
    assert fresh(debrief).submitted_at is None
