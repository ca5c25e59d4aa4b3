"""Messages to a course's students and who each went to (workshops/models/messages.py)."""

import factory

from workshops.models import CourseMessage, CourseMessageRecipient

from .workshops import CourseFactory, EnrolmentFactory


class CourseMessageFactory(factory.django.DjangoModelFactory):
    """A message from the course's Peer Trainer, to nobody yet (add recipients with
    CourseMessageRecipientFactory)."""

    class Meta:
        model = CourseMessage

    course = factory.SubFactory(CourseFactory, published=True)
    sender = factory.LazyAttribute(lambda o: o.course.pairing.peer.user)
    body = "Please bring a notebook."
    include_waiting = False
    recipient_count = 0
    token = factory.Sequence(lambda n: f"token-{n}")


class CourseMessageRecipientFactory(factory.django.DjangoModelFactory):
    """A place on the message's course that the message went to."""

    class Meta:
        model = CourseMessageRecipient

    message = factory.SubFactory(CourseMessageFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, course=factory.SelfAttribute("..message.course")
    )
