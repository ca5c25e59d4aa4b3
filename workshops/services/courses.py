from datetime import time

from django.db import transaction

from recovery_college.accounts.models import User
from trainers.models import Pairing

from ..errors import CourseLocked, NotAllowed, StaleEdit
from ..models import Course, CourseChange, CourseSignOff, Section, SessionPlan
from ..permissions import can_keep_templates, can_view_plan
from ..snapshots import course_snapshot
from .locking import course_lock
from .notify import activity_notify, agreed_notify, signoff_cleared_notify
from .prospectus_cache import prospectus_changed

# A published course can still be improved: it stays published, and every change is in
# its history. Archived courses are closed.
EDITABLE = (Course.Status.DRAFT, Course.Status.AGREED, Course.Status.PUBLISHED)
DETAIL_FIELDS = Course.DETAIL_FIELDS
OPENING_SECTION = {
    "title": "Welcome and setting the scene",
    "minutes": 15,
    "activity": (
        "Both trainers introduce themselves and their roles: one brings lived experience, "
        "one professional experience. The group agrees its ground rules together: what is "
        "said here stays here, we respect each other, and it is fine to step out at any time."
    ),
    "materials": "Flip chart for the group's ground rules",
    "lead": Section.Lead.SHARED,
}


def lock_for_edit(*, course_id: int, user: User, base_version: int | None) -> Course:
    """Inside a transaction: lock the course row, check the user may edit it and that
    nobody changed it since `base_version` was read."""
    course = course_lock(
        course_id=course_id,
        select_related=("pairing__peer__user", "pairing__practitioner__user"),
    )
    if course.is_template or course.pairing.trainer_for(user) is None:
        raise NotAllowed("Only the two trainers in the pairing can change this course.")
    if course.status not in EDITABLE or course.pairing.status != Pairing.Status.ACTIVE:
        raise CourseLocked()
    if base_version is not None and course.version != base_version:
        raise StaleEdit(current_version=course.version)
    return course


def record_change(
    *, course: Course, user: User | None, summary: str, tell_signoff_cleared: bool = True
) -> CourseChange:
    """Bump the version after a change made under lock_for_edit: any sign-off (which names
    the old version) no longer counts, the course is a draft again (a published one stays
    published: its live version is unchanged), the change is kept with a snapshot, and the
    co-trainer hears about it."""
    had_signoffs = CourseSignOff.objects.filter(course=course, version=course.version).exists()
    course.version += 1
    if course.status == Course.Status.AGREED:
        course.status = Course.Status.DRAFT
    course.save(update_fields=["version", "status", "updated_at"])
    prospectus_changed()  # a published course's details may have changed
    change = CourseChange.objects.create(
        course=course,
        version=course.version,
        author=user,
        summary=summary[:300],
        snapshot=course_snapshot(course),
    )
    if user is not None and course.pairing_id:
        if had_signoffs and tell_signoff_cleared:
            signoff_cleared_notify(course=course, actor=user)
        activity_notify(course=course, actor=user, what=summary)
    return change


def _sync_plans(course: Course) -> None:
    """One plan per session; new plans start with the setting-the-scene section."""
    sessions = course.working_details()["session_count"]
    existing = set(course.plans.values_list("number", flat=True))
    for number in range(1, sessions + 1):
        if number not in existing:
            plan = SessionPlan.objects.create(course=course, number=number)
            Section.objects.create(plan=plan, position=1, **OPENING_SECTION)
    course.plans.filter(number__gt=sessions).delete()


def _as_snapshot_keys(details: dict) -> dict:
    """Form values keyed as a snapshot: the topic as its id."""
    values = {k: v for k, v in details.items() if k in DETAIL_FIELDS and k != "topic"}
    if "topic" in details:
        values["topic_id"] = details["topic"].pk if details["topic"] else None
    return values


def _set_working_details(course: Course, values: dict) -> None:
    """Change the details the pair work on (keyed as a snapshot). A course that has gone
    live keeps its columns, which students read, and holds the change in
    `pending_details` until both trainers agree it; any other course changes at once."""
    if course.is_live:
        live = course.live_details()
        pending = {**(course.pending_details or {}), **values}
        pending = {k: v for k, v in pending.items() if live.get(k) != v}
        course.pending_details = pending or None
    else:
        for name, value in values.items():
            setattr(course, name, value)


