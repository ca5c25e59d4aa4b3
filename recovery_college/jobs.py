"""The embedded job runner: the Celery beat schedule, run in-process.

Under `make run` with no `REDIS_URL` there is no broker, worker or beat. `run_jobs` (the
management command) reads the one schedule, `settings.CELERY_BEAT_SCHEDULE`, and runs each
task whose slot has come, in this process, on the same schedule beat would keep.

A *slot* is one stretch of a job's interval counted from the Unix epoch (for a
five-minute job, 10:00–10:05, 10:05–10:10, …), so a job runs once in each slot however
often the runner looks and however long a job takes; a slot missed while the runner was
stopped or busy is run once, not once per missed slot. A crontab schedule runs once per
minute it names. A job that fails is logged with its traceback and the others still run.

Each task says in one line what it did (`job_summary`), so the console shows the work, not
just the job's name: "done: 1 offer expired (the student was told; the place goes to the
next person waiting, if anyone is)". Summaries hold counts only, never names or emails.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery.schedules import crontab, schedule
from django.apps import apps
from django.utils import timezone

from recovery_college.celery import app as celery_app

logger = logging.getLogger("recovery_college.jobs")


def _interval_seconds(spec) -> float | None:
    if isinstance(spec, timedelta):
        return spec.total_seconds()
    if isinstance(spec, int | float):
        return float(spec)
    if isinstance(spec, schedule) and not isinstance(spec, crontab):
        return spec.run_every.total_seconds()
    return None


def slot_of(spec, now: datetime) -> tuple:
    """Which slot of this schedule `now` falls in: jobs run once per distinct slot."""
    seconds = _interval_seconds(spec)
    if seconds is not None:
        return ("every", math.floor(now.timestamp() / seconds))
    if isinstance(spec, crontab):
        local = timezone.localtime(now).replace(second=0, microsecond=0)
        due = (
            local.minute in spec.minute
            and local.hour in spec.hour
            and local.isoweekday() % 7 in spec.day_of_week
            and local.day in spec.day_of_month
            and local.month in spec.month_of_year
        )
        return ("cron", local.isoformat()) if due else ("cron-idle", None)
    raise ValueError(f"Unsupported schedule {spec!r}: use a timedelta, seconds or crontab.")


def job_summary(*, none: str, one: str, many: str):
    """Mark a task function with how to say what it did, from the count it returns:
    `none` for 0, `one` for 1, `many` (with `{n}`) otherwise. Put it under
    `@shared_task` so the task's `run` carries it."""

    def describe(count) -> str:
        if not isinstance(count, int):
            return repr(count)
        return none if count == 0 else one if count == 1 else many.format(n=count)

    def mark(function):
        function.job_summary = describe
        return function

    return mark


def describe_result(task, result) -> str:
    """The task's own one-line summary of its result, or the result itself."""
    describe = getattr(getattr(task, "run", None), "job_summary", None)
    return describe(result) if describe else repr(result)


@dataclass
class JobResult:
    name: str
    ok: bool
    result: object = None


@dataclass
class JobRunner:
    """Runs the due jobs of a beat schedule; `run_due(now)` is one look at the clock."""

    schedule: Mapping[str, Mapping]
    say: Callable[[str], None] = print
    last_slots: dict[str, tuple] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Import every app's tasks.py now (Celery finds them lazily), so a task named in
        # the schedule is known before its first slot.
        for config in apps.get_app_configs():
            if importlib.util.find_spec(f"{config.name}.tasks") is not None:
                importlib.import_module(f"{config.name}.tasks")

    def due(self, now: datetime) -> list[str]:
        names = []
        for name, entry in self.schedule.items():
            slot = slot_of(entry["schedule"], now)
            if slot[0] == "cron-idle":
                continue
            if self.last_slots.get(name) != slot:
                names.append(name)
        return names

    def run_due(self, now: datetime | None = None) -> list[JobResult]:
        now = now or timezone.now()
        results = []
        for name in self.due(now):
            entry = self.schedule[name]
            self.last_slots[name] = slot_of(entry["schedule"], now)
            results.append(self.run_one(name, entry, now))
        return results

    def run_one(self, name: str, entry: Mapping, now: datetime) -> JobResult:
        stamp = timezone.localtime(now).strftime("%H:%M:%S")
        self.say(f"[{stamp}] job {name} ({entry['task']}) running")
        try:
            task = celery_app.tasks[entry["task"]]
            result = task.apply(
                args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True
            ).get(disable_sync_subtasks=False)
        except Exception:
            logger.exception("Scheduled job %s (%s) failed", name, entry["task"])
            self.say(f"[{stamp}] job {name} FAILED (see the log above); the others go on")
            return JobResult(name=name, ok=False)
        self.say(f"[{stamp}] job {name} done: {describe_result(task, result)}")
        return JobResult(name=name, ok=True, result=result)
