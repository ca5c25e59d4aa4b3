"""The fidelity report as sections: each a heading, a one-sentence summary, a chart drawn
as SVG on the server (no JavaScript) and the data table the chart shows. The page, the
print view, the PDF and the CSV all read these same tables, so they cannot disagree."""

from dataclasses import dataclass, field

from .selectors.report import ANSWERS, LEAD_LABELS, LEADS, Report, Split
from .svg import bars as _bars

COLOURS = {"peer": "#1d5e2f", "shared": "#5b3a8c", "practitioner": "#0b4f8a", "gap": "#9a3412"}
ANSWER_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No", "unsure": "Not sure"}
ANSWER_COLOURS = {"yes": "#1d5e2f", "partly": "#6b5b00", "no": "#9a3412", "unsure": "#4b5563"}
QUESTIONS = {
    "both_led": "Did both trainers lead parts of the course?",
    "both_valued": "Did both trainers' experience feel valued?",
}


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    summary: str
    table: Table
    svg: str = ""
    wide: bool = False  # a long table: the chart above it rather than beside it


def _p(value) -> str:
    return "–" if value is None else f"{value}%"


def _split_segments(split: Split) -> list[tuple[str, float, str]]:
    return [(LEAD_LABELS[lead], split.share(lead) or 0, COLOURS[lead]) for lead in LEADS]


def _split_cells(split: Split) -> list[str]:
    return [_p(split.share(lead)) for lead in LEADS]


def co_delivery(report: Report) -> Section:
    pair_only = report.co_delivered - report.with_cover
    table = Table(
        "Held sessions by how they were delivered",
        ["Delivery", "Sessions", "Share of held sessions"],
        [
            ["Co-delivered by the pair", str(pair_only), _p(_pct(pair_only, report.held))],
            [
                "Co-delivered with a cover trainer",
                str(report.with_cover),
                _p(_pct(report.with_cover, report.held)),
            ],
            ["Delivered by one trainer", str(report.solo), _p(_pct(report.solo, report.held))],
            ["Held sessions", str(report.held), _p(100 if report.held else None)],
        ],
    )
    share = _pct(report.co_delivered, report.held)
    summary = (
        f"{report.co_delivered} of {report.held} held sessions ({_p(share)}) were co-delivered "
        f"by a Peer and a Practitioner Trainer, {report.with_cover} of them with cover."
        if report.held
        else "No sessions have been held yet in this term."
    )
    svg = _bars(
        [
            (
                "Held sessions",
                [
                    (
                        "Co-delivered by the pair",
                        _pct(pair_only, report.held) or 0,
                        COLOURS["peer"],
                    ),
                    ("With cover", _pct(report.with_cover, report.held) or 0, COLOURS["shared"]),
                    ("One trainer", _pct(report.solo, report.held) or 0, COLOURS["gap"]),
                ],
            )
        ],
        title="Co-delivered sessions",
        summary=summary,
    )
    return Section("co-delivery", "Co-delivered sessions", summary, table, svg)


def _pct(part, whole):
    return round(100 * part / whole) if whole else None


def lead_split(report: Report) -> Section:
    table = Table(
        "Share of time led, planned and delivered",
        ["", "Peer Trainer", "Both", "Practitioner Trainer", "Peer or both", "Minutes"],
        [
            [
                "Planned",
                *_split_cells(report.planned),
                _p(report.planned.peer_or_shared),
                f"{report.planned.total:.0f}",
            ],
            [
                "Delivered (from debriefs)",
                *_split_cells(report.delivered),
                _p(report.delivered.peer_or_shared),
                f"{report.delivered.total:.0f}",
            ],
        ],
    )
    planned, delivered = report.planned.peer_or_shared, report.delivered.peer_or_shared
    if planned is None:
        summary = "No session plans to compare yet."
    else:
        side = (
            "at or above"
            if min(planned, delivered if delivered is not None else planned) >= (report.threshold)
            else "below"
        )
        summary = (
            f"Peer Trainers led or shared {_p(planned)} of planned time"
            + (f" and {_p(delivered)} of delivered time" if delivered is not None else "")
            + f", {side} the college's {report.threshold}% threshold."
        )
    svg = _bars(
        [
            ("Planned", _split_segments(report.planned)),
            ("Delivered", _split_segments(report.delivered)),
        ],
        title="Share of time led, planned and delivered",
        summary=summary,
        threshold=report.threshold,
    )
    return Section("leads", "Who led: planned and delivered", summary, table, svg)


def per_course(report: Report) -> Section:
    table = Table(
        "Each course: who led, delivery, students and debriefs",
        [
            "Course",
            "Pairing",
            "Planned peer/both/practitioner",
            "Delivered peer/both/practitioner",
            "Held",
            "Co-delivered",
            "Attendance",
            "Fill",
            "Waiting",
            "Feedback (of 5)",
            "Debriefs done of due",
        ],
    )
    below = 0
    for row in report.courses:
        c = row.course
        shares = row.planned.peer_or_shared
        below += shares is not None and shares < report.threshold
        table.rows.append(
            [
                c.title,
                f"{c.pairing.peer.name} & {c.pairing.practitioner.name}",
                " / ".join(_split_cells(row.planned)),
                " / ".join(_split_cells(row.delivered)) if row.delivered.total else "–",
                str(row.held),
                str(row.co_delivered),
                _p(_pct(c.came, c.came + c.missed)),
                _p(_pct(c.enrolled, c.capacity or 0)),
                str(c.waiting),
                "–" if row.feedback_avg is None else f"{row.feedback_avg}",
                f"{row.debriefs_done} of {row.debriefs_due}",
            ]
        )
    n = len(report.courses)
    summary = (
        f"{n - below} of {n} courses plan at least {report.threshold}% of time led by the "
        "Peer Trainer or both."
    )
    svg = _bars(
        [(row.course.title, _split_segments(row.planned)) for row in report.courses[:40]],
        title="Planned share of time led, per course",
        summary=summary,
        threshold=report.threshold,
    )
    return Section("courses", "Per course", summary, table, svg, wide=True)


