"""Every write of internships: offers opened and closed, applications sent, decided and answered.

A place is taken when the participant accepts it; the offer's row is locked while its places are counted, so
two participants accepting at once cannot take more places than the offer has."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.rules import working_orgs
from kizuna.core.workflow import transition
from kizuna.jet.queries import active_record

from .enums import APPLICATION_TRANSITIONS, OFFER_TRANSITIONS, OFFERING_KINDS, TAKING_PLACE
from .models import Application, Offer

OFFER_FIELDS = ("title", "description", "place", "starts_on", "ends_on", "places", "languages", "apply_by")
MAX_TEXT = 5000


def _check_offer(offer: Offer) -> None:
    problems = {}
    if offer.organisation.kind not in OFFERING_KINDS:
        problems["organisation"] = _("Internships are offered by companies and local governments.")
    if offer.starts_on and offer.ends_on and offer.ends_on < offer.starts_on:
        problems["ends_on"] = _("The internship cannot end before it starts.")
    if offer.apply_by and offer.starts_on and timezone.localdate(offer.apply_by) > offer.starts_on:
        problems["apply_by"] = _("Applications must close before the internship starts.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_offer(*, by, organisation=None, offer: Offer | None = None, **fields) -> Offer:
    """A new offer (a draft) of `organisation`, one the person works for; or changes to `offer`."""
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"save_offer cannot change {sorted(unknown)}")
    if offer is None:
        require(by, "careers.create_offer")
        if organisation is None or (organisation not in working_orgs(by) and not by.has_perm("careers.manage_offer",
                                                                                             Offer(organisation=organisation))):
            raise ValidationError({"organisation": _("Choose an organisation you work for.")})
        offer = Offer(organisation=organisation, created_by=by, **fields)
        offer.full_clean()
        _check_offer(offer)
        return create_logged(Offer, "careers.offer.create", by=by, organisation=organisation, created_by=by,
                             **fields)
    require(by, "careers.manage_offer", offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.full_clean()
    _check_offer(offer)
    save_logged(offer, "careers.offer.update", by=by, fields=list(fields))
    return offer


@OFFER_TRANSITIONS.guard("publishable")
def _publishable(offer, *, by, **changes) -> None:
    if offer.apply_by <= timezone.now():
        raise ValidationError(_("Applications would already be closed: set a later closing time first."),
                              code="closed")


def publish_offer(*, by, offer: Offer) -> Offer:
    return transition(offer, "publish", by=by)


def close_offer(*, by, offer: Offer) -> Offer:
    return transition(offer, "close", by=by)


def apply(*, by, offer: Offer, motivation: str) -> Application:
    """The participant applies with their own record while the offer is open; one live application each."""
    require(by, "careers.apply", offer)
    participant = active_record(by)
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError({"motivation": _("Say why you want this internship.")})
    if len(motivation) > MAX_TEXT:
        raise ValidationError({"motivation": _("At most %(n)s characters.") % {"n": MAX_TEXT}})
    if offer.apply_by <= timezone.now():
        raise ValidationError(_("Applications for this internship have closed."), code="closed")
    try:
        with transaction.atomic():
            application = create_logged(Application, "careers.application.send", by=by, offer=offer,
                                        participant=participant, motivation=motivation)
    except IntegrityError as error:
        raise ValidationError(_("You have already applied for this internship."), code="already") from error
    _tell_offerer(application)
    return application


def _tell_offerer(application: Application) -> None:
    """The offering organisation's working members hear of a new application (who, not what they wrote)."""
    offer = application.offer
    emails = sorted(set(Membership.objects.active().filter(organisation=offer.organisation, role__in=WORKING_ROLES)
                        .exclude(person__email="").values_list("person__email", flat=True)))
    if emails:
        queue_mail(to=emails, template="careers/mail/applied", language="ja",
                   context={"offer": offer, "application": application,
                            "path": reverse("careers:application", args=[application.pk])})


def shortlist(*, by, application: Application) -> Application:
    return transition(application, "shortlist", by=by)


def offer_place(*, by, application: Application) -> Application:
    return transition(application, "offer", by=by, decided_at=timezone.now())


def reject(*, by, application: Application, note: str = "") -> Application:
    return transition(application, "reject", by=by, note=note, decided_at=timezone.now())


@APPLICATION_TRANSITIONS.guard("place_left")
def _place_left(application, *, by, **changes) -> None:
    offer = Offer.objects.select_for_update().get(pk=application.offer_id)
    taken = offer.applications.filter(status__in=TAKING_PLACE).exclude(pk=application.pk).count()
    if taken >= offer.places:
        raise ValidationError(_("All %(places)s places of this internship are taken.") % {"places": offer.places},
                              code="full")


def accept(*, by, application: Application) -> Application:
    return transition(application, "accept", by=by, answered_at=timezone.now())


def decline(*, by, application: Application) -> Application:
    return transition(application, "decline", by=by, answered_at=timezone.now())


def withdraw(*, by, application: Application) -> Application:
    return transition(application, "withdraw", by=by)


def complete(*, by, application: Application) -> Application:
    return transition(application, "complete", by=by)


@APPLICATION_TRANSITIONS.effect("offer", "reject")
def _tell_participant(application, *, by, note=""):
    """The participant hears of the decision by mail (in their language), with the link to answer it."""
    participant = application.participant
    email = participant.email or getattr(participant.person, "email", "")
    if not email:
        return
    language = getattr(participant.person, "preferred_language", "") or "en"
    queue_mail(to=email, template="careers/mail/decided", language=language,
               context={"application": application, "offer": application.offer,
                        "path": reverse("careers:application", args=[application.pk])})
