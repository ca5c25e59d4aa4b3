"""Students' places on courses, the waiting list, attendance and feedback."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Enrolment(models.Model):
    """One student's place (or wait for a place) on a whole course.

    `enrolled` and `offered` hold a place (counted in Course.places_taken); `waiting` is on
    the waiting list in order of `created_at`. The others are ended. At most one live row
    per (course, student). Deleting an account keeps the row, without the student or
    anything they wrote, so counts and attendance stay right."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Offered a place"
        CANCELLED = "cancelled", "Cancelled"
        COURSE_CANCELLED = "course_cancelled", "The college cancelled the course"
        LEFT = "left", "Left the waiting list"
        EXPIRED = "expired", "Offer not claimed in time"
        CLOSED = "closed", "The waiting list closed when the course started"

    LIVE = (Status.ENROLLED, Status.WAITING, Status.OFFERED)
    HOLDING = (Status.ENROLLED, Status.OFFERED)

    course = models.ForeignKey(
        "workshops.Course", on_delete=models.CASCADE, related_name="enrolments"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    access_needs = models.TextField(
        "anything that would help you take part",
        blank=True,
        max_length=2000,
        help_text="For example: a hearing loop, sitting near the door, large print, breaks. "
        "Only you, the course's two trainers and the college managers see this.",
    )
    goal = models.TextField(
        "your own learning goal",
        blank=True,
        max_length=1000,
        help_text="What you would like to get from the course. Only you see this, unless you "
        "choose to share it with the trainers.",
    )
    share_goal = models.BooleanField("share my goal with the course's trainers", default=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    feedback_invited_at = models.DateTimeField(null=True, blank=True)
    feedback_given_on = models.DateField(null=True, blank=True)  # a date only: see Feedback
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student"],
                condition=Q(status__in=["enrolled", "waiting", "offered"]),
                name="enrolment_one_live_per_student",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "enrolled",
                        "waiting",
                        "offered",
                        "cancelled",
                        "course_cancelled",
                        "left",
                        "expired",
                        "closed",
                    ]
                ),
                name="enrolment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="enrolment_offer_has_expiry",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="enrolment_course_status_idx")]

    def __str__(self):
        return f"{self.student or 'Former student'} – {self.course} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class WalkIn(models.Model):
    """Someone who came to a session of a course without enrolling, added to its register
    by a trainer or manager. They count in attendance and appear on the registers of that
    session and every later one of the course. Their name and email are private like a
    student's: the course's trainers (and a trainer covering the session) and managers
    only. `user` is their account when one has their email; otherwise `invited_at` says
    when they were asked to make one."""

    course = models.ForeignKey(
        "workshops.Course", on_delete=models.CASCADE, related_name="walk_ins"
    )
    first_session = models.ForeignKey(
        "workshops.ScheduledSession", on_delete=models.CASCADE, related_name="walk_ins"
    )
    name = models.CharField("their name", max_length=200)
    email = models.EmailField(
        "their email (optional)",
        blank=True,
        max_length=254,
        help_text="If they have an account with this email, the walk-in is linked to it; "
        "if not, we email them an invitation to make one.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="walk_ins",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "course",
                Lower("email"),
                condition=~Q(email=""),
                name="walkin_one_per_email_per_course",
                violation_error_message="Someone with this email is already on this "
                "course's register as a walk-in.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="walkin_has_name"),
        ]

    def __str__(self):
        return f"{self.name} (walk-in) – {self.course}"


class Attendance(models.Model):
    """Whether someone came to one session, marked by a trainer: an enrolled student
    (`enrolment`) or a walk-in (`walk_in`), exactly one of the two."""

    class Status(models.TextChoices):
        PRESENT = "present", "Came"
        ABSENT = "absent", "Did not come"

    session = models.ForeignKey(
        "workshops.ScheduledSession", on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    walk_in = models.ForeignKey(
        WalkIn, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique"),
            models.UniqueConstraint(fields=["session", "walk_in"], name="attendance_walkin_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["present", "absent"]), name="attendance_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False, walk_in__isnull=True)
                | Q(enrolment__isnull=True, walk_in__isnull=False),
                name="attendance_enrolment_or_walkin",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment or self.walk_in} – session {self.session.number}: {self.status}"


ANSWERS = [("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("unsure", "Not sure")]


class Feedback(models.Model):
    """A student's feedback on a course. Deliberately not linked to the student or the
    enrolment (Enrolment.feedback_given_on only records the day it was given), so nobody,
    trainers included, can tell who wrote it."""

    course = models.ForeignKey(
        "workshops.Course", on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField("overall, how was the course?")
    useful = models.TextField("what was useful", blank=True, max_length=2000)
    change = models.TextField("what would you change", blank=True, max_length=2000)
    for_trainers = models.TextField("anything for the trainers", blank=True, max_length=2000)
    both_led = models.CharField(
        "did both trainers lead parts of the course?",
        max_length=10,
        blank=True,
        choices=ANSWERS,
    )
    both_valued = models.CharField(
        "did both trainers' experience feel valued?",
        max_length=10,
        blank=True,
        choices=ANSWERS,
    )
    created_on = models.DateField(auto_now_add=True)  # a date only: a time could identify

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"Feedback on {self.course} ({self.rating}/5)"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A student's personal iCalendar address. The token is the only key, so it can be
    reset at any time, which stops the old address working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed for {self.user}"

    def reset(self) -> None:
        self.token = _new_token()
        self.save(update_fields=["token", "created_at"])