def course_go_live(course: Course) -> None:
    """Inside the course lock, once both trainers agreed `course.version`: the working
    copy becomes what students read, at once."""
    for name, value in (course.pending_details or {}).items():
        setattr(course, name, value)
    course.pending_details = None
    course.live_version = course.version
    course.save()
    prospectus_changed()  # the public page, the prospectus and the PDF show the new details


def course_create(*, user: User, pairing: Pairing, **details) -> Course:
    """A new draft for the pairing, one plan per session, each opening with the scene."""
    if pairing.trainer_for(user) is None:
        raise NotAllowed("Only the two trainers in a pairing can start its courses.")
    if pairing.status != Pairing.Status.ACTIVE:
        raise CourseLocked("Courses can be planned once the pairing is active.")
    with transaction.atomic():
        course = Course.objects.create(pairing=pairing, created_by=user, **details)
        _sync_plans(course)
        CourseChange.objects.create(
            course=course,
            version=1,
            author=user,
            summary="Created the course",
            snapshot=course_snapshot(course),
        )
    return course


def _apply_snapshot(course: Course, snapshot: dict) -> None:
    _set_working_details(
        course,
        {
            ("topic_id" if name == "topic" else name): snapshot.get(
                "topic_id" if name == "topic" else name
            )
            for name in DETAIL_FIELDS
        },
    )
    course.save()
    course.plans.all().delete()
    for plan_data in snapshot["plans"]:
        hours, minutes = (int(p) for p in plan_data["starts_at"].split(":"))
        plan = SessionPlan.objects.create(
            course=course, number=plan_data["number"], starts_at=time(hours, minutes)
        )
        Section.objects.bulk_create(
            Section(plan=plan, position=index, **section)
            for index, section in enumerate(plan_data["sections"], start=1)
        )


def course_copy(
    *, user: User, source: Course, pairing: Pairing | None, as_template: bool = False
) -> Course:
    """A new draft from a college template or a past course, with all its plans."""
    if not can_view_plan(user, source):
        # Plans are the pair's working documents, even once a course is published.
        raise NotAllowed("You can copy a college template or one of your own courses.")
    if as_template:
        if not can_keep_templates(user):
            raise NotAllowed("Only a college manager can save a college template.")
    else:
        if pairing is None or pairing.trainer_for(user) is None:
            raise NotAllowed("You can copy a course into one of your own pairings.")
        if pairing.status != Pairing.Status.ACTIVE:
            raise CourseLocked("Courses can be planned once the pairing is active.")
    with transaction.atomic():
        return course_copy_write(user=user, source=source, pairing=None if as_template else pairing)


def course_copy_write(
    *, user: User, source: Course, pairing: Pairing | None, summary: str = ""
) -> Course:
    """The one copy routine (inside the caller's transaction, permission already checked):
    a new draft at version 1 with the source's working details and every plan and
    section, no sign-offs, linked to its source (`copied_from`) so debriefs of the source
    feed it. No pairing makes a college template. Rolling a term over uses it too."""
    snapshot = course_snapshot(source)
    course = Course.objects.create(
        pairing=pairing,
        is_template=pairing is None,
        created_by=user,
        copied_from=None if source.is_template else source,
        title=snapshot["title"],
        summary=snapshot["summary"],
        outcomes=snapshot["outcomes"],
    )
    _apply_snapshot(course, snapshot)
    origin = "the college template" if source.is_template else f"“{source.title}”"
    CourseChange.objects.create(
        course=course,
        version=1,
        author=user,
        summary=(summary or f"Copied from {origin}")[:300],
        snapshot=course_snapshot(course),
    )
    return course


def course_template_save(*, user: User, source: Course) -> Course:
    return course_copy(user=user, source=source, pairing=None, as_template=True)


SCHEDULE_FIELDS = ("session_count", "session_minutes", "format")


