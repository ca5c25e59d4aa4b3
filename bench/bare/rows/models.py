from django.db import models


class Row(models.Model):
    """What the bare page reads: 20 of these."""

    title = models.CharField(max_length=120)
    summary = models.TextField()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class Entry(models.Model):
    """What the bare POST inserts: one row per request."""

    row = models.ForeignKey(Row, on_delete=models.CASCADE)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Entry {self.pk}"
