from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trainers.models import Pairing, Topic, Trainer


class Course(models.Model):
    """A workshop (one or more sessions) planned by a pairing. A college template has no
    pairing. `version` goes up with every change to the course or its plans; sign-offs
    name the version they agreed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed by both trainers"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"
        CANCELLED = "cancelled", "Cancelled"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        BLENDED = "blended", "Blended"

    # The course's details (beside its plans): what the details form edits, a change
    # compares, and a snapshot records and restores. `topic` is stored as `topic_id`.
    DETAIL_FIELDS = (
        "title",
        "summary",
        "outcomes",
        "audience",
        "topic",
        "format",
        "session_count",
        "session_minutes",
    )

    pairing = models.ForeignKey(
        Pairing, null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    is_template = models.BooleanField(default=False)
    title = models.CharField(max_length=120)
    summary = models.TextField(
        "plain-language summary",
        max_length=1500,
        help_text="What the course is about, for anyone reading the prospectus.",
    )
    outcomes = models.TextField(
        "learning outcomes",
        max_length=2000,
        help_text="One per line. What people will know or be able to do afterwards.",
    )
    audience = models.CharField(
        "who it is for",
        max_length=300,
        default="Anyone: people who use services, carers, family, friends and staff.",
    )
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    session_count = models.PositiveSmallIntegerField("number of sessions", default=1)
    session_minutes = models.PositiveSmallIntegerField(
        "length of each session (minutes)", default=120
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    term = models.ForeignKey(
        "workshops.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    capacity = models.PositiveSmallIntegerField(
        "places", null=True, blank=True, help_text="How many students can enrol."
    )
    places_taken = models.PositiveSmallIntegerField(
        default=0, help_text="Enrolled students plus places held for a waiting-list offer."
    )
    withdrawn_reason = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Why the course was taken off the prospectus or cancelled (told to students).",
    )
    version = models.PositiveIntegerField(default=1)
    # What is live is what was agreed. Once a course has been published, the columns above
    # hold its live details (what students read: the prospectus, the course page, emails,
    # calendars, the PDF), which are those of `live_version`, the last version both
    # trainers agreed. The pair keep editing a working copy: details they change wait in
    # `pending_details` (plans are edited in place: students never see plans) until both
    # agree the working version, which then becomes live at once.
    live_version = models.PositiveIntegerField(null=True, blank=True)
    pending_details = models.JSONField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True, pairing__isnull=True)
                | Q(is_template=False, pairing__isnull=False),
                name="course_template_has_no_pairing",
            ),
            models.CheckConstraint(
                condition=Q(session_count__gte=1, session_count__lte=12),
                name="course_session_count_1_to_12",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15, session_minutes__lte=480),
                name="course_session_minutes_15_to_480",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="course_version_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "agreed", "published", "archived", "cancelled"]),
                name="course_status_valid",
            ),
            # The backstop against overbooking: the enrol service's conditional update is
            # the first guard; this makes any other write that would overbook fail.
            models.CheckConstraint(
                condition=Q(places_taken=0)
                | Q(capacity__isnull=False, places_taken__lte=F("capacity")),
                name="course_places_taken_within_capacity",
            ),
        ]
        indexes = [
            # The prospectus: a term's published courses in title order. Walked in order
            # for a page of 20 and index-only for its COUNT, however many drafts, templates
            # and other terms there are (issue 16).
            models.Index(
                fields=["term", "title", "id"],
                condition=Q(status="published", is_template=False),
                name="course_published_term_title",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if getattr(self, "_read_only", False):
            raise RuntimeError("A working copy is for reading; save the course through services.")
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        """It has been published: its columns are what both trainers last agreed."""
        return self.live_version is not None

    def live_details(self) -> dict:
        """The details students read (the columns), keyed as in a snapshot."""
        return {
            ("topic_id" if name == "topic" else name): getattr(
                self, "topic_id" if name == "topic" else name
            )
            for name in self.DETAIL_FIELDS
        }

    def working_details(self) -> dict:
        """The details the trainers are working on: the live ones with any change of
        theirs that waits for both to agree."""
        return {**self.live_details(), **(self.pending_details or {})}

    def working_copy(self) -> "Course":
        """An unsaved stand-in carrying the working details, for the pair's own pages
        (the details form, the course page). It cannot be saved: writes go through the
        services, which keep live and working apart."""
        if not self.pending_details:
            return self
        copy = Course(**{f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields})
        copy._state.adding, copy._state.db = False, self._state.db
        for name, value in self.pending_details.items():
            setattr(copy, name, value)
        copy._read_only = True
        return copy

    @property
    def places_left(self) -> int:
        return max((self.capacity or 0) - self.places_taken, 0)

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class SessionPlan(models.Model):
    """The plan for one session of a course: its sections, in order, from `starts_at`."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField()
    starts_at = models.TimeField("planned start", default=time(10, 0))

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="plan_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_number_positive"),
        ]

    def __str__(self):
        return f"Session {self.number}"


