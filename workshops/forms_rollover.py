from django import forms

from recovery_college.forms import PlainTextMixin


class RolloverForm(PlainTextMixin, forms.Form):
    """Which term to copy into, which of the term's courses (all, or those of one pairing
    or topic), and, when confirming, the courses ticked. The choices come from the
    selectors: only terms that have not ended, other than this one."""

    target = forms.TypedChoiceField(
        label="Copy into",
        coerce=int,
        error_messages={"required": "Choose the term to copy the courses into."},
    )
    pairing = forms.TypedChoiceField(label="Pairing", coerce=int, required=False, empty_value=None)
    topic = forms.TypedChoiceField(label="Topic", coerce=int, required=False, empty_value=None)
    course = forms.TypedMultipleChoiceField(
        label="Courses to copy",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Some of the courses chosen are not in this term. Look at the "
            "list again and choose."
        },
    )

    def __init__(self, *args, source, targets, pairings, topics, course_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a term")] + [
            (t.pk, f"{t.name} ({t.starts_on:%-d %b %Y} to {t.ends_on:%-d %b %Y})") for t in targets
        ]
        self.fields["target"].error_messages["invalid_choice"] = (
            f"Choose a term other than {source.name} that has not ended yet."
        )
        self.fields["pairing"].choices = [("", "All pairings")] + [(p.pk, str(p)) for p in pairings]
        self.fields["pairing"].error_messages["invalid_choice"] = (
            f"Choose one of the pairings with courses in {source.name}, or all pairings."
        )
        self.fields["topic"].choices = [("", "All topics")] + [(t.pk, t.name) for t in topics]
        self.fields["topic"].error_messages["invalid_choice"] = (
            f"Choose one of the topics of courses in {source.name}, or all topics."
        )
        self.fields["course"].choices = [(pk, str(pk)) for pk in course_ids]
        self.targets = {t.pk: t for t in targets}

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]
