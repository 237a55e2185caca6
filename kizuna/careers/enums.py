"""States of internship offers and of participants' applications to them, and their transition tables.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who offers internships: companies, and local governments.
OFFERING_KINDS = frozenset({OrgKind.COMPANY, *LOCAL_GOVERNMENT_KINDS})


class OfferStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("internship offer", "Draft")
    OPEN = "open", pgettext_lazy("internship offer", "Open for applications")
    CLOSED = "closed", pgettext_lazy("internship offer", "Closed")


OFFER_TRANSITIONS = TransitionTable(
    Transition("publish", {OfferStatus.DRAFT, OfferStatus.CLOSED}, OfferStatus.OPEN, "careers.manage_offer",
               pgettext_lazy("internship offer", "Start taking applications"), guard="publishable"),
    Transition("close", {OfferStatus.OPEN}, OfferStatus.CLOSED, "careers.manage_offer",
               pgettext_lazy("internship offer", "Close")),
)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("internship application", "Sent")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFERED = "offered", _("Place offered")
    ACCEPTED = "accepted", _("Place accepted")
    COMPLETED = "completed", _("Internship completed")
    DECLINED = "declined", _("Place declined")
    REJECTED = "rejected", pgettext_lazy("internship application", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("internship application", "Withdrawn")


# An application still in play: it holds the participant's one application to the offer.
LIVE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED,
                  ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED})
# A place taken: counted against the offer's places and by the plan's KPI.
TAKING_PLACE = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED})

APPLICATION_TRANSITIONS = TransitionTable(
    Transition("shortlist", {ApplicationStatus.SUBMITTED}, ApplicationStatus.SHORTLISTED, "careers.decide_application",
               _("Shortlist")),
    Transition("offer", {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED}, ApplicationStatus.OFFERED,
               "careers.decide_application", _("Offer a place"), fields=("decided_at",)),
    Transition("reject", {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED}, ApplicationStatus.REJECTED,
               "careers.decide_application", pgettext_lazy("internship application", "Do not select"),
               fields=("decided_at",)),
    # The participant takes the place while the offer has one left (the offer's row locked while counted).
    Transition("accept", {ApplicationStatus.OFFERED}, ApplicationStatus.ACCEPTED, "careers.answer_offer",
               _("Accept the place"), guard="place_left", fields=("answered_at",)),
    Transition("decline", {ApplicationStatus.OFFERED}, ApplicationStatus.DECLINED, "careers.answer_offer",
               _("Decline the place"), fields=("answered_at",)),
    Transition("withdraw", {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED},
               ApplicationStatus.WITHDRAWN, "careers.answer_offer",
               pgettext_lazy("internship application", "Withdraw")),
    Transition("complete", {ApplicationStatus.ACCEPTED}, ApplicationStatus.COMPLETED, "careers.decide_application",
               _("Record the internship as completed")),
)
