"""Who may see and do what with internships.

An open offer is seen by everyone signed in (participants look for one; alumni and staff too); a draft or a
closed offer by the organisation that offers it, CLAIR staff, and the participants who applied. An application
is the business of the participant who sent it and of the offering organisation (and headquarters, which run
the career support): not of the participant's contracting organisation or their PA.
"""

from kizuna.core.policies import SIGNED_IN, USER, Field, Has, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs
from kizuna.jet.queries import active_record
from kizuna.jet.rules import OWN_RECORD

from .enums import OFFERING_KINDS, OfferStatus


def offers_internships(user) -> bool:
    """Works for a company or a local government, which offer internships (headquarters manage every offer)."""
    return bool(working_orgs(user, OFFERING_KINDS))


def in_the_programme(user) -> bool:
    return active_record(user) is not None


OFFERER = WorksFor("organisation")
APPLIED = Has("careers.Application", "offer", participant__person=USER)
OFFER_VIEW = (Field("status", OfferStatus.OPEN) & SIGNED_IN) | OFFERER | CLAIR_STAFF | APPLIED
APPLICANT = OWN_RECORD
OFFER_SIDE = Through("offer", OFFERER) | HQ_STAFF


class OfferPolicy(Policy):
    model = "careers.Offer"
    view = "careers.view_offer"
    actions = {
        "careers.view_offer": OFFER_VIEW,
        "careers.view_offers": SIGNED_IN,
        "careers.create_offer": Who(offers_internships, "offers_internships"),
        "careers.manage_offer": OFFERER | HQ_STAFF,
        "careers.apply": Field("status", OfferStatus.OPEN) & Who(in_the_programme, "in_the_programme"),
    }


class ApplicationPolicy(Policy):
    model = "careers.Application"
    view = "careers.view_application"
    actions = {
        "careers.view_application": APPLICANT | OFFER_SIDE,
        "careers.view_own_applications": SIGNED_IN,
        "careers.decide_application": OFFER_SIDE,
        "careers.answer_offer": APPLICANT,
    }


register(OfferPolicy())
register(ApplicationPolicy())
