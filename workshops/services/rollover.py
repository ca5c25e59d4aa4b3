"""Rolling a term's courses into another term in one step (managers).

Each course chosen is copied by the one copy routine (`course_copy_write`: details, every
plan and section, no sign-offs) into the same pairing, as a draft in the new term with the
same number of places; its sessions are booked through `session_schedule` (the same clash
and time rules as booking by hand) on the dates `selectors.rollover.rollover_plan` works
out. A session that clashes is left unbooked and listed. A course whose pairing has ended
(or one of whose trainers has left) is not copied: a copy must belong to a pair who can
agree it, so it is listed as needing a new pairing. A course already copied into that
term is not copied again: the source courses are locked first, then the copies looked
for, so two managers confirming at once copy each course once. Both trainers of the
copies are emailed once per rollover, listing all their courses."""

from collections import defaultdict

from django.db import transaction

from recovery_college.accounts.models import User

from ..errors import NotAllowed, ScheduleClash
from ..models import Course, Term
from ..permissions import can_roll_over
from ..selectors.rollover import (
    RolloverPlan,
    rollover_plan,
    rollover_source_courses,
    rollover_target_check,
)
from .courses import course_copy_write
from .locking import course_lock
from .notify import Recipient, email_each
from .scheduling import session_schedule


def term_rollover(*, user: User, source: Term, target: Term, course_ids: list[int]) -> RolloverPlan:
    """Copy the chosen courses of `source` into `target`, all in one transaction. Returns
    the plan with each copy set (`item.copy`) and any session that could not be booked
    given its reason."""
    if not can_roll_over(user):
        raise NotAllowed("Only a college manager can roll courses into another term.")
    rollover_target_check(source=source, target=target)
    wanted = set(course_ids)
    if not wanted:
        raise NotAllowed("Choose at least one course to copy.", field="course")
    with transaction.atomic():
        for pk in sorted(wanted):  # lock order: by id, as every multi-course writer does
            course_lock(course_id=pk)
        courses = rollover_source_courses(source=source, ids=sorted(wanted))
        if len(courses) != len(wanted):
            raise NotAllowed(
                f"Some of the courses chosen are not in {source.name} any more. "
                "Look at the list again and choose.",
                field="course",
            )
        plan = rollover_plan(source=source, target=target, courses=courses)
        for item in plan.to_copy:
            item.copy = _copy_one(user=user, item=item, source=source, target=target)
        _tell_trainers(plan)
    return plan


def _copy_one(*, user: User, item, source: Term, target: Term) -> Course:
    original = item.source
    copy = course_copy_write(
        user=user,
        source=original,
        pairing=original.pairing,
        summary=f"Copied from “{original.title}” ({source.name}) into {target.name} "
        "by a college manager",
    )
    copy.term = target
    copy.capacity = original.capacity
    copy.save(update_fields=["term", "capacity", "updated_at"])
    for session in item.sessions:
        if not session.booked:
            continue
        try:
            session_schedule(
                course=copy,
                user=user,
                number=session.number,
                starts_at=session.starts_at,
                room=session.room,
                online_link=session.online_link,
            )
        except (ScheduleClash, NotAllowed) as refused:  # booked by someone a moment ago
            session.clash = refused.message
    return copy


def _tell_trainers(plan: RolloverPlan) -> None:
    """One email to each trainer, listing every course of theirs copied this time."""
    copied = [item for item in plan.to_copy if item.copy is not None]
    if not copied:
        return
    by_trainer = defaultdict(list)
    for item in copied:
        for trainer in item.source.pairing.trainers:
            by_trainer[trainer].append(item)
    batch = min(item.copy.pk for item in copied)
    email_each(
        [
            Recipient(trainer.user, str(trainer.pk), True, {"items": items, "trainer": trainer})
            for trainer, items in sorted(by_trainer.items(), key=lambda pair: pair[0].pk)
        ],
        subject=f"Your courses are copied into {plan.target.name}: please agree them again",
        template="rollover_copied",
        context={"target": plan.target},
        key=f"rollover:{plan.target.pk}:{batch}:{{who}}",
    )
