from django import forms

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.forms import DateInput, PlainTextMixin, session_start_error
from trainers.models import Topic

from .models import (
    CollegeSettings,
    Comment,
    Course,
    Enrolment,
    Feedback,
    Room,
    Section,
    Term,
    Venue,
)


class HelperMixin(PlainTextMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()


class VersionField(forms.IntegerField):
    """The course version a form was opened at (for refusing stale saves)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            min_value=1,
            error_messages={
                "required": "The page was out of date. Reload it and try again.",
                "invalid": "The page was out of date. Reload it and try again.",
            },
            **kwargs,
        )


class CourseForm(HelperMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Course
        fields = list(Course.DETAIL_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "format": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter a title for the course"},
            "summary": {"required": "Enter a plain-language summary of the course"},
            "outcomes": {"required": "Enter what people will learn, one outcome a line"},
            "audience": {"required": "Enter who the course is for"},
            "format": {"required": "Choose whether the course is in person or online"},
            "session_count": {
                "required": "Enter the number of sessions, from 1 to 12",
                "invalid": "Enter the number of sessions as a number, like 4",
            },
            "session_minutes": {
                "required": "Enter how long each session lasts, in minutes",
                "invalid": "Enter how long each session lasts as a number of minutes, like 90",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.order_by("name")
        self.fields["topic"].empty_label = "Choose a topic"
        self.fields["format"].choices = Course.Format.choices
        self.fields["session_count"].widget.attrs.update(min=1, max=12)
        self.fields["session_minutes"].widget.attrs.update(min=15, max=480, step=5)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_session_count(self):
        value = self.cleaned_data["session_count"]
        if not 1 <= value <= 12:
            raise forms.ValidationError("A course has between 1 and 12 sessions.")
        return value

    def clean_session_minutes(self):
        value = self.cleaned_data["session_minutes"]
        if not 15 <= value <= 480:
            raise forms.ValidationError("A session lasts between 15 minutes and 8 hours.")
        return value

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CourseStartForm(HelperMixin, forms.Form):
    """How to start a new course: blank, from a college template, or copying a course."""

    start_from = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        choices=[
            ("blank", "A blank course"),
            ("template", "A college template"),
            ("copy", "A copy of an earlier course"),
        ],
        initial="blank",
    )
    template = forms.ModelChoiceField(
        queryset=Course.objects.none(), required=False, empty_label="Choose a template"
    )
    source = forms.ModelChoiceField(
        label="Earlier course",
        queryset=Course.objects.none(),
        required=False,
        empty_label="Choose a course",
    )

    def __init__(self, *args, templates, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["source"].queryset = sources

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("start_from")
        if choice == "template" and not cleaned.get("template"):
            self.add_error("template", "Choose the template to start from.")
        if choice == "copy" and not cleaned.get("source"):
            self.add_error("source", "Choose the course to copy.")
        return cleaned


class SectionForm(HelperMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Section
        fields = ["title", "minutes", "lead", "activity", "materials"]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 2}),
            "lead": forms.RadioSelect,
        }
        labels = {"lead": "Who leads it"}
        error_messages = {
            "title": {"required": "Enter a title for the section"},
            "minutes": {
                "required": "Enter how many minutes the section lasts",
                "invalid": "Enter the minutes as a whole number, like 15",
            },
            "lead": {"required": "Choose who leads the section"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = Section.Lead.choices
        self.fields["minutes"].widget.attrs.update(min=1, max=480)

    def clean_minutes(self):
        value = self.cleaned_data["minutes"]
        if not 1 <= value <= 480:
            raise forms.ValidationError("A section lasts between 1 and 480 minutes.")
        return value

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PlanStartForm(HelperMixin, forms.Form):
    version = VersionField()
    starts_at = forms.TimeField(
        label="Session starts at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Enter the time the session starts, like 10:00.",
            "invalid": "Enter a time like 10:00 or 14:30.",
        },
    )


class CommentForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["section", "body"]
        labels = {"body": "Your comment", "section": "About"}
        error_messages = {"body": {"required": "Enter your comment"}}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = (
            Section.objects.filter(plan__course=course)
            .select_related("plan")
            .order_by("plan__number", "position")
        )
        self.fields["section"].empty_label = "The whole course"
        self.fields["section"].required = False
        self.fields["section"].label_from_instance = lambda s: f"Session {s.plan.number}: {s.title}"


class CollegeSettingsForm(HelperMixin, forms.ModelForm):
    certificate_threshold = forms.IntegerField(
        label="Share of sessions a student comes to for a certificate (%)",
        help_text=CollegeSettings._meta.get_field("certificate_threshold").help_text,
        error_messages={
            "required": "Enter a percentage from 1 to 100.",
            "invalid": "Enter a whole number from 1 to 100, without the % sign.",
        },
    )

    class Meta:
        model = CollegeSettings
        fields = [
            "peer_share_threshold",
            "pairs_may_publish",
            "offer_hold_hours",
            "certificate_threshold",
        ]

    def clean_offer_hold_hours(self):
        value = self.cleaned_data["offer_hold_hours"]
        if not 1 <= value <= 336:
            raise forms.ValidationError("Enter a number of hours from 1 to 336 (two weeks).")
        return value

    def clean_certificate_threshold(self):
        value = self.cleaned_data["certificate_threshold"]
        if not 1 <= value <= 100:
            raise forms.ValidationError("Enter a percentage from 1 to 100.")
        return value

    def clean_peer_share_threshold(self):
        value = self.cleaned_data["peer_share_threshold"]
        if value > 100:
            raise forms.ValidationError("Enter a percentage from 0 to 100.")
        return value


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ScheduleForm(HelperMixin, forms.Form):
    """Where and when: one session, or every session weekly from the first."""

    starts_at = forms.DateTimeField(
        label="Starts",
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": "Enter the date and time the session starts.",
            "invalid": "Enter a date and a time, like 17/03/2027 10:00.",
        },
    )
    room = forms.ModelChoiceField(queryset=None, required=False, empty_label="Online (no room)")
    online_link = forms.URLField(
        label="Joining link (online sessions)", required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Room

        self.fields["room"].queryset = Room.objects.select_related("venue")
        self.fields["room"].label_from_instance = lambda r: f"{r} (holds {r.capacity})"

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        message = session_start_error(value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("room") and not cleaned.get("online_link") and not self.errors:
            self.add_error("room", "Choose a room, or give the joining link for an online session.")
        return cleaned


class TermChoiceField(forms.ModelChoiceField):
    """Terms named with their dates, so a manager picks the right one of two like names."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.starts_on:%-d %b %Y} to {obj.ends_on:%-d %b %Y})"


class CapacityForm(HelperMixin, forms.Form):
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter how many places the course has.",
            "invalid": "Enter a whole number of places, like 12.",
            "min_value": "A course has at least one place.",
            "max_value": "Enter a number of places up to 500.",
        },
    )
    term = TermChoiceField(
        queryset=None,
        empty_label="Choose a term",
        error_messages={
            "required": "Choose the term the course runs in.",
            "invalid_choice": "That term is no longer there. Choose another.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Term

        self.fields["term"].queryset = Term.objects.all()


class EnrolmentForm(HelperMixin, forms.ModelForm):
    """The optional questions when enrolling. Nothing clinical: no diagnosis, no
    treatment, only what would help the student take part and learn."""

    class Meta:
        model = Enrolment
        fields = ["access_needs", "goal", "share_goal"]
        labels = {
            "access_needs": "Anything that would help you take part (optional)",
            "goal": "Your own learning goal (optional)",
        }
        widgets = {
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 2}),
        }


