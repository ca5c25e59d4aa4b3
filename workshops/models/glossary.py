from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class GlossaryTerm(models.Model):
    """A clinical or jargon term managers add, with a plain alternative. The shipped list
    is workshops/data/jargon.csv; these rows add to it (and win where both name a term)."""

    term = models.CharField(max_length=100)
    plain = models.CharField("plain alternative", max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="glossary_term_unique_ci",
                violation_error_message="That term is already in the glossary.",
            )
        ]

    def __str__(self):
        return self.term
