"""The College page: the managers' to-do, a summary of one term's courses and a page of
them with their figures. Every read here costs the same number of queries for 20 courses
or 1,000: the filter's choices (3), one page of courses (3: the count, the page's ids,
and its courses with their figures, from one grouped aggregate per table, never a
subquery per course, which the planner turns into a slow merge join after a busy
enrolment day) and every count on the page (1). The fixed reads are plain SQL, which
runs on SQLite and PostgreSQL alike: the page is computed afresh after every write, and
the ORM built its queries afresh each time at more CPU than the queries cost."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from recovery_college.accounts.selectors import STUDENT_COUNT_PARAMS, STUDENT_COUNT_SQL
from recovery_college.forms import int_from, text_clean
from recovery_college.notifications.selectors import (
    OUTBOX_PROBLEM_COUNT_SQL,
    outbox_problem_count_params,
)
from trainers.models import Topic, Trainer
from trainers.selectors import TRAINER_COUNT_PARAMS, TRAINER_COUNT_SQL, trainer_name_sql

from ..models import Attendance, Course, Enrolment, ScheduledSession, Term

PAGE_SIZE = 25
SEARCH_MAX = 100

# What a course of the College page waits for, or what it is. Drafts are the pair's
# business and stay off the page, as before.
STAGES = {
    "to_schedule": "Agreed: waiting to be scheduled",
    "to_publish": "Scheduled: waiting to be published",
    "published": "Published",
    "cancelled": "Cancelled",
    "archived": "Archived",
}
SORTS = {
    "title": ("Title (A to Z)", ("title", "id")),
    "starts": ("First session, soonest first", (F("first_at").asc(nulls_last=True), "id")),
    "fullest": ("Places taken, most first", ("-places_taken", "title", "id")),
    "emptiest": ("Places taken, fewest first", ("places_taken", "title", "id")),
}
ALL_TERMS = "any"


def attendance_rate(*, came: int, missed: int) -> int | None:
    """Of the register marks given, the share "came" (percent), or None before any."""
    marked = came + missed
    return round(100 * came / marked) if marked else None


# The co-production report counts per course with these (a report covers one term's
# courses, listed in full): kept here beside attendance_rate, which it shares.
def _count(queryset):
    counted = queryset.order_by().values("course").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _marks(status: str):
    """How many register marks of this kind a course has, enrolled students' and
    walk-ins' alike (a subquery per course)."""
    counted = (
        Attendance.objects.filter(session__course=OuterRef("pk"), status=status)
        .order_by()
        .values("session__course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- Which courses: the filter ---------------------------------------------------------


@dataclass(frozen=True)
class TrainerChoice:
    """An active trainer as the trainer menu offers them."""

    pk: int
    name: str
    kind_label: str  # "Peer Trainer" or "Practitioner Trainer"


@dataclass(frozen=True)
class CollegeFilters:
    """What the manager asked the course table for, each value checked: anything unknown
    falls back to "everything" (never an error), so an old or mistyped link still
    shows a sensible page."""

    terms: list[Term]
    term: Term | None  # None with all_terms: every term (and none yet)
    all_terms: bool
    stage: str
    trainer: TrainerChoice | None
    trainers: list[TrainerChoice]
    topic: Topic | None
    topics: list[Topic]
    q: str
    sort: str
    page: str

    @property
    def narrowed(self) -> bool:
        return bool(self.stage or self.trainer or self.topic or self.q)

    def query(self, **changes) -> dict:
        """The filter as URL parameters (what is set), with `changes` applied."""
        values = {
            "term": ALL_TERMS if self.all_terms else (self.term.pk if self.term else ""),
            "stage": self.stage,
            "trainer": self.trainer.pk if self.trainer else "",
            "topic": self.topic.pk if self.topic else "",
            "q": self.q,
            "sort": "" if self.sort == "title" else self.sort,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}


# The filter's choices as plain SQL: they are read on every load of the page, and the ORM
# would build the terms' EXISTS and the trainers' join afresh each time, and make two
# model instances per trainer, at more CPU than the queries cost.
_TERMS_SQL = """
    SELECT t.id, t.name, t.starts_on, t.ends_on, t.enrolment_opens_on,
           EXISTS(SELECT 1 FROM workshops_course c
                  WHERE c.term_id = t.id AND c.status = %(published)s) AS has_published
    FROM workshops_term t ORDER BY t.starts_on DESC
"""
_TRAINERS_SQL = """
    SELECT t.id, u.full_name, t.kind
    FROM trainers_trainer t JOIN accounts_user u ON u.id = t.user_id
    WHERE t.is_active ORDER BY u.full_name
"""
_TOPICS_SQL = "SELECT id, name FROM trainers_topic ORDER BY name"


def college_filters(params) -> CollegeFilters:
    """Read the course table's filter from the query string: 3 queries (terms, trainers,
    topics), whatever the number of courses."""
    terms = list(Term.objects.raw(_TERMS_SQL, {"published": Course.Status.PUBLISHED.value}))
    all_terms = params.get("term") == ALL_TERMS
    term_id = int_from(params, "term")
    term = next((t for t in terms if t.pk == term_id), None)
    if term is None and not all_terms:
        current = _current_of(terms)
        term, all_terms = (current, False) if current else (None, True)
    with connection.cursor() as cursor:
        cursor.execute(_TRAINERS_SQL)
        trainers = [
            TrainerChoice(pk, name, Trainer.Kind(kind).label)
            for pk, name, kind in cursor.fetchall()
        ]
    trainer_id = int_from(params, "trainer")
    topics = list(Topic.objects.raw(_TOPICS_SQL))
    topic_id = int_from(params, "topic")
    stage = params.get("stage", "")
    sort = params.get("sort", "")
    return CollegeFilters(
        terms=terms,
        term=None if all_terms else term,
        all_terms=all_terms,
        stage=stage if stage in STAGES else "",
        trainer=next((t for t in trainers if t.pk == trainer_id), None),
        trainers=trainers,
        topic=next((t for t in topics if t.pk == topic_id), None),
        topics=topics,
        q=" ".join(text_clean(str(params.get("q", ""))).split())[:SEARCH_MAX],
        sort=sort if sort in SORTS else "title",
        page=str(params.get("page", "1")),
    )


def _current_of(terms: list[Term]) -> Term | None:
    """The College page's term by default: the prospectus's current term (the one running
    today, else the next, else the latest, among terms with a published course), else the
    newest term, so a college that has not published yet still sees its courses. Reads
    the `has_published` annotation: no query."""
    today = timezone.localdate()
    published = sorted((t for t in terms if t.has_published), key=lambda t: (t.starts_on, t.pk))
    running = [t for t in published if t.starts_on <= today <= t.ends_on]
    coming = [t for t in published if t.starts_on > today]
    if running or coming:
        return (running or coming)[0]
    if published:
        return max(published, key=lambda t: (t.ends_on, t.pk))
    return terms[0] if terms else None


def _ready_to_publish() -> Q:
    """An agreed course with every session booked, a term and places: what scheduling
    asks for. Needs the `booked` annotation."""
    return Q(booked__gte=F("session_count"), term__isnull=False, capacity__isnull=False)


def _term_courses(filters: CollegeFilters) -> QuerySet[Course]:
    courses = Course.objects.filter(is_template=False).exclude(status=Course.Status.DRAFT)
    if not filters.all_terms:
        courses = courses.filter(term=filters.term)
    return courses


def _table(filters: CollegeFilters) -> QuerySet[Course]:
    """The term's courses narrowed by the filter, in the chosen order. Only the sort by
    first session joins the sessions (grouped, once); the stages that wait for a manager
    count booked sessions over agreed courses only, which are few."""
    courses = _term_courses(filters)
    if filters.stage in ("to_schedule", "to_publish"):
        ready = _ready_to_publish()
        courses = courses.filter(status=Course.Status.AGREED).annotate(booked=_booked_sessions())
        courses = courses.filter(ready if filters.stage == "to_publish" else ~ready)
    elif filters.stage:
        courses = courses.filter(status=filters.stage)
    if filters.trainer:
        courses = courses.filter(
            Q(pairing__peer=filters.trainer.pk) | Q(pairing__practitioner=filters.trainer.pk)
        )
    if filters.topic:
        courses = courses.filter(topic=filters.topic)
    if filters.q:
        courses = courses.filter(title__icontains=filters.q)
    if filters.sort == "starts":
        courses = courses.alias(
            first_at=Min("sessions__starts_at", filter=Q(sessions__cancelled=False))
        )
    return courses.order_by(*SORTS[filters.sort][1])


# --- The summary and the page's figures -----------------------------------------------


@dataclass
class TermSummary:
    """One term at a glance: courses by stage and the totals of their figures."""

    stages: dict[str, int] = field(default_factory=dict)
    courses: int = 0
    places_taken: int = 0
    capacity: int = 0
    enrolled: int = 0
    waiting: int = 0
    offers: int = 0
    came: int = 0
    no_shows: int = 0
    feedback: int = 0

    @property
    def attendance_rate(self) -> int | None:
        return attendance_rate(came=self.came, missed=self.no_shows)


def _booked_sessions():
    """Sessions booked (not cancelled) of one course: a subquery, used only over agreed
    courses, which are few (they wait for a manager)."""
    booked = (
        ScheduledSession.objects.filter(course=OuterRef("pk"), cancelled=False)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(booked, output_field=IntegerField()), Value(0))


def course_stage(course: Course) -> str:
    """The stage code of a course read by `college_course_page` (which sets `booked`)."""
    if course.status != Course.Status.AGREED:
        return course.status
    ready = (
        course.booked >= course.session_count
        and course.term_id is not None
        and course.capacity is not None
    )
    return "to_publish" if ready else "to_schedule"


# One page of courses with what the table shows: the trainers' names and the term's, and
# the figures, each from one grouped aggregate over the page's courses (never a subquery
# per course, which the planner can turn into a slow merge join after a busy enrolment
# day). Plain SQL: the ORM built the same five queries afresh on every load, at several
# times the CPU they cost. `{page}` is the page's course ids, one parameter each, named
# by college_course_page: written out in each part, so that each reads its table through
# the course's index (a subquery naming them, like a WITH, reads the whole table).
_PAGE_SQL = f"""
    SELECT c.id, c.title, c.status, c.pairing_id, c.session_count, c.capacity,
           c.places_taken, c.term_id, t.name AS term_name,
           COALESCE({trainer_name_sql("p.peer_id")}, '') AS peer_name,
           COALESCE({trainer_name_sql("p.practitioner_id")}, '') AS practitioner_name,
           COALESCE(s.booked, 0) AS booked, s.first_at,
           COALESCE(e.enrolled, 0) AS enrolled, COALESCE(e.waiting, 0) AS waiting,
           COALESCE(e.offers, 0) AS offers,
           COALESCE(m.came, 0) AS came, COALESCE(m.no_shows, 0) AS no_shows,
           COALESCE(f.feedback_count, 0) AS feedback_count
    FROM workshops_course c
    LEFT JOIN workshops_term t ON t.id = c.term_id
    LEFT JOIN trainers_pairing p ON p.id = c.pairing_id
    LEFT JOIN (
        SELECT course_id, COUNT(*) AS booked, MIN(starts_at) AS first_at
        FROM workshops_scheduledsession
        WHERE NOT cancelled AND course_id IN ({{page}}) GROUP BY course_id
    ) s ON s.course_id = c.id
    LEFT JOIN (
        SELECT course_id,
               COUNT(CASE WHEN status = %(enrolled)s THEN 1 END) AS enrolled,
               COUNT(CASE WHEN status = %(waiting)s THEN 1 END) AS waiting,
               COUNT(CASE WHEN status = %(offered)s THEN 1 END) AS offers
        FROM workshops_enrolment
        WHERE course_id IN ({{page}}) GROUP BY course_id
    ) e ON e.course_id = c.id
    LEFT JOIN (
        SELECT s.course_id,
               COUNT(CASE WHEN a.status = %(present)s THEN 1 END) AS came,
               COUNT(CASE WHEN a.status = %(absent)s THEN 1 END) AS no_shows
        FROM workshops_attendance a JOIN workshops_scheduledsession s ON s.id = a.session_id
        WHERE s.course_id IN ({{page}}) GROUP BY s.course_id
    ) m ON m.course_id = c.id
    LEFT JOIN (
        SELECT course_id, COUNT(*) AS feedback_count
        FROM workshops_feedback
        WHERE course_id IN ({{page}}) GROUP BY course_id
    ) f ON f.course_id = c.id
    WHERE c.id IN ({{page}})
"""  # noqa: S608 - trainer_name_sql writes our own column names
_PAGE_PARAMS = {
    "enrolled": Enrolment.Status.ENROLLED.value,
    "waiting": Enrolment.Status.WAITING.value,
    "offered": Enrolment.Status.OFFERED.value,
    "present": Attendance.Status.PRESENT.value,
    "absent": Attendance.Status.ABSENT.value,
}


def _from_sqlite(when):
    """MIN(starts_at) as plain SQL gives it: PostgreSQL an aware datetime, SQLite the text
    Django stored (in UTC, with no zone)."""
    return datetime.fromisoformat(when).replace(tzinfo=UTC) if isinstance(when, str) else when


def college_course_page(filters: CollegeFilters) -> Page:
    """One page of the filtered courses with their figures: 3 queries (the count, the
    page's ids, and its courses with their figures: _PAGE_SQL), 1 when the filter finds
    no course. Each course carries the columns the table shows, `term_name`, its
    trainers' names (`peer_name`, `practitioner_name`; blank without a pairing), sessions
    `booked` and the first (`first_at`), `enrolled`, `waiting`, `offers`, `came`,
    `no_shows`, `feedback_count`, `attendance_rate` and its `stage` with `stage_label`.
    The ids are chosen first from the narrow course rows alone, so the term's other
    courses are never joined or carried through the sort. A page number that is not a
    number gives the first page; one past the end the last."""
    page = Paginator(_table(filters).values_list("pk", flat=True), PAGE_SIZE).get_page(filters.page)
    ids = list(page.object_list)
    rows = []
    if ids:
        page_ids = {f"course_{n}": pk for n, pk in enumerate(ids)}
        sql = _PAGE_SQL.format(page=", ".join(f"%({name})s" for name in page_ids))
        rows = Course.objects.raw(sql, {**_PAGE_PARAMS, **page_ids})
    by_id = {course.pk: course for course in rows}
    # A course deleted between the two reads is left out rather than failing the page.
    courses = [by_id[pk] for pk in ids if pk in by_id]
    for course in courses:
        course.first_at = _from_sqlite(course.first_at)
        course.attendance_rate = attendance_rate(came=course.came, missed=course.no_shows)
        course.stage = course_stage(course)
        course.stage_label = STAGES.get(course.stage, course.get_status_display())
    page.object_list = courses
    return page


# --- The page's counts, in one query ---------------------------------------------------

# The term's courses, as the table has them before its filter: not templates, not drafts;
# in one term, or in any (and none yet). Text chosen from these two, never from input.
_TERM_COURSES = "NOT c.is_template AND c.status <> %(draft)s"
_IN_TERM = " AND c.term_id = %(term)s"

# Everything the page counts, in one row: the term's courses by status with their places
# (a cancelled course's are not on offer), their enrolments, register marks and feedback;
# the courses both trainers agreed that wait for a manager, in any term or none yet (ready
# to publish: every session booked, a term and places, as _ready_to_publish), and those of
# the term; and the people and mail counts other apps define. Each part is one aggregate
# with no GROUP BY, so exactly one row, and the parts are joined side by side. Plain SQL:
# the ORM built eight aggregate queries afresh on every load, at several times the CPU the
# counting costs.
_COUNTS_SQL = """
    SELECT * FROM (
        SELECT COUNT(*) AS courses,
               COUNT(CASE WHEN c.status = %(published)s THEN 1 END) AS published,
               COUNT(CASE WHEN c.status = %(cancelled)s THEN 1 END) AS cancelled,
               COUNT(CASE WHEN c.status = %(archived)s THEN 1 END) AS archived,
               COALESCE(SUM(CASE WHEN c.status <> %(cancelled)s THEN c.places_taken END), 0)
                   AS places_taken,
               COALESCE(SUM(CASE WHEN c.status <> %(cancelled)s THEN c.capacity END), 0)
                   AS capacity
        FROM workshops_course c WHERE {term_courses}
    ) courses, (
        SELECT COUNT(CASE WHEN e.status = %(enrolled)s THEN 1 END) AS enrolled,
               COUNT(CASE WHEN e.status = %(waiting)s THEN 1 END) AS waiting,
               COUNT(CASE WHEN e.status = %(offered)s THEN 1 END) AS offers
        FROM workshops_enrolment e JOIN workshops_course c ON c.id = e.course_id
        WHERE {term_courses}
    ) enrolments, (
        SELECT COUNT(CASE WHEN a.status = %(present)s THEN 1 END) AS came,
               COUNT(CASE WHEN a.status = %(absent)s THEN 1 END) AS no_shows
        FROM workshops_attendance a
        JOIN workshops_scheduledsession s ON s.id = a.session_id
        JOIN workshops_course c ON c.id = s.course_id
        WHERE {term_courses}
    ) marks, (
        SELECT COUNT(*) AS feedback
        FROM workshops_feedback f JOIN workshops_course c ON c.id = f.course_id
        WHERE {term_courses}
    ) feedback, (
        SELECT COUNT(CASE WHEN ready = 0 THEN 1 END) AS to_schedule,
               COUNT(CASE WHEN ready = 1 THEN 1 END) AS to_publish,
               COUNT(CASE WHEN ready = 0 AND term_id = %(term)s THEN 1 END) AS term_to_schedule,
               COUNT(CASE WHEN ready = 1 AND term_id = %(term)s THEN 1 END) AS term_to_publish
        FROM (
            SELECT c.term_id,
                   CASE WHEN c.term_id IS NOT NULL AND c.capacity IS NOT NULL
                         AND c.session_count <= (
                             SELECT COUNT(*) FROM workshops_scheduledsession s
                             WHERE s.course_id = c.id AND NOT s.cancelled
                         )
                        THEN 1 ELSE 0 END AS ready
            FROM workshops_course c WHERE NOT c.is_template AND c.status = %(agreed)s
        ) agreed
    ) waiting, (
        SELECT {people}
    ) people
"""
_PEOPLE = {
    "student_count": STUDENT_COUNT_SQL,
    **TRAINER_COUNT_SQL,
    "mail_problems": OUTBOX_PROBLEM_COUNT_SQL,
}
_PEOPLE_SQL = ", ".join(f"({sql}) AS {name}" for name, sql in _PEOPLE.items())
_COUNTS_IN_TERM_SQL = _COUNTS_SQL.format(term_courses=_TERM_COURSES + _IN_TERM, people=_PEOPLE_SQL)
_COUNTS_IN_ANY_TERM_SQL = _COUNTS_SQL.format(term_courses=_TERM_COURSES, people=_PEOPLE_SQL)
_COUNTS_PARAMS = {
    "draft": Course.Status.DRAFT.value,
    "agreed": Course.Status.AGREED.value,
    "published": Course.Status.PUBLISHED.value,
    "cancelled": Course.Status.CANCELLED.value,
    "archived": Course.Status.ARCHIVED.value,
    "enrolled": Enrolment.Status.ENROLLED.value,
    "waiting": Enrolment.Status.WAITING.value,
    "offered": Enrolment.Status.OFFERED.value,
    "present": Attendance.Status.PRESENT.value,
    "absent": Attendance.Status.ABSENT.value,
    **STUDENT_COUNT_PARAMS,
    **TRAINER_COUNT_PARAMS,
}


@dataclass(frozen=True)
class CollegeCounts:
    """The College page's counts (see college_counts)."""

    summary: TermSummary
    # Agreed courses waiting for a manager, in any term or none yet: to_schedule
    # (sessions, term or places missing) and to_publish.
    waiting: dict[str, int]
    student_count: int
    peer_count: int
    practitioner_count: int
    mail_problems: int  # mail given up or late (notifications' outbox_problem_count)


def college_counts(filters: CollegeFilters) -> CollegeCounts:
    """The term's summary (courses per stage, the totals of places, enrolments, waiting
    lists, offers, attendance and feedback), the agreed courses waiting for a manager, the
    students, the active trainers of each kind and the mail in trouble: 1 query, however
    many courses."""
    sql = _COUNTS_IN_ANY_TERM_SQL if filters.all_terms else _COUNTS_IN_TERM_SQL
    params = {
        **_COUNTS_PARAMS,
        **outbox_problem_count_params(),
        "term": None if filters.all_terms else filters.term.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    if filters.all_terms:  # every agreed course is in the table
        row["term_to_schedule"], row["term_to_publish"] = row["to_schedule"], row["to_publish"]
    summary = TermSummary(
        stages={code: row[f"term_{code}" if f"term_{code}" in row else code] for code in STAGES},
        **{name: row[name] for name in ("courses", "places_taken", "capacity", "enrolled")},
        **{name: row[name] for name in ("waiting", "offers", "came", "no_shows", "feedback")},
    )
    return CollegeCounts(
        summary=summary,
        waiting={"to_schedule": row["to_schedule"], "to_publish": row["to_publish"]},
        student_count=row["student_count"],
        peer_count=row["peer_count"],
        practitioner_count=row["practitioner_count"],
        mail_problems=row["mail_problems"],
    )
