"""The co-production fidelity report (managers): one term, optionally one pairing or one
topic. A fixed number of queries however many courses (asserted for 20 and 500).

Definitions (also in the README):
- a session is *held* once it has started and was not cancelled;
- it is *co-delivered* unless a trainer asked for cover that never came (recorded as
  "delivered by one trainer", or still open when it started);
- *planned* shares are minutes of planned sections by lead; *delivered* shares come from
  filed debriefs: for each debriefed session, the minutes each debrief gives each lead,
  averaged over that session's debriefs (so two debriefs that disagree count half each);
- a debrief is *due* from each trainer who delivered a held session, from the next day.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Avg, Count, F, Min, OuterRef, Q, Sum
from django.utils import timezone

from recovery_college.forms import int_from
from trainers.models import Topic
from trainers.selectors import pairing_list

from ..models import (
    CollegeSettings,
    Course,
    CourseSignOff,
    CoverRequest,
    Debrief,
    DebriefSection,
    Enrolment,
    Feedback,
    ScheduledSession,
    Section,
    Term,
)
from .college import _count, _marks, attendance_rate

LEADS = ("peer", "shared", "practitioner")
LEAD_LABELS = {"peer": "Peer Trainer", "shared": "Both", "practitioner": "Practitioner Trainer"}
SHOWN = (Course.Status.PUBLISHED, Course.Status.ARCHIVED)
ANSWERS = ("yes", "partly", "no", "unsure")


def pct(part: float, whole: float) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Split:
    """Minutes led by the peer, both and the practitioner."""

    minutes: dict = field(default_factory=lambda: dict.fromkeys(LEADS, 0.0))

    def add(self, lead: str, minutes: float) -> None:
        self.minutes[lead] += minutes

    def merge(self, other: "Split") -> None:
        for lead in LEADS:
            self.minutes[lead] += other.minutes[lead]

    @property
    def total(self) -> float:
        return sum(self.minutes.values())

    def share(self, lead: str) -> int | None:
        return pct(self.minutes[lead], self.total)

    @property
    def shares(self) -> dict:
        return {lead: self.share(lead) for lead in LEADS}

    @property
    def peer_or_shared(self) -> int | None:
        return pct(self.minutes["peer"] + self.minutes["shared"], self.total)


@dataclass
class CourseRow:
    course: Course
    first_session: datetime | None = None
    planned: Split = field(default_factory=Split)
    delivered: Split = field(default_factory=Split)
    held: int = 0
    co_delivered: int = 0
    with_cover: int = 0
    debriefs_due: int = 0
    debriefs_done: int = 0
    feedback_avg: float | None = None
    feedback_count: int = 0
    agreed_by_both: bool = False


@dataclass
class Filters:
    pairing: int | None = None
    topic: int | None = None

    @classmethod
    def from_query(cls, params) -> "Filters":
        return cls(pairing=int_from(params, "pairing"), topic=int_from(params, "topic"))


@dataclass
class Report:
    term: Term | None
    filters: Filters
    threshold: int
    courses: list[CourseRow] = field(default_factory=list)
    planned: Split = field(default_factory=Split)
    delivered: Split = field(default_factory=Split)
    held: int = 0
    co_delivered: int = 0
    with_cover: int = 0
    debriefs_due: int = 0
    debriefs_done: int = 0
    came: int = 0
    missed: int = 0
    enrolled: int = 0
    capacity: int = 0
    waiting: int = 0
    feedback_count: int = 0
    feedback_avg: float | None = None
    answers: dict = field(default_factory=dict)  # question -> {answer: n}
    agreed_by_both: int = 0
    pairings: list = field(default_factory=list)  # the term's pairings, with agreement_state
    histories: list = field(default_factory=list)  # [(pairing, [CourseRow, ...])]
    terms: list = field(default_factory=list)
    pairing_choices: list = field(default_factory=list)
    topic_choices: list = field(default_factory=list)

    @property
    def solo(self) -> int:
        return self.held - self.co_delivered

    @property
    def attendance(self) -> int | None:
        return attendance_rate(came=self.came, missed=self.missed)

    @property
    def fill(self) -> int | None:
        return pct(self.enrolled, self.capacity)

    @property
    def in_force(self) -> int:
        return sum(1 for p in self.pairings if p.agreement_state.in_force)

    @property
    def reviews_overdue(self) -> int:
        return sum(1 for p in self.pairings if p.agreement_state.code == "review_passed")


def report_terms() -> list[Term]:
    return list(Term.objects.filter(courses__status__in=SHOWN).distinct().order_by("-starts_on"))


def report_term(params, terms: list[Term]) -> Term | None:
    """`?term=<id>` among terms with courses; else the latest term that has started."""
    wanted = int_from(params, "term")
    for term in terms:
        if term.pk == wanted:
            return term
    today = timezone.localdate()
    return next((t for t in terms if t.starts_on <= today), terms[-1] if terms else None)


def fidelity_report(*, user, term: Term | None, filters: Filters, terms=None) -> Report:
    """Everything the report page, its CSV, print view and PDF show: 14 queries,
    however many courses, pairings or sessions."""
    report = Report(
        term=term, filters=filters, threshold=CollegeSettings.load().peer_share_threshold
    )
    report.terms = terms if terms is not None else report_terms()
    all_pairings = pairing_list(user=user)
    report.topic_choices = list(Topic.objects.order_by("name"))
    if term is None:
        return report
    term_courses = Course.objects.filter(term=term, is_template=False, status__in=SHOWN)
    in_term = set(term_courses.values_list("pairing_id", flat=True))
    report.pairing_choices = [p for p in all_pairings if p.pk in in_term]
    if filters.pairing:
        term_courses = term_courses.filter(pairing_id=filters.pairing)
    if filters.topic:
        term_courses = term_courses.filter(topic_id=filters.topic)
    by_course = {"course": OuterRef("pk")}
    courses = list(
        term_courses.select_related("pairing__peer__user", "pairing__practitioner__user", "topic")
        .annotate(
            enrolled=_count(
                Enrolment.objects.filter(status=Enrolment.Status.ENROLLED, **by_course)
            ),
            waiting=_count(Enrolment.objects.filter(status=Enrolment.Status.WAITING, **by_course)),
            came=_marks("present"),
            missed=_marks("absent"),
        )
        .order_by("title", "pk")
    )
    pairing_ids = {c.pairing_id for c in courses}
    report.pairings = [p for p in all_pairings if p.pk in pairing_ids]
    # Every shown course of these pairings (any term), for how their split has moved.
    history = list(
        Course.objects.filter(pairing_id__in=pairing_ids, is_template=False, status__in=SHOWN)
        .annotate(first=Min("sessions__starts_at", filter=Q(sessions__cancelled=False)))
        .filter(first__lt=timezone.now())  # courses that have started
        .values("pk", "title", "pairing_id", "first", "term_id")
    )
    history_ids = [h["pk"] for h in history]
    planned = defaultdict(Split)
    for row in (
        Section.objects.filter(plan__course_id__in=history_ids)
        .filter(plan__number__lte=F("plan__course__session_count"))
        .values("plan__course_id", "lead")
        .annotate(minutes=Sum("minutes"))
    ):
        planned[row["plan__course_id"]].add(row["lead"], row["minutes"] or 0)
    delivered = _delivered(history_ids)
    _term_figures(report, courses, planned, delivered)
    _history(report, history, planned, delivered)
    return report


def _delivered(course_ids) -> dict:
    """Per course, delivered minutes by lead, averaged over each session's debriefs."""
    per_session = defaultdict(Split)
    debriefs_of = defaultdict(set)
    course_of = {}
    for row in (
        DebriefSection.objects.filter(
            debrief__session__course_id__in=course_ids,
            debrief__submitted_at__isnull=False,
            debrief__session__cancelled=False,
        )
        .values(
            "debrief_id", "debrief__session_id", "debrief__session__course_id", "delivered_lead"
        )
        .annotate(minutes=Sum("minutes"))
    ):
        session = row["debrief__session_id"]
        per_session[session].add(row["delivered_lead"], row["minutes"] or 0)
        debriefs_of[session].add(row["debrief_id"])
        course_of[session] = row["debrief__session__course_id"]
    by_course = defaultdict(Split)
    for session, split in per_session.items():
        n = len(debriefs_of[session])
        for lead in LEADS:
            by_course[course_of[session]].add(lead, split.minutes[lead] / n)
    return by_course


