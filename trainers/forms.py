from datetime import timedelta

from django import forms
from django.utils import timezone

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.forms import DateInput, PlainTextMixin

from .models import ConflictDecision, Declaration, Topic, Trainer


class HelperMixin(PlainTextMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()


def _topics_field():
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics they like to teach",
    )


class TrainerInviteForm(HelperMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address", help_text="We email an invitation here.")
    kind = forms.ChoiceField(
        label="Kind of trainer", choices=Trainer.Kind.choices, widget=forms.RadioSelect
    )
    profession = forms.CharField(
        max_length=100,
        required=False,
        help_text="Practitioner Trainers only. For example: mental health nurse.",
    )
    topics = _topics_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Trainer.Kind.PRACTITIONER and not cleaned.get("profession"):
            self.add_error("profession", "Enter the practitioner's profession, for example nurse.")
        return cleaned


class TrainerSelfForm(HelperMixin, forms.ModelForm):
    """What trainers edit about themselves."""

    topics = _topics_field()

    class Meta:
        model = Trainer
        fields = ["bio", "topics", "availability_notes"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "availability_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].label = "Topics I like to teach"


class PublicNameForm(HelperMixin, forms.Form):
    """How a trainer's name appears to the public: their own choice, with a preview of
    each option as it reads on a course page."""

    style = forms.ChoiceField(
        label="How should your name appear on the prospectus and course pages?",
        choices=Trainer.PublicName.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how your name should appear."},
    )
    other = forms.CharField(
        label="The name to show (if you chose another name)",
        max_length=60,
        required=False,
        help_text="For example a first name and initial, or a name you teach under.",
    )

    def __init__(self, *args, trainer: Trainer, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainer = trainer
        kind = trainer.get_kind_display()
        self.fields["style"].choices = [
            (value, f"{label} — shown as “{trainer.public_name_as(value, '…')}, {kind}”")
            for value, label in Trainer.PublicName.choices
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("style") == Trainer.PublicName.OTHER
            and not cleaned.get("other", "").strip()
        ):
            self.add_error("other", "Enter the name you would like to be shown.")
        return cleaned


class TrainerManageForm(HelperMixin, forms.ModelForm):
    """What managers edit about a trainer."""

    topics = _topics_field()

    class Meta:
        model = Trainer
        fields = [
            "kind",
            "profession",
            "bio",
            "topics",
            "availability_notes",
            "is_active",
        ]
        labels = {"is_active": "Active (can be paired and teach)"}
        widgets = {
            "kind": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "availability_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, has_pairings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_pairings:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "The kind cannot change once the trainer is paired."

    def _post_clean(self):
        # The profession follows the kind; the service tidies it.
        kind = self.cleaned_data.get("kind", self.instance.kind)
        if kind == Trainer.Kind.PEER:
            self.cleaned_data["profession"] = ""
        super()._post_clean()


class PairingForm(HelperMixin, forms.Form):
    peer = forms.ModelChoiceField(
        label="Peer Trainer",
        queryset=Trainer.objects.none(),
        empty_label="Choose a Peer Trainer",
    )
    practitioner = forms.ModelChoiceField(
        label="Practitioner Trainer",
        queryset=Trainer.objects.none(),
        empty_label="Choose a Practitioner Trainer",
    )
    start_date = forms.DateField(label="Start date", widget=DateInput())
    end_date = forms.DateField(
        label="End date (optional)",
        required=False,
        widget=DateInput(),
        help_text="Leave empty if the pair will keep working together.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both lists offer every active trainer, so a mistaken choice (two of one kind, the
        # same person twice) gets a clear message instead of a silently missing option.
        trainers = Trainer.objects.filter(is_active=True).select_related("user")
        self.fields["peer"].queryset = trainers.order_by("-kind", "user__full_name")
        self.fields["practitioner"].queryset = trainers.order_by("kind", "user__full_name")
        label = lambda t: f"{t.name} – {t.get_kind_display()}"  # noqa: E731
        self.fields["peer"].label_from_instance = label
        self.fields["practitioner"].label_from_instance = label
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        peer, practitioner = cleaned.get("peer"), cleaned.get("practitioner")
        if peer and practitioner and peer.pk == practitioner.pk:
            self.add_error("practitioner", "A trainer cannot be paired with themselves.")
        elif peer and practitioner and peer.kind == practitioner.kind:
            self.add_error(
                "practitioner",
                f"Both trainers are {peer.get_kind_display()}s. A pairing needs one Peer "
                "Trainer and one Practitioner Trainer.",
            )
        if peer and peer.kind != Trainer.Kind.PEER and "practitioner" not in self.errors:
            self.add_error("peer", f"{peer.name} is a Practitioner Trainer, not a Peer Trainer.")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return cleaned


class DeclarationForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["answer", "details"]
        labels = {
            "answer": "Do you have a relationship with your co-trainer that could conflict?",
            "details": "Tell us more (optional unless you chose another relationship)",
        }
        widgets = {"answer": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "details": "Only you and the college managers will see this. Your co-trainer will not."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = Declaration.Answer.choices  # no blank "-----" radio

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("answer") == Declaration.Answer.OTHER
            and not cleaned.get("details", "").strip()
        ):
            self.add_error("details", "Tell us a little about the relationship.")
        return cleaned


class DecisionForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = ConflictDecision
        fields = ["outcome", "support_contact", "reasons"]
        labels = {"outcome": "Your decision", "reasons": "Reasons"}
        widgets = {"outcome": forms.RadioSelect, "reasons": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "support_contact": (
                "Needed if the pairing goes ahead: a named person outside the pair (for example "
                "a clinical supervisor) either trainer can talk to. The pair will see this."
            ),
            "reasons": "Seen by managers only.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = ConflictDecision.Outcome.choices  # no blank radio

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == ConflictDecision.Outcome.PROCEED
            and not cleaned.get("support_contact", "").strip()
        ):
            self.add_error("support_contact", "Name an independent support contact for the pair.")
        return cleaned


class PairingEndForm(HelperMixin, forms.Form):
    end_date = forms.DateField(label="Last day of the pairing", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("end_date", timezone.localdate())


class AgreementForm(HelperMixin, forms.Form):
    """One box per heading, the review date, and the version the form was opened at."""

    base_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page was out of date. Reload it and try again.",
            "invalid": "The page was out of date. Reload it and try again.",
        },
    )
    review_date = forms.DateField(
        label="Review date",
        widget=DateInput(),
        help_text="When you will look at this agreement again together. Within two years.",
    )

    def __init__(self, *args, version, prompts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        prompts = prompts or {}
        self.section_names = []
        for index, section in enumerate(version.sections):
            name = f"section_{index}"
            self.section_names.append(name)
            optional = not section.get("required", True)
            self.fields[name] = forms.CharField(
                label=section["heading"] + (" (optional)" if optional else ""),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=section.get("prompt") or prompts.get(section["heading"], ""),
                initial=section["text"],
            )
        self.fields["review_date"].initial = version.review_date
        self.fields["base_version"].initial = version.number
        self.order_fields([*self.section_names, "review_date", "base_version"])

    def clean_review_date(self):
        review_date = self.cleaned_data["review_date"]
        today = timezone.localdate()
        if review_date <= today:
            return self._fail("The review date must be after today.")
        if review_date > today + timedelta(days=731):
            return self._fail("Choose a review date within the next two years.")
        return review_date

    @staticmethod
    def _fail(message):
        raise forms.ValidationError(message)

    def texts(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.section_names]


class TemplateHeadingForm(PlainTextMixin, forms.Form):
    heading = forms.CharField(max_length=200, required=False)
    prompt = forms.CharField(
        label="Guidance for the pair",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(
        label="Required: every pair must write this before they can agree",
        required=False,
    )


TemplateHeadingFormSet = forms.formset_factory(TemplateHeadingForm, extra=2, can_delete=True)
