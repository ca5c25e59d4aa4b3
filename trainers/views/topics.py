from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.forms import PlainFormHelper
from recovery_college.accounts.permissions import manager_or_404

from ..models import Topic


class TopicForm(forms.ModelForm):
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
    topics = Topic.objects.annotate(
        n_trainers=Count("trainers", distinct=True), n_courses=Count("course", distinct=True)
    ).order_by("name")
    return render(request, "trainers/topic_list.html", {"form": form, "topics": topics})


@manager_or_404
@require_POST
def topic_delete(request, pk: int):
    topic = get_object_or_404(Topic, pk=pk)
    name = topic.name
    topic.delete()  # trainers lose the tag; courses keep their text and lose the topic
    messages.success(request, f"“{name}” is removed from the topics.")
    return redirect("trainers:topics")
