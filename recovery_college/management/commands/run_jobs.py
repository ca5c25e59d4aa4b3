"""Run the scheduled jobs in this process, on the Celery beat schedule (settings).

`make run` starts it beside runserver when there is no `REDIS_URL`; with Redis, use
`make worker` and `make beat` instead. See recovery_college/jobs.py for what a slot is."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from recovery_college.jobs import JobRunner


class Command(BaseCommand):
    help = "Run the scheduled jobs (CELERY_BEAT_SCHEDULE) in-process, each once per slot."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=10.0, help="Seconds between looks at the clock."
        )
        parser.add_argument("--once", action="store_true", help="Run what is due now, then stop.")

    def handle(self, *args, tick: float, once: bool, **options):
        # Stop cleanly on Ctrl+C or the SIGTERM `make run` sends when runserver stops.
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
        runner = JobRunner(schedule=settings.CELERY_BEAT_SCHEDULE, say=self._say)
        names = ", ".join(settings.CELERY_BEAT_SCHEDULE)
        self._say(f"Scheduled jobs running in this process (no REDIS_URL): {names}")
        try:
            while True:
                runner.run_due()
                if once:
                    return
                time.sleep(tick)
        except KeyboardInterrupt:
            self._say("Scheduled jobs stopped.")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
