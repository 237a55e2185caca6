"""One factory per events model, with no surprises."""

from datetime import timedelta

import factory
from django.utils import timezone

from kizuna.events.models import Event, Registration, Session
from tests.factories import OrganisationFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published public on-site seminar open to anyone, in a week, registration open until the day before."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    organiser = factory.SubFactory(OrganisationFactory, kind="hq")
    kind = "seminar"
    format = "on_site"
    title = factory.Sequence(lambda n: f"セミナー{n}")
    title_en = factory.Sequence(lambda n: f"Seminar {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"第{n}回")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.ends_at)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration, created directly in its state (seat counters untouched)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    registered_by = factory.LazyAttribute(lambda o: o.person)
    status = "confirmed"