def _term_figures(report: Report, courses, planned, delivered) -> None:
    ids = [c.pk for c in courses]
    now = timezone.now()
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    sessions = list(
        ScheduledSession.objects.filter(
            course_id__in=ids, cancelled=False, starts_at__lt=now
        ).values("pk", "course_id", "starts_at", "peer_id", "practitioner_id")
    )
    requests = defaultdict(list)
    for r in CoverRequest.objects.filter(
        session__course_id__in=ids, status__in=CoverRequest.LIVE, session__cancelled=False
    ).values("session_id", "status", "absent_trainer_id"):
        requests[r["session_id"]].append(r)
    filed = set(
        Debrief.objects.filter(session__course_id__in=ids, submitted_at__isnull=False).values_list(
            "session_id", "trainer_id"
        )
    )
    feedback = {
        f["course"]: f
        for f in Feedback.objects.filter(course_id__in=ids)
        .values("course")
        .annotate(
            n=Count("pk"),
            avg=Avg("rating"),
            **{
                f"{q}_{a}": Count("pk", filter=Q(**{q: a}))
                for q in ("both_led", "both_valued")
                for a in ANSWERS
            },
        )
    }
    agreed = set(
        CourseSignOff.objects.filter(course_id__in=ids)
        .values("course_id", "version")
        .annotate(n=Count("trainer", distinct=True))
        .filter(n__gte=2)
        .values_list("course_id", flat=True)
    )
    rows = {c.pk: CourseRow(course=c) for c in courses}
    for s in sessions:
        row = rows[s["course_id"]]
        row.held += 1
        live = requests.get(s["pk"], [])
        absent = {r["absent_trainer_id"] for r in live if r["status"] != "covered"}
        if not absent:
            row.co_delivered += 1
            row.with_cover += any(r["status"] == "covered" for r in live)
        if s["starts_at"] < today_start:
            deliverers = {s["peer_id"], s["practitioner_id"]} - absent
            row.debriefs_due += len(deliverers)
            row.debriefs_done += sum(1 for t in deliverers if (s["pk"], t) in filed)
    report.answers = {q: dict.fromkeys(ANSWERS, 0) for q in ("both_led", "both_valued")}
    rating_sum = 0.0
    for course in courses:
        row = rows[course.pk]
        row.planned = planned.get(course.pk, Split())
        row.delivered = delivered.get(course.pk, Split())
        row.agreed_by_both = course.pk in agreed
        f = feedback.get(course.pk)
        if f:
            row.feedback_count, row.feedback_avg = f["n"], round(f["avg"], 1)
            rating_sum += f["avg"] * f["n"]
            for q in report.answers:
                for a in ANSWERS:
                    report.answers[q][a] += f[f"{q}_{a}"]
        report.planned.merge(row.planned)
        report.delivered.merge(row.delivered)
        for name in ("held", "co_delivered", "with_cover", "debriefs_due", "debriefs_done"):
            setattr(report, name, getattr(report, name) + getattr(row, name))
        report.came += course.came
        report.missed += course.missed
        report.enrolled += course.enrolled
        report.capacity += course.capacity or 0
        report.waiting += course.waiting
        report.feedback_count += row.feedback_count
        report.agreed_by_both += row.agreed_by_both
        report.courses.append(row)
    report.feedback_avg = (
        round(rating_sum / report.feedback_count, 1) if report.feedback_count else None
    )


def _history(report: Report, history, planned, delivered) -> None:
    by_pairing = defaultdict(list)
    for h in history:
        row = CourseRow(course=Course(pk=h["pk"], title=h["title"], term_id=h["term_id"]))
        row.first_session = h["first"]
        row.planned = planned.get(h["pk"], Split())
        row.delivered = delivered.get(h["pk"], Split())
        by_pairing[h["pairing_id"]].append(row)
    far = timezone.make_aware(datetime.max.replace(year=9000))
    for pairing in report.pairings:
        rows = sorted(by_pairing.get(pairing.pk, []), key=lambda r: r.first_session or far)
        report.histories.append((pairing, rows))