class Section(models.Model):
    class Lead(models.TextChoices):
        PEER = "peer", "Peer Trainer"
        PRACTITIONER = "practitioner", "Practitioner Trainer"
        SHARED = "shared", "Both (shared)"

    plan = models.ForeignKey(SessionPlan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=120)
    minutes = models.PositiveSmallIntegerField(default=10)
    activity = models.TextField("what happens", blank=True, max_length=3000)
    materials = models.TextField(blank=True, max_length=1000)
    lead = models.CharField(max_length=20, choices=Lead.choices, default=Lead.SHARED)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=480), name="section_minutes_1_to_480"
            ),
            models.CheckConstraint(
                condition=Q(lead__in=["peer", "practitioner", "shared"]), name="section_lead_valid"
            ),
        ]

    def __str__(self):
        return self.title


class CourseSignOff(models.Model):
    """A trainer agreeing the course, details and all plans, at one version."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="signoffs")
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "trainer", "version"], name="signoff_once_per_version"
            )
        ]

    def __str__(self):
        return f"Sign-off #{self.pk}"


class CourseChange(models.Model):
    """One recorded change: who, when, what, and the whole course as it stood after it
    (so any version can be shown, compared and restored)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["course", "version"], name="course_change_unique")
        ]

    def __str__(self):
        return f"{self.course_id} v{self.version}: {self.summary}"


class Comment(models.Model):
    """A comment on a course, or on one section of it, by a trainer or a manager."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty")]

    def __str__(self):
        return f"Comment #{self.pk}"


class CollegeSettings(models.Model):
    """College-wide settings managers change (one row)."""

    peer_share_threshold = models.PositiveSmallIntegerField(
        "lowest share of time led by the peer or shared (%)",
        default=30,
        help_text="Below this, plans show a friendly warning: co-delivery, not an aide role.",
    )
    pairs_may_publish = models.BooleanField(
        "pairs may publish their own courses",
        default=False,
        help_text="When on, a course's two trainers can publish it themselves once every "
        "condition is met. Managers can always publish.",
    )
    offer_hold_hours = models.PositiveSmallIntegerField(
        "hours a waiting-list offer is held",
        default=48,
        help_text="A freed place is held this long for the first person waiting (never past "
        "2 hours before the first session).",
    )
    certificate_threshold = models.PositiveSmallIntegerField(
        "share of sessions a student comes to for a certificate (%)",
        default=50,
        help_text="A student who came to at least this share of a course's sessions can "
        "download an attendance certificate from My courses once the course has ended.",
    )

    class Meta:
        verbose_name_plural = "college settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="college_settings_single"),
            models.CheckConstraint(
                condition=Q(peer_share_threshold__lte=100), name="threshold_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(offer_hold_hours__gte=1, offer_hold_hours__lte=336),
                name="offer_hold_1_to_336_hours",
            ),
            models.CheckConstraint(
                condition=Q(certificate_threshold__gte=1, certificate_threshold__lte=100),
                name="certificate_threshold_1_to_100",
            ),
        ]

    def __str__(self):
        return "College settings"

    @classmethod
    def load(cls) -> "CollegeSettings":
        return cls.objects.get_or_create(pk=1)[0]