def _check_schedule_kept(course: Course, values: dict) -> None:
    """Once a course is on the prospectus or anyone holds a place, its number and length
    of sessions and its format are part of what students signed up for: only a
    manager's scheduling (which tells them) changes the sessions."""
    from ..models import Enrolment

    if not any(
        name in values and getattr(course, name) != values[name] for name in SCHEDULE_FIELDS
    ):
        return
    if course.status == Course.Status.PUBLISHED or (
        Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).exists()
    ):
        raise NotAllowed(
            "The number of sessions, their length and the format cannot change once a "
            "course is published or has students: ask a college manager, who can change "
            "the schedule and tell the students.",
            field="session_count",
        )


def course_details_update(*, course: Course, user: User, base_version: int, **details) -> Course:
    with transaction.atomic():
        course = lock_for_edit(course_id=course.pk, user=user, base_version=base_version)
        values = _as_snapshot_keys(details)
        working = course.working_details()
        changed = [
            name
            for name in DETAIL_FIELDS
            if working["topic_id" if name == "topic" else name]
            != values["topic_id" if name == "topic" else name]
        ]
        if not changed:
            return course
        _check_schedule_kept(course, values)
        _set_working_details(course, values)
        course.save()
        _sync_plans(course)
        labels = {f.name: str(f.verbose_name) for f in Course._meta.fields}
        record_change(
            course=course,
            user=user,
            summary="Changed " + ", ".join(labels.get(n, n) for n in changed),
        )
    return course


def course_restore(*, course: Course, user: User, base_version: int, version: int) -> Course:
    """Put back an earlier version. The restore is itself a new, recorded version."""
    with transaction.atomic():
        course = lock_for_edit(course_id=course.pk, user=user, base_version=base_version)
        change = CourseChange.objects.filter(course=course, version=version).first()
        if change is None:
            raise NotAllowed("There is no such version to restore.")
        if version == course.version:
            raise NotAllowed("That is already the current version.")
        _check_schedule_kept(course, change.snapshot)
        _apply_snapshot(course, change.snapshot)
        record_change(course=course, user=user, summary=f"Restored version {version}")
    return course


def course_agree(*, course: Course, user: User, version: int) -> CourseSignOff:
    """A trainer agrees the course, details and all plans, as it stands at `version`."""
    with transaction.atomic():
        course = course_lock(
            course_id=course.pk,
            select_related=("pairing__peer__user", "pairing__practitioner__user"),
        )
        trainer = None if course.is_template else course.pairing.trainer_for(user)
        if trainer is None:
            raise NotAllowed(
                "Only the course's two trainers agree it. Managers cannot agree for them."
            )
        if course.status not in EDITABLE or course.pairing.status != Pairing.Status.ACTIVE:
            raise CourseLocked()
        if course.version != version:
            raise StaleEdit(
                current_version=course.version,
                message="The course changed after you opened it. Read the latest version, "
                "then agree if you are happy with it.",
            )
        signoff, _ = CourseSignOff.objects.get_or_create(
            course=course, trainer=trainer, version=version
        )
        agreed_by = set(
            CourseSignOff.objects.filter(course=course, version=version).values_list(
                "trainer_id", flat=True
            )
        )
        if agreed_by >= {course.pairing.peer_id, course.pairing.practitioner_id}:
            if course.status != Course.Status.PUBLISHED:
                course.status = Course.Status.AGREED
            if course.is_live:
                course_go_live(course)  # what both agreed is what students read, at once
            course.save(update_fields=["status", "updated_at"])
            agreed_notify(course=course)
    return signoff


def course_changes_discard(*, course: Course, user: User, base_version: int) -> Course:
    """Either trainer puts the working copy back to the live version (what both last
    agreed), dropping the changes that wait for agreement. Recorded in the history."""
    with transaction.atomic():
        course = lock_for_edit(course_id=course.pk, user=user, base_version=base_version)
        live = (
            CourseChange.objects.filter(course=course, version=course.live_version).first()
            if course.is_live
            else None
        )
        if live is None or live.snapshot == course_snapshot(course):
            raise NotAllowed("There are no changes waiting to be agreed, so nothing to discard.")
        _apply_snapshot(course, live.snapshot)
        record_change(
            course=course,
            user=user,
            summary="Discarded the changes waiting to be agreed: back to the live version "
            f"(version {course.live_version})",
            tell_signoff_cleared=False,
        )
    return course
