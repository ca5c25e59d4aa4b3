"""What is live is what was agreed: a published course's live version (what students
read) against the pair's working copy, and whether both trainers have agreed what is
current. Everything here is computed from the records, never from a cached status."""

import functools
from dataclasses import dataclass, field

from recovery_college.accounts.models import User
from trainers.models import Trainer
from trainers.selectors import topics_all

from ..models import Course, CourseChange, CourseSignOff
from ..snapshots import course_snapshot, plan_lines, snapshot_diff

PUBLIC_DETAILS = (
    ("title", "Title"),
    ("summary", "Summary"),
    ("outcomes", "Learning outcomes"),
    ("audience", "Who it is for"),
    ("topic_id", "Topic"),
)


@dataclass
class DetailChange:
    label: str
    now: str  # what students read now
    after: str  # what they would read once both agree


@dataclass
class LiveState:
    live_version: int | None = None
    pending: bool = False  # the working copy differs from the live version
    details: list[DetailChange] = field(default_factory=list)
    plan_rows: list = field(default_factory=list)  # (kind, line) of the plans, changed only

    @property
    def is_live(self) -> bool:
        return self.live_version is not None


def course_live_state(*, course: Course) -> LiveState:
    """The live version against the working copy (3 queries for a live course, none
    otherwise)."""
    if not course.is_live:
        return LiveState()
    live = (
        CourseChange.objects.filter(course=course, version=course.live_version)
        .values_list("snapshot", flat=True)
        .first()
    )
    working = course_snapshot(course)
    if live is None or live == working:
        return LiveState(course.live_version)
    names = {}
    details = []
    for key, label in PUBLIC_DETAILS:
        if live.get(key) == working.get(key):
            continue
        if key == "topic_id":
            names = names or {t.pk: t.name for t in topics_all()}
            now, after = (names.get(v, "None") for v in (live.get(key), working.get(key)))
        else:
            now, after = live.get(key) or "", working.get(key) or ""
        details.append(DetailChange(label, now, after))
    plan_rows = [row for row in snapshot_diff(live, working, lines=plan_lines) if row[0] != "same"]
    return LiveState(course.live_version, True, details, plan_rows)


@dataclass
class SignOff:
    """Who has agreed the current version, and whether what is current is agreed: both
    signed it, or (on a live course) it is the live version both agreed.

    Both are worked out when first asked for. The sign-offs (1 query): a course whose live
    version is its current one is agreed without them, so the plan editor's sign-off line
    of a published course nobody is changing reads nothing. `live` (the live version
    against the working copy, 3 queries on a live course): when both signed the current
    version, `agreed` and `is_live` need none of it."""

    course: Course = field(repr=False)
    _live: LiveState | None = field(default=None, repr=False)

    @functools.cached_property
    def agreed_ids(self) -> set:
        course = self.course
        return set(
            CourseSignOff.objects.filter(course=course, version=course.version).values_list(
                "trainer_id", flat=True
            )
        )

    @property
    def _trainers(self) -> tuple:
        return self.course.pairing.trainers if self.course.pairing_id else ()

    @functools.cached_property
    def rows(self) -> list:
        """(trainer, agreed the current version), for each of the pair, with their users
        for their names (read here in one query when the course was read without them,
        as `course_for_plan` does)."""
        trainers = self._trainers
        missing = [t for t in trainers if not Trainer.user.is_cached(t)]
        if missing:
            users = User.objects.in_bulk({t.user_id for t in missing})
            for trainer in missing:
                trainer.user = users[trainer.user_id]
        return [(t, t.pk in self.agreed_ids) for t in trainers]

    @property
    def both_current(self) -> bool:
        trainers = self._trainers
        return bool(trainers) and self.agreed_ids >= {t.pk for t in trainers}

    @property
    def live(self) -> LiveState:
        if self._live is None:
            self._live = course_live_state(course=self.course)
        return self._live

    @property
    def is_live(self) -> bool:
        """Students see a version of the course (as `live.is_live`, without reading it)."""
        return self.course.is_live

    @property
    def agreed(self) -> bool:
        # The live version is the current one: both agreed it (that is how a version goes
        # live) and nothing has changed since (every change bumps the version).
        if self.is_live and self.course.live_version == self.course.version:
            return True
        return self.both_current or (self.is_live and not self.live.pending)

    @property
    def both(self) -> bool:  # the name the templates have always used
        return self.agreed


def course_signoff(*, course: Course, live: LiveState | None = None) -> SignOff:
    """Where agreeing the current version stands (reads nothing until asked: see
    SignOff)."""
    return SignOff(course=course, _live=live)


def version_was_agreed(*, course: Course, version: int) -> bool:
    """Had both trainers agreed `version` (or was it the live version)? For the notice
    after a change that means agreeing again (1 query)."""
    if course.live_version == version:
        return True
    return CourseSignOff.objects.filter(course=course, version=version).count() >= 2
