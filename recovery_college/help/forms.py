from django import forms

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.forms import PlainTextMixin

from .models import HelpSettings

NO_CRISIS_LINES = "Enter at least one place to turn for help now, such as NHS 111 or Samaritans."


class HelpSettingsForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = HelpSettings
        fields = [
            "contact_phone",
            "contact_email",
            "contact_hours",
            "contact_address",
            "crisis_lines",
        ]
        widgets = {
            "contact_address": forms.Textarea(attrs={"rows": 3}),
            "crisis_lines": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "contact_email": {
                "invalid": "Enter the college's email address, like help@college.org"
            },
            "crisis_lines": {"required": NO_CRISIS_LINES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()

    def clean_crisis_lines(self):
        value = self.cleaned_data["crisis_lines"].strip()
        if not value:
            raise forms.ValidationError(NO_CRISIS_LINES)
        return value
