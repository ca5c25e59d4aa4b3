"""My workshops: a trainer's pairings, the courses each pair is planning or teaching, and
their sessions of the next two weeks with registers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from trainers.permissions import can_view_my_workshops
from trainers.selectors import pairing_list_for_trainer

from .. import selectors
from ..selectors.cover import cover_for_trainer
from ..selectors.debriefs import debriefs_to_do


@login_required
def my_workshops(request):
    if not can_view_my_workshops(request.user):
        raise PermissionDenied("Only trainers have workshops to plan.")
    trainer = request.user.trainer_profile
    if not trainer.public_name_chosen:  # asked on every visit until answered
        return redirect(
            f"{reverse('trainers:public-name')}?next={reverse('workshops:my-workshops')}"
        )
    pairings = pairing_list_for_trainer(trainer=trainer)
    by_pairing = {}
    for course in selectors.course_list_for_trainer(trainer=trainer):
        by_pairing.setdefault(course.pairing_id, []).append(course)
    for pairing in pairings:
        pairing.course_list = by_pairing.get(pairing.pk, [])
    cover = cover_for_trainer(trainer=trainer)
    teaching = selectors.teaching_soon(trainer=trainer)
    for session in teaching:
        session.cover_request = cover["cover_asked"].get(session.pk)
    return render(
        request,
        "workshops/my_workshops.html",
        {
            "trainer": trainer,
            "pairings": pairings,
            "teaching": teaching,
            "debriefs_to_do": debriefs_to_do(trainer=trainer),
            **cover,
        },
    )
