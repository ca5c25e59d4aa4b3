"""Forms for cover and debriefs. Each keeps what was typed when a service refuses."""

from django import forms

from trainers.models import Declaration

from .forms import HelperMixin
from .models import CoverDecision, Debrief, DebriefSection

QUESTION = "Do you have a relationship with {name} that could conflict?"
PRIVATE = "Only the college managers will see your answer."


class CoverAskForm(HelperMixin, forms.Form):
    note = forms.CharField(
        label="Anything the college managers should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="You do not have to give a reason. Only the college managers read this; "
        "students and other trainers never see it.",
    )


class _DeclarationFields(HelperMixin, forms.Form):
    answer = forms.ChoiceField(
        choices=Declaration.Answer.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=PRIVATE,
    )
    details = forms.CharField(
        label="Tell us more (optional unless you chose another relationship)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PRIVATE,
    )

    def __init__(self, *args, other_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = QUESTION.format(name=other_name or "the other trainer")

    def clean(self):
        cleaned = super().clean()
        if self._needs_answer(cleaned) and not cleaned.get("answer"):
            self.add_error("answer", "Choose one of the answers to the private question.")
        if (
            cleaned.get("answer") == Declaration.Answer.OTHER
            and not cleaned.get("details", "").strip()
        ):
            self.add_error("details", "Tell us a little about the relationship.")
        return cleaned

    def _needs_answer(self, cleaned) -> bool:
        return True


class CoverAnswerForm(_DeclarationFields):
    accept = forms.ChoiceField(
        label="Can you cover this session?",
        choices=[("yes", "Yes, I can cover it"), ("no", "No, I cannot")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you can cover the session."},
    )
    field_order = ["accept", "answer", "details"]

    def _needs_answer(self, cleaned) -> bool:
        return cleaned.get("accept") == "yes"


class CoverDeclarationForm(_DeclarationFields):
    pass


class CoverDecisionForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = CoverDecision
        fields = ["outcome", "reasons"]
        labels = {"outcome": "Your decision", "reasons": "Reasons (managers only)"}
        widgets = {"outcome": forms.RadioSelect, "reasons": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = CoverDecision.Outcome.choices


class DebriefForm(HelperMixin, forms.Form):
    """Who led each section (one radio group each, pre-set from the plan), then three
    boxes and who may read the support note."""

    went_well = forms.CharField(
        label="What went well?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change_next = forms.CharField(
        label="What would you change next time?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This shows on the next copy of the course, for the pair planning it.",
    )
    support_note = forms.CharField(
        label="Anything you would like support with? (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the people you choose below will read this.",
    )
    support_readers = forms.ChoiceField(
        label="Who may read what you would like support with?",
        choices=Debrief.Readers.choices,
        widget=forms.RadioSelect,
        initial=Debrief.Readers.MANAGER,
    )

    def __init__(self, *args, sections: list[DebriefSection], **kwargs):
        super().__init__(*args, **kwargs)
        leads = {}
        for row in sections:
            leads[f"lead-{row.pk}"] = forms.ChoiceField(
                label=f"{row.title} ({row.minutes} minutes): who led it?",
                choices=DebriefSection.LEADS,
                widget=forms.RadioSelect(attrs={"class": "lead-choice"}),
                initial=row.delivered_lead,
                help_text=f"Planned: {dict(DebriefSection.LEADS)[row.planned_lead]}",
                error_messages={"required": f"Choose who led “{row.title}”."},
            )
        self.fields = {**leads, **self.fields}
        self.section_ids = [row.pk for row in sections]

    def leads(self) -> dict[int, str]:
        return {pk: self.cleaned_data[f"lead-{pk}"] for pk in self.section_ids}
