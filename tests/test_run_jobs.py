"""The embedded job runner (recovery_college/jobs.py, `manage.py run_jobs`): the beat
schedule run in-process, each due job once per slot, a failing job not stopping others."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from recovery_college.jobs import JobRunner, describe_result

RUNS: list[str] = []


@shared_task(name="tests.jobs.count_a")
def count_a() -> str:
    RUNS.append("a")
    return "a"


@shared_task(name="tests.jobs.count_b")
def count_b() -> str:
    RUNS.append("b")
    return "b"


@shared_task(name="tests.jobs.explode")
def explode() -> None:
    RUNS.append("boom")
    raise RuntimeError("the mail server caught fire")


SCHEDULE = {
    "every-five": {"task": "tests.jobs.count_a", "schedule": timedelta(minutes=5)},
    "hourly": {"task": "tests.jobs.count_b", "schedule": timedelta(hours=1)},
}
START = datetime(2026, 3, 2, 10, 0, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_runs():
    RUNS.clear()
    yield
    RUNS.clear()


def _tick_every_minute(runner: JobRunner, traveller, minutes: int) -> None:
    for _ in range(minutes):
        runner.run_due()
        traveller.shift(timedelta(minutes=1))


def test_each_due_job_runs_once_per_slot():
    runner = JobRunner(schedule=SCHEDULE, say=lambda line: None)
    with time_machine.travel(START, tick=False) as traveller:
        _tick_every_minute(runner, traveller, 60)  # 10:00:30 … 10:59:30
    assert RUNS.count("a") == 12  # 10:00, 10:05, … 10:55
    assert RUNS.count("b") == 1  # the 10:00 hour


def test_looking_twice_in_one_slot_runs_nothing_the_second_time():
    runner = JobRunner(schedule=SCHEDULE, say=lambda line: None)
    with time_machine.travel(START, tick=False):
        runner.run_due()
        second = runner.run_due()
    assert second == []


def test_slots_missed_while_stopped_run_once_not_once_each():
    runner = JobRunner(schedule=SCHEDULE, say=lambda line: None)
    with time_machine.travel(START, tick=False) as traveller:
        runner.run_due()
        traveller.shift(timedelta(minutes=33))
        runner.run_due()
    assert RUNS.count("a") == 2


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    schedule = {
        "explodes": {"task": "tests.jobs.explode", "schedule": timedelta(minutes=1)},
        **SCHEDULE,
    }
    runner = JobRunner(schedule=schedule, say=lambda line: None)
    with time_machine.travel(START, tick=False):
        results = runner.run_due()
    assert [(r.name, r.ok) for r in results] == [
        ("explodes", False),
        ("every-five", True),
        ("hourly", True),
    ]
    assert "Scheduled job explodes (tests.jobs.explode) failed" in caplog.text
    assert "the mail server caught fire" in caplog.text


def test_a_failed_job_runs_again_in_its_next_slot():
    schedule = {"explodes": {"task": "tests.jobs.explode", "schedule": timedelta(minutes=1)}}
    runner = JobRunner(schedule=schedule, say=lambda line: None)
    with time_machine.travel(START, tick=False) as traveller:
        _tick_every_minute(runner, traveller, 3)
    assert RUNS == ["boom", "boom", "boom"]


def test_the_console_shows_each_job_as_it_runs():
    lines: list[str] = []
    runner = JobRunner(schedule=SCHEDULE, say=lines.append)
    with time_machine.travel(START, tick=False):
        runner.run_due()
    assert any("job every-five (tests.jobs.count_a) running" in line for line in lines)
    assert any("job hourly done: 'b'" in line for line in lines)


@pytest.mark.django_db
def test_every_job_in_the_real_schedule_runs_without_failing():
    runner = JobRunner(schedule=settings.CELERY_BEAT_SCHEDULE, say=lambda line: None)
    results = runner.run_due()
    assert {r.name for r in results} == set(settings.CELERY_BEAT_SCHEDULE)
    assert [r.name for r in results if not r.ok] == []


@pytest.mark.django_db
def test_run_jobs_once_prints_each_job(capsys):
    call_command("run_jobs", "--once")
    out = capsys.readouterr().out
    for name in settings.CELERY_BEAT_SCHEDULE:
        assert f"job {name} (" in out


@pytest.mark.django_db
def test_each_real_job_says_what_it_did_in_one_line(capsys):
    call_command("run_jobs", "--once")
    out = capsys.readouterr().out
    assert "job waiting-list-offers-expire done: no offers past their time" in out
    assert "job session-reminders done: no session reminders due" in out
    assert "job drain-outbox done: no emails waiting" in out


def test_a_job_summary_counts_what_was_done_without_names():
    from recovery_college.celery import app

    JobRunner(schedule={})  # imports every app's tasks
    expire = app.tasks["workshops.tasks.offers_expire"]
    assert describe_result(expire, 1).startswith("1 offer expired (the student was told;")
    assert describe_result(expire, 3).startswith("3 offers expired")
    remind = app.tasks["workshops.tasks.session_reminders"]
    assert (
        describe_result(remind, 2) == "2 session reminders queued (sessions start within 48 hours)"
    )