def histories(report: Report) -> list[Section]:
    sections = []
    for pairing, rows in report.histories:
        name = f"{pairing.peer.name} & {pairing.practitioner.name}"
        table = Table(
            f"How the split has moved for {name}",
            [
                "Course",
                "First session",
                "Planned peer/both/practitioner",
                "Delivered peer/both/practitioner",
            ],
            [
                [
                    r.course.title,
                    f"{r.first_session:%-d %b %Y}" if r.first_session else "–",
                    " / ".join(_split_cells(r.planned)),
                    " / ".join(_split_cells(r.delivered)) if r.delivered.total else "–",
                ]
                for r in rows
            ],
        )
        first, last = (
            (rows[0].planned.share("peer"), rows[-1].planned.share("peer"))
            if rows
            else (None, None)
        )
        if len(rows) > 1 and first is not None and last is not None:
            moved = "risen" if last > first else "fallen" if last < first else "stayed"
            summary = f"Across {len(rows)} courses, the Peer Trainer's planned lead has {moved}" + (
                f" from {first}% to {last}%." if moved != "stayed" else f" at {first}%."
            )
        else:
            summary = f"{name} have one course so far: no change to show yet."
        svg = _bars(
            [(r.course.title, _split_segments(r.planned)) for r in rows],
            title=f"Planned split over time for {name}",
            summary=summary,
        )
        sections.append(Section(f"pairing-{pairing.pk}", name, summary, table, svg, wide=True))
    return sections


def feedback_answers(report: Report) -> Section:
    table = Table(
        "Students' answers about co-delivery",
        ["Question", *ANSWER_LABELS.values(), "Yes, of those who answered"],
    )
    bars = []
    for q, label in QUESTIONS.items():
        counts = report.answers.get(q, dict.fromkeys(ANSWERS, 0))
        total = sum(counts.values())
        table.rows.append(
            [label, *(str(counts[a]) for a in ANSWERS), _p(_pct(counts["yes"], total))]
        )
        bars.append(
            (
                {"both_led": "Both led parts", "both_valued": "Both felt valued"}[q],
                [
                    (ANSWER_LABELS[a], _pct(counts[a], total) or 0, ANSWER_COLOURS[a])
                    for a in ANSWERS
                ],
            )
        )
    led, valued = table.rows[0][-1], table.rows[1][-1]
    summary = (
        f"{led} of students who answered said both trainers led parts of the course, and "
        f"{valued} said both trainers' experience felt valued."
    )
    svg = _bars(bars, title="Students' answers about co-delivery", summary=summary)
    return Section("feedback", "What students said about co-delivery", summary, table, svg)


def debriefs(report: Report) -> Section:
    table = Table(
        "Debriefs filed",
        ["", "Debriefs"],
        [
            ["Due", str(report.debriefs_due)],
            ["Done", str(report.debriefs_done)],
            ["Share done", _p(_pct(report.debriefs_done, report.debriefs_due))],
        ],
    )
    summary = (
        f"{report.debriefs_done} of {report.debriefs_due} debriefs due are done "
        f"({_p(_pct(report.debriefs_done, report.debriefs_due))})."
    )
    svg = _bars(
        [
            (
                "Debriefs",
                [("Done", _pct(report.debriefs_done, report.debriefs_due) or 0, COLOURS["peer"])],
            )
        ],
        title="Debriefs done of due",
        summary=summary,
    )
    return Section("debriefs", "Debriefs done and due", summary, table, svg)


def quality(report: Report) -> Section:
    n = len(report.courses)
    table = Table(
        "Sign-off, agreements and students",
        ["Measure", "Figure"],
        [
            [
                "Courses agreed by both trainers before publishing",
                f"{report.agreed_by_both} of {n}",
            ],
            [
                "Pairings with their co-working agreement in force",
                f"{report.in_force} of {len(report.pairings)}",
            ],
            ["Agreement reviews overdue", str(report.reviews_overdue)],
            ["Attendance rate", _p(report.attendance)],
            ["Fill rate (places taken of places offered)", _p(report.fill)],
            ["People on waiting lists", str(report.waiting)],
            [
                "Feedback average (of 5)",
                "–" if report.feedback_avg is None else str(report.feedback_avg),
            ],
            ["Feedback responses", str(report.feedback_count)],
        ],
    )
    summary = (
        f"{report.agreed_by_both} of {n} courses were agreed by both trainers, "
        f"{report.in_force} of {len(report.pairings)} pairings have an agreement in force, "
        f"and attendance was {_p(report.attendance)}."
    )
    return Section("quality", "Agreements and students", summary, table)


def report_sections(report: Report) -> list[Section]:
    return [
        co_delivery(report),
        lead_split(report),
        quality(report),
        feedback_answers(report),
        debriefs(report),
        per_course(report),
        *histories(report),
    ]
