from django.db import models
from django.db.models import F, Q


class Term(models.Model):
    """A teaching term with its own prospectus."""

    name = models.CharField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    enrolment_opens_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_opens_on__lte=F("ends_on")),
                name="term_enrolment_opens_before_end",
            ),
        ]

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(max_length=150, unique=True)
    address = models.TextField(max_length=500)
    directions = models.TextField(
        blank=True, max_length=2000, help_text="Buses, parking, which door to use."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)
    capacity = models.PositiveSmallIntegerField()
    step_free_access = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    quiet_space = models.BooleanField(default=False)

    class Meta:
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_in_venue"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.name}, {self.venue.name}"


class ScheduledSession(models.Model):
    """One dated meeting of a course. The pair's trainers are copied onto the row so that,
    on PostgreSQL, exclusion constraints refuse overlapping sessions for the same room or
    the same trainer (migration 0003), whatever writes the row."""

    course = models.ForeignKey(
        "workshops.Course", on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    online_link = models.URLField(blank=True)
    peer = models.ForeignKey("trainers.Trainer", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey("trainers.Trainer", on_delete=models.PROTECT, related_name="+")
    cancelled = models.BooleanField(default=False)
    cancelled_reason = models.TextField(blank=True, max_length=1000)
    reminded_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(
        default=0, help_text="Goes up each time the session moves, is cancelled or is back on."
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False) | ~Q(online_link=""),
                name="session_has_room_or_link",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_idx")]

    def __str__(self):
        return f"{self.course} – session {self.number}"
