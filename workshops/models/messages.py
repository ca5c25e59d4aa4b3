"""Messages a course's trainers or managers send to its students ("bring a notebook",
"we are in room 2 today"), and who each one went to."""

from django.conf import settings
from django.db import models
from django.db.models import Q

MESSAGE_MAX_LENGTH = 1000


class CourseMessage(models.Model):
    """One short plain-text message to a course's students. `token` comes from the form
    the sender opened, so a double submit or a retried request finds this row and sends
    nothing again. `recipient_count` is how many it went to when it was sent."""

    course = models.ForeignKey(
        "workshops.Course", on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("your message", max_length=MESSAGE_MAX_LENGTH)
    include_waiting = models.BooleanField("also send it to people on the waiting list")
    recipient_count = models.PositiveIntegerField(default=0)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="course_message_has_body"),
            models.CheckConstraint(condition=~Q(token=""), name="course_message_has_token"),
        ]

    def __str__(self):
        return f"Message about {self.course} ({self.created_at:%Y-%m-%d %H:%M})"


class CourseMessageRecipient(models.Model):
    """One place (enrolled, offered or waiting) a message went to, so a student sees it
    under that course on My courses. At most one per message and place."""

    message = models.ForeignKey(CourseMessage, on_delete=models.CASCADE, related_name="recipients")
    enrolment = models.ForeignKey(
        "workshops.Enrolment", on_delete=models.CASCADE, related_name="messages_received"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "enrolment"], name="course_message_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.message} to {self.enrolment}"
