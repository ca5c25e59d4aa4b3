from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.accounts.permissions import manager_or_404
from recovery_college.forms import PlainTextMixin

from .. import selectors
from ..models import Topic


class TopicForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name"]
        labels = {"name": "New topic"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = PlainFormHelper()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Topic.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("That topic is already on the list.")
        return name


@manager_or_404
def topic_list(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = form.save()
        messages.success(request, f"“{topic.name}” is added to the topics.")
        return redirect("trainers:topics")
    topics = selectors.topic_list_with_counts()
    return render(request, "trainers/topic_list.html", {"form": form, "topics": topics})


@manager_or_404
@require_POST
def topic_delete(request, pk: int):
    topic = selectors.topic_get(pk=pk)
    name = topic.name
    topic.delete()  # trainers lose the tag; courses keep their text and lose the topic
    messages.success(request, f"“{name}” is removed from the topics.")
    return redirect("trainers:topics")
