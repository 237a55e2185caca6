"""Registering without an account, for published public events open to anyone whose organisers allow it
(seminars abroad for foreign audiences, webinars).

The public form is checked as a registration is, then a mail asks the person to confirm their address; the
confirmation link carries what they typed (kizuna/events/links.py), so an address nobody confirms leaves nothing
behind and holds no seat. Confirming registers them through `register`, with the same exact seat counts and
capacity checks as everyone else, as the person with that address (a new person without a password when there
is none). Their mails then carry a signed link to see, change or cancel the registration.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, save_logged
from kizuna.core.models import User
from kizuna.core.ratelimit import allow

from .. import links, questions
from ..enums import ACTIVE, Audience, QuestionType
from ..models import Event, Registration, Session
from . import mail
from .registering import _check_open, _clean_answers, register

NAME_MAX, AFFILIATION_MAX = 150, 200
LANGUAGES = ("ja", "en")
# A public form that sends mail must not become a way to flood someone's mailbox.
ASKS_PER_ADDRESS_AN_HOUR = 20
ASKS_PER_MAILBOX_AN_HOUR = 3


def guests_welcome(event: Event) -> bool:
    """People without an account may register: the organisers allow it on a published public event for anyone
    that asks for no file (a file is given on the registration page of an account: the confirmation link carries
    the answers, not files)."""
    return (event.guests_may_register and event.is_published and event.is_public
            and event.audience == Audience.ANYONE
            and not any(q["type"] == QuestionType.FILE for q in questions.questions_of(event)))


def _clean_person(*, name: str, email: str, language: str, affiliation: str) -> dict:
    errors = {}
    name, affiliation, email = name.strip(), affiliation.strip(), email.strip().lower()
    if not name:
        errors["name"] = ValidationError(_("Please give your name."), code="name_missing")
    elif len(name) > NAME_MAX:
        errors["name"] = ValidationError(_("At most %(n)s characters.") % {"n": NAME_MAX}, code="name_too_long")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ValidationError(_("Enter a valid email address."), code="bad_email")
    if language not in LANGUAGES:
        errors["language"] = ValidationError(_("Choose Japanese or English."), code="bad_language")
    if len(affiliation) > AFFILIATION_MAX:
        errors["affiliation"] = ValidationError(_("At most %(n)s characters.") % {"n": AFFILIATION_MAX},
                                                code="affiliation_too_long")
    if errors:
        raise ValidationError(errors)
    return {"n": name, "m": email, "l": language, "a": affiliation}


def _check_sessions(event: Event, session_ids) -> list[int]:
    ids = sorted({int(pk) for pk in session_ids})
    if len(ids) != Session.objects.filter(event=event, pk__in=ids).count():
        raise ValidationError(_("A chosen session does not belong to this event."), code="bad_session")
    return ids


def _check_rate(client: str | None, email: str) -> None:
    """At most so many asks an hour from one network address, and so many mails an hour to one mailbox."""
    mailbox = hashlib.sha256(email.encode()).hexdigest()[:32]
    if not (allow(f"events.guest.{client}", limit=ASKS_PER_ADDRESS_AN_HOUR, seconds=3600)
            and allow(f"events.guest-mailbox.{mailbox}", limit=ASKS_PER_MAILBOX_AN_HOUR, seconds=3600)):
        raise ValidationError(_("Too many registrations were asked from your network or for this address in the "
                                "last hour. Try again later."), code="too_many")


def ask_to_register(*, event: Event, name: str, email: str, language: str = "ja", affiliation: str = "",
                    answers: dict | None = None, session_ids=(), client: str | None = None) -> None:
    """Check the public form as registering will and mail the confirmation link. Nothing is stored. Someone
    already registered with the address gets their registration's link again instead (the page says the same
    in both cases, so the form does not tell who has registered). `client`: the network address asking (for
    the rate limits)."""
    if not guests_welcome(event):
        raise ValidationError(_("This event takes registrations from people with an account only."),
                              code="no_guests")
    _check_open(event, timezone.now())
    data = _clean_person(name=name, email=email, language=language, affiliation=affiliation)
    data["q"] = _clean_answers(event, answers)
    data["s"] = _check_sessions(event, session_ids)
    _check_rate(client, data["m"])
    existing = (Registration.objects.filter(event=event, person__email__iexact=data["m"], status__in=ACTIVE)
                .select_related("event", "person").first())
    if existing is not None:
        mail.link_again(existing)
        return
    mail.confirm_guest(event=event, email=data["m"], name=data["n"], language=data["l"],
                       token=links.request_token(event.pk, data))


def read_request(event: Event, token: str) -> dict:
    """The registration a confirmation link asks for (name, email, language, affiliation, answers, sessions)."""
    try:
        data = links.read_request(event.pk, token)
    except links.BadLink as error:
        raise ValidationError(_("This confirmation link is not valid or has expired (links are valid for a day). "
                                "Fill in the form again."), code="bad_link") from error
    return {"name": data["n"], "email": data["m"], "language": data["l"], "affiliation": data["a"],
            "answers": data["q"], "session_ids": data["s"]}


def _person(*, email: str, name: str, language: str) -> User:
    """The person with this address; a new one without a password when there is none (they may set one later
    with "forgot your password", and then see every registration in one place)."""
    person = User.objects.filter(email__iexact=email).first()
    if person is not None:
        return person
    person = User(email=email, full_name=name, preferred_language=language)
    person.set_unusable_password()
    save_logged(person, "events.guest.create_person", by=SYSTEM)
    return person


def confirm(*, event: Event, token: str) -> Registration:
    """Register the person a confirmation link names: confirmed, pending, applied or waiting, as anyone would
    be. Refused (and nothing saved) when the link is bad, registration has closed, the event is full without a
    waiting list, or the address is already registered."""
    request = read_request(event, token)
    if not guests_welcome(event):
        raise ValidationError(_("This event takes registrations from people with an account only."),
                              code="no_guests")
    with transaction.atomic():
        person = _person(email=request["email"], name=request["name"], language=request["language"])
        return register(by=person, event=event, answers=request["answers"], session_ids=request["session_ids"],
                        affiliation=request["affiliation"], by_link=True)


def registration_of_link(pk: int, token: str) -> Registration | None:
    """The registration a signed link opens, or None (no such registration, or not its link)."""
    registration = (Registration.objects.filter(pk=pk, by_link=True)
                    .select_related("event__organiser", "person").first())
    if registration is None:
        return None
    try:
        links.check_registration_token(registration, token)
    except links.BadLink:
        return None
    return registration