class EnrolmentAnswersForm(HelperMixin, forms.Form):
    """The same questions (fields, labels and limits of EnrolmentForm) on the enrol page,
    where there is no enrolment yet. A plain form: confirming a place, the busiest POST
    of an enrolment rush, need not build and validate an unsaved Enrolment as well
    (`enrolment_create` writes the answers)."""

    access_needs = EnrolmentForm.base_fields["access_needs"]
    goal = EnrolmentForm.base_fields["goal"]
    share_goal = EnrolmentForm.base_fields["share_goal"]


class ReasonForm(HelperMixin, forms.Form):
    reason = forms.CharField(
        label="Why (the students are told this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text="Plain words, for example: “One of the trainers is unwell. We hope to run "
        "it again next term.”",
    )


class FeedbackForm(HelperMixin, forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="Overall, how was the course?",
        choices=[
            (5, "5 – very good"),
            (4, "4 – good"),
            (3, "3 – all right"),
            (2, "2 – not very good"),
            (1, "1 – poor"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 1 to 5."},
    )

    class Meta:
        model = Feedback
        fields = ["rating", "both_led", "both_valued", "useful", "change", "for_trainers"]
        labels = {
            "both_led": "Did both trainers lead parts of the course? (optional)",
            "both_valued": "Did both trainers' experience feel valued? (optional)",
            "useful": "What was useful?",
            "change": "What would you change?",
            "for_trainers": "Anything you would like to say to the trainers?",
        }
        widgets = {
            "useful": forms.Textarea(attrs={"rows": 3}),
            "change": forms.Textarea(attrs={"rows": 3}),
            "for_trainers": forms.Textarea(attrs={"rows": 3}),
            "both_led": forms.RadioSelect,
            "both_valued": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("both_led", "both_valued"):  # no blank "-----" radio: leave it unticked
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class TermForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Term
        fields = ["name", "starts_on", "ends_on", "enrolment_opens_on"]
        labels = {
            "name": "Name (for example “Spring 2027”)",
            "starts_on": "First day of the term",
            "ends_on": "Last day of the term",
            "enrolment_opens_on": "Enrolment opens on",
        }
        help_texts = {
            "enrolment_opens_on": "Students can enrol from this day. Often a few weeks "
            "before the term starts.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "enrolment_opens_on": DateInput(),
        }
        error_messages = {
            "name": {
                "unique": "There is already a term with this name.",
                "required": "Enter a name for the term, like “Spring 2027”.",
            },
            "starts_on": {"required": "Enter the first day of the term."},
            "ends_on": {"required": "Enter the last day of the term."},
            "enrolment_opens_on": {"required": "Enter the day enrolment opens."},
        }

    def clean(self):
        data = super().clean()
        starts, ends, opens = (data.get(k) for k in ("starts_on", "ends_on", "enrolment_opens_on"))
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be on or after the first day.")
        if opens and ends and opens > ends:
            self.add_error("enrolment_opens_on", "Enrolment must open before the term ends.")
        return data


class VenueForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "directions"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {
                "unique": "There is already a venue with this name.",
                "required": "Enter the venue's name.",
            },
            "address": {"required": "Enter the venue's address, so people can find it."},
        }


class RoomForm(HelperMixin, forms.ModelForm):
    capacity = forms.IntegerField(
        label="How many people it holds",
        min_value=1,
        max_value=1000,
        error_messages={
            "required": "Say how many people the room holds.",
            "invalid": "Enter a whole number, like 12.",
            "min_value": "A room holds at least one person.",
            "max_value": "Enter a number up to 1,000.",
        },
    )

    class Meta:
        model = Room
        fields = [
            "name",
            "capacity",
            "step_free_access",
            "hearing_loop",
            "accessible_toilet",
            "quiet_space",
        ]
        error_messages = {"name": {"required": "Enter the room's name, like “Room 2”."}}


class WalkInForm(HelperMixin, forms.Form):
    """Someone who came without enrolling: a name, and an email if they want one used.
    Both go only to the course's trainers and managers."""

    name = forms.CharField(
        label="Their name",
        max_length=200,
        error_messages={
            "required": "Enter the person's name.",
            "max_length": "Enter a name of 200 characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Their email (optional)",
        required=False,
        max_length=254,
        help_text="If they have an account with this email, they are linked to it; if not, "
        "we email them an invitation to make one.",
        error_messages={
            "invalid": "Enter an email address like name@example.org, or leave it empty.",
            "max_length": "Enter an email address of 254 characters or fewer.",
        },
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the person's name.")
        return name
