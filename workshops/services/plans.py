from django.db import transaction
from django.db.models import Max

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Section, SessionPlan
from .courses import lock_for_edit, record_change

SECTION_FIELDS = ("title", "minutes", "activity", "materials", "lead")


def _plan(plan_id: int, course) -> SessionPlan:
    plan = SessionPlan.objects.filter(pk=plan_id, course=course).first()
    if plan is None:
        raise NotAllowed("That session is no longer part of this course.")
    return plan


def _section(section_id: int, course) -> Section:
    section = (
        Section.objects.select_related("plan").filter(pk=section_id, plan__course=course).first()
    )
    if section is None:
        raise NotAllowed("That section has been deleted.")
    return section


def section_add(*, plan: SessionPlan, user: User, base_version: int, **fields) -> Section:
    with transaction.atomic():
        course = lock_for_edit(course_id=plan.course_id, user=user, base_version=base_version)
        plan = _plan(plan.pk, course)
        last = plan.sections.aggregate(last=Max("position"))["last"] or 0
        section = Section.objects.create(
            plan=plan, position=last + 1, **{k: fields[k] for k in SECTION_FIELDS}
        )
        record_change(
            course=course,
            user=user,
            summary=f"Added “{section.title}” to session {plan.number}",
        )
    return section


def section_update(*, section: Section, user: User, base_version: int, **fields) -> Section:
    with transaction.atomic():
        course = lock_for_edit(
            course_id=section.plan.course_id, user=user, base_version=base_version
        )
        section = _section(section.pk, course)
        if all(getattr(section, k) == fields[k] for k in SECTION_FIELDS):
            return section
        for name in SECTION_FIELDS:
            setattr(section, name, fields[name])
        section.save()
        record_change(
            course=course,
            user=user,
            summary=f"Changed “{section.title}” in session {section.plan.number}",
        )
    return section


def section_delete(*, section: Section, user: User, base_version: int) -> None:
    with transaction.atomic():
        course = lock_for_edit(
            course_id=section.plan.course_id, user=user, base_version=base_version
        )
        section = _section(section.pk, course)
        number, title = section.plan.number, section.title
        section.delete()
        record_change(course=course, user=user, summary=f"Deleted “{title}” from session {number}")


def section_move(*, section: Section, user: User, base_version: int, direction: str) -> None:
    """Move a section one place up or down (keyboard-friendly reordering)."""
    if direction not in ("up", "down"):
        raise NotAllowed("Move a section up or down.")
    with transaction.atomic():
        course = lock_for_edit(
            course_id=section.plan.course_id, user=user, base_version=base_version
        )
        section = _section(section.pk, course)
        ordered = list(section.plan.sections.order_by("position", "id"))
        index = next(i for i, s in enumerate(ordered) if s.pk == section.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(ordered):
            return
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
        Section.objects.bulk_update(ordered, ["position"])
        record_change(
            course=course,
            user=user,
            summary=f"Moved “{section.title}” {direction} in session {section.plan.number}",
        )


def plan_update(*, plan: SessionPlan, user: User, base_version: int, starts_at) -> SessionPlan:
    with transaction.atomic():
        course = lock_for_edit(course_id=plan.course_id, user=user, base_version=base_version)
        plan = _plan(plan.pk, course)
        if plan.starts_at == starts_at:
            return plan
        plan.starts_at = starts_at
        plan.save(update_fields=["starts_at"])
        record_change(
            course=course,
            user=user,
            summary=f"Session {plan.number} now starts at {starts_at:%H:%M}",
        )
    return plan
