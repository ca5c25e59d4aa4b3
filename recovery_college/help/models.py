from django.db import models

DEFAULT_CRISIS_LINES = "\n".join(
    [
        "NHS 111: call 111, or go to 111.nhs.uk, if you need help for your mental health"
        " urgently. Any time, day or night.",
        "Samaritans: call 116 123, free, any time, to talk about anything that is troubling you.",
        "Shout: text SHOUT to 85258, free, any time, if you would rather text than talk.",
        "If you or someone else is in danger now, call 999 or go to A&E.",
    ]
)


class HelpSettings(models.Model):
    """What the Help and support page says: how to reach the college, and where to turn
    for help now. One row; managers change it (College → Help and support details)."""

    contact_phone = models.CharField("Phone number", max_length=40, blank=True)
    contact_email = models.EmailField("Email address", blank=True)
    contact_hours = models.CharField(
        "When someone answers",
        max_length=200,
        blank=True,
        help_text="For example: Monday to Friday, 9am to 5pm.",
    )
    contact_address = models.TextField("Address", blank=True)
    crisis_lines = models.TextField(
        "If you need help now",
        default=DEFAULT_CRISIS_LINES,
        help_text="One service a line, in plain words: its name, how to reach it and when.",
    )

    class Meta:
        verbose_name = "help and support details"
        verbose_name_plural = "help and support details"

    def __str__(self) -> str:
        return "Help and support details"

    @classmethod
    def load(cls) -> "HelpSettings":
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def crisis_line_list(self) -> list[str]:
        return [line.strip() for line in self.crisis_lines.splitlines() if line.strip()]
