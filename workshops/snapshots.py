"""A whole course as data (for history and restore) and as readable lines (for diffs)."""

import difflib

from .models import Course, Section


def course_snapshot(course: Course) -> dict:
    """The working copy: details (with any change waiting for both to agree) and plans."""
    plans = course.plans.prefetch_related("sections").order_by("number")
    return {
        **course.working_details(),
        "plans": [
            {
                "number": plan.number,
                "starts_at": plan.starts_at.strftime("%H:%M"),
                "sections": [
                    {
                        "title": s.title,
                        "minutes": s.minutes,
                        "activity": s.activity,
                        "materials": s.materials,
                        "lead": s.lead,
                    }
                    for s in plan.sections.all()
                ],
            }
            for plan in plans
        ],
    }


LEADS = dict(Section.Lead.choices)
FORMATS = dict(Course.Format.choices)


def snapshot_lines(snapshot: dict) -> list[str]:
    return detail_lines(snapshot) + plan_lines(snapshot)


def detail_lines(snapshot: dict) -> list[str]:
    return [
        f"Title: {snapshot['title']}",
        f"Summary: {snapshot['summary']}",
        "Learning outcomes:",
        *[f"  - {o.strip()}" for o in snapshot["outcomes"].splitlines() if o.strip()],
        f"Who it is for: {snapshot['audience']}",
        f"Format: {FORMATS.get(snapshot['format'], snapshot['format'])}",
        f"Sessions: {snapshot['session_count']} of {snapshot['session_minutes']} minutes",
    ]


def plan_lines(snapshot: dict) -> list[str]:
    lines = []
    for plan in snapshot["plans"]:
        lines.append(f"Session {plan['number']} (starts {plan['starts_at']})")
        for index, section in enumerate(plan["sections"], start=1):
            lines.append(
                f"  {index}. {section['title']} – {section['minutes']} min – led by "
                f"{LEADS.get(section['lead'], section['lead'])}"
            )
            if section["activity"]:
                lines.append(f"     What happens: {section['activity']}")
            if section["materials"]:
                lines.append(f"     Materials: {section['materials']}")
    return lines


def snapshot_diff(old: dict, new: dict, *, lines=snapshot_lines) -> list[tuple[str, str]]:
    """(kind, line) with kind in same | added | removed, for a readable comparison."""
    rows = []
    for line in difflib.ndiff(lines(old), lines(new)):
        code, text = line[:2], line[2:]
        if code == "  ":
            rows.append(("same", text))
        elif code == "+ ":
            rows.append(("added", text))
        elif code == "- ":
            rows.append(("removed", text))
    return rows
