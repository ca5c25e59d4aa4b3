from django import forms

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.forms import PlainTextMixin

from .models import GlossaryTerm
from .plain_language import shipped_glossary

DUPLICATE_TERM_MESSAGE = "That term is already in the glossary."


class GlossaryTermForm(PlainTextMixin, forms.ModelForm):
    """A term for the plain-language check and what to say instead. Terms are unique
    whatever their case, across the shipped list and the terms managers added."""

    class Meta:
        model = GlossaryTerm
        fields = ["term", "plain"]
        labels = {"term": "Term", "plain": "Plain alternative"}
        help_texts = {
            "term": "A word, phrase or abbreviation as trainers might write it, "
            "for example “CRHT” or “care cluster”.",
            "plain": "What to say instead, in words a student would use.",
        }
        widgets = {"term": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        taken = GlossaryTerm.objects.filter(term__iexact=term).exclude(pk=self.instance.pk)
        if term.lower() in shipped_glossary() or taken.exists():
            raise forms.ValidationError(DUPLICATE_TERM_MESSAGE, code="duplicate")
        return term

    def clean_plain(self):
        return " ".join(self.cleaned_data["plain"].split())
