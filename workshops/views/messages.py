"""Messages to a course's students: the course's pair and managers send them and see what
was sent."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import is_manager
from recovery_college.forms import form_error_from

from .. import selectors
from ..errors import MessageError, MessageOutOfDate
from ..forms_messages import CourseMessageForm, new_token
from ..permissions import can_message_students
from ..selectors.messages import course_messages, message_audience
from ..services.messages import course_message_send


@login_required
def course_message(request, pk: int):
    """The messages sent to the course's students, and the form to send one."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not can_message_students(request.user, course):
        raise Http404
    audience = message_audience(course=course)
    form = CourseMessageForm(request.POST or None, audience=audience)
    if request.method == "POST" and form.is_valid():
        try:
            message, sent_now = course_message_send(
                course=course,
                user=request.user,
                body=form.cleaned_data["body"],
                include_waiting=form.cleaned_data["include_waiting"],
                token=form.cleaned_data["token"],
            )
        except MessageError as error:
            if isinstance(error, MessageOutOfDate):
                data = request.POST.copy()
                data["token"] = new_token()
                form = CourseMessageForm(data, audience=audience)
                form.is_valid()
            form_error_from(form, error)
        else:
            count = message.recipient_count
            people = f"{count} {'person' if count == 1 else 'people'}"
            flash.success(
                request,
                f"Your message was sent to {people}."
                if sent_now
                else f"That message was already sent to {people}, so it was not sent again.",
            )
            return redirect("workshops:course-message", pk=course.pk)
    return render(
        request,
        "workshops/course_message.html",
        {
            "course": course,
            "form": form,
            "audience": audience,
            "sent": course_messages(course=course),
            "is_manager": is_manager(request.user),
        },
    )
