"""Who may do what with events: the policies of events and their sessions, registrations, lottery draws, survey
answers, certificates, joint booths and their co-exhibitors.

An event is the business of its organiser (headquarters, a branch or an overseas office: its working members;
a JETAA chapter: its officers) and of headquarters. A published public event is for everyone to see; a private
one for the people invited to it or registered for it, CLAIR staff and its organisers. Who may register follows
the event's audience (`MAY_ATTEND`), which the services also ask when someone registers colleagues. A
registration is seen by the person registered, the colleague who registered them, and the event's organisers. The
bodies that co-organise an event (JIAM, KRILA, a university, a host city) see it and its roster.
"""

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind, Role
from kizuna.core.policies import (
    ANYONE,
    SIGNED_IN,
    USER,
    Field,
    Has,
    IsUser,
    Past,
    Policy,
    Through,
    WorksFor,
    register,
)
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, LOCAL_GOVERNMENT_STAFF, Who, has_role, working_orgs

from .enums import Audience


def is_jet(user) -> bool:
    return bool(has_role(user, Role.JET))


def works_for_local_government(user) -> bool:
    """Works for a prefecture or municipality (the co-exhibitors of a joint booth; associations are not)."""
    return bool(working_orgs(user, LOCAL_GOVERNMENT_KINDS))


def works_for_company(user) -> bool:
    """Works for a company (a co-exhibitor at a career fair)."""
    return bool(working_orgs(user, {OrgKind.COMPANY}))


JET = Who(is_jet, "jet")
LOCAL_GOVERNMENT_WORKER = Who(works_for_local_government, "works_for_local_government")
COMPANY_WORKER = Who(works_for_company, "works_for_company")

# About an event.
INVITED = Has("events.Event_invitees", "event", user=USER)
REGISTERED = Has("events.Registration", "event", person=USER)
SEATED = Has("events.Registration", "event", person=USER, status="confirmed")
# A JETAA chapter organises its own events through its officers (kizuna/alumni).
CHAPTER_KINDS = frozenset({OrgKind.JETAA_CHAPTER})
CHAPTER_OFFICER = Who(lambda user: bool(has_role(user, Role.CHAPTER_OFFICER)), "chapter_officer")
ORGANISERS = WorksFor("organiser") | WorksFor("organiser", roles={Role.CHAPTER_OFFICER}, kinds=CHAPTER_KINDS) | HQ_STAFF
# Bodies that run the event with its organiser (JIAM, KRILA, a university, a host city): they see it and its roster.
CO_ORGANISERS = WorksFor("co_organisers")
# The audience rule: who may register for the event (colleagues registered for them too).
MAY_ATTEND = ((Field("audience", Audience.ANYONE) & SIGNED_IN)
              | (Field("audience", Audience.LOCAL_GOVERNMENT) & LOCAL_GOVERNMENT_STAFF)
              | (Field("audience", Audience.JET) & JET)
              | (Field("audience", Audience.INVITED) & INVITED))
# Drafts are CLAIR's and their organisers'; a published event is everyone's when public, else its invitees' and
# registrants'.
EVENT_VIEW = (CLAIR_STAFF | ORGANISERS | CO_ORGANISERS
              | (Field("is_published", True) & (Field("is_public", True) | INVITED | REGISTERED)))

# About a registration.
REGISTRANT = IsUser("person")
REGISTRAR = IsUser("registered_by")
EVENT_ORGANISERS = (WorksFor("event__organiser")
                    | WorksFor("event__organiser", roles={Role.CHAPTER_OFFICER}, kinds=CHAPTER_KINDS) | HQ_STAFF)
REGISTRATION_VIEW = REGISTRANT | REGISTRAR | EVENT_ORGANISERS


def may_attend(person, event) -> bool:
    """The event's audience rule for one person (a colleague being registered, or oneself)."""
    return person is not None and MAY_ATTEND.test(person, event)


class EventPolicy(Policy):
    model = "events.Event"
    view = "events.view_event"
    actions = {
        "events.view_events": ANYONE,
        "events.view_event": EVENT_VIEW,
        "events.download_calendar": ANYONE,
        "events.export_open_data": ANYONE,
        "events.add_event": CLAIR_STAFF | CHAPTER_OFFICER,
        "events.manage_event": ORGANISERS,
        "events.view_roster": ORGANISERS | CO_ORGANISERS,
        "events.manage_materials": ORGANISERS,
        "events.register": MAY_ATTEND,
        # Registering without an account (the event must allow it: services/guests.py), and the signed links of
        # those registrations: the link is the key.
        "events.register_as_guest": ANYONE,
        "events.use_registration_link": ANYONE,
        "events.check_in": ORGANISERS,
        "events.mail_registrants": ORGANISERS,
        "events.run_draw": ORGANISERS,
    }


class SessionPolicy(Policy):
    model = "events.Session"
    view = "events.view_session"
    actions = {"events.view_session": Through("event", EVENT_VIEW)}


class RegistrationPolicy(Policy):
    model = "events.Registration"
    view = "events.view_registration"
    actions = {
        "events.view_registration": REGISTRATION_VIEW,
        "events.view_own_registrations": SIGNED_IN,
        "events.cancel_registration": REGISTRATION_VIEW,
        "events.change_registration": REGISTRANT | REGISTRAR,
        "events.decide_registration": EVENT_ORGANISERS,
        "events.accept_offer": REGISTRANT,
        "events.answer_survey": REGISTRANT,
        "events.download_certificate": REGISTRANT | EVENT_ORGANISERS,
    }


class ColleaguesPolicy(Policy):
    """Registering colleagues is done for an organisation one works for. (A policy about organisations; their
    own visibility is the core's.)"""

    model = "core.Organisation"
    actions = {"events.register_colleagues": WorksFor("pk")}


class MaterialPolicy(Policy):
    """An event's slides, recording or documents: its organisers and co-organisers' staff at any time; the people
    who held a seat from the time it is shown (the event's end, unless shared before)."""

    model = "events.Material"
    view = "events.view_material"
    actions = {"events.view_material": Through("event", ORGANISERS | CO_ORGANISERS)
               | (Past("available_from") & Through("event", SEATED))}


class EventMailPolicy(Policy):
    """Mail to an event's registrants is its organisers' (co-organisers see the roster, but do not write to it)."""

    model = "events.EventMail"
    view = "events.view_event_mail"
    actions = {"events.view_event_mail": Through("event", ORGANISERS),
               "events.change_event_mail": Through("event", ORGANISERS),
               "events.send_event_mail": Through("event", ORGANISERS)}


class MailDeliveryPolicy(Policy):
    """Who a mail went to is seen by those who see the mail."""

    model = "events.MailDelivery"
    view = "events.view_mail_delivery"
    actions = {"events.view_mail_delivery": Through("mail__event", ORGANISERS)}
class AnswerFilePolicy(Policy):
    """A file given in answer to a registration question: the registrant's (and the colleague's who registered
    them), and whoever sees the event's roster (its organisers and co-organisers' staff)."""

    model = "events.AnswerFile"
    view = "events.view_answer_file"
    actions = {"events.view_answer_file": Through("registration", REGISTRANT | REGISTRAR)
               | Through("registration__event", ORGANISERS | CO_ORGANISERS)}


class DrawPolicy(Policy):
    """A lottery draw (its seed, applicants and order) is the organisers' record; they show it to whoever asks."""

    model = "events.Draw"
    view = "events.view_draw"
    actions = {"events.view_draw": Through("event", ORGANISERS)}


class SurveyResponsePolicy(Policy):
    """A survey answer is seen by the person who gave it and the event's organisers (in the summary)."""

    model = "events.SurveyResponse"
    view = "events.view_survey_response"
    actions = {"events.view_survey_response": Through("registration", REGISTRANT | EVENT_ORGANISERS)}


class CertificatePolicy(Policy):
    """A certificate is the attendee's and the organisers'; anyone holding its code may check it is genuine."""

    model = "events.Certificate"
    view = "events.view_certificate"
    actions = {
        "events.view_certificate": Through("registration", REGISTRANT | EVENT_ORGANISERS),
        "events.verify_certificate": ANYONE,
    }


FAIR_VIEW = Through("event", EVENT_VIEW)
FAIR_ORGANISERS = Through("event", ORGANISERS)


class BoothPolicy(Policy):
    """A joint booth is seen by whoever sees its fair; local governments apply for a slot, and companies too at a
    career fair."""

    model = "events.Booth"
    view = "events.view_booth"
    actions = {
        "events.view_booth": FAIR_VIEW,
        # Companies take booths at career fairs; local governments at any fair.
        "events.apply_for_booth": (LOCAL_GOVERNMENT_WORKER | (COMPANY_WORKER & Field("event__kind", "career_fair")))
        & FAIR_VIEW,
        "events.manage_booth": FAIR_ORGANISERS,
    }


class ExhibitorPolicy(Policy):
    """A co-exhibitor's application is its local government's business; CLAIR staff see them all, the fair's
    organisers select among them."""

    model = "events.Exhibitor"
    view = "events.view_exhibitor"
    actions = {
        "events.view_exhibitor": WorksFor("organisation") | CLAIR_STAFF,
        "events.act_for_exhibitor": WorksFor("organisation"),
        "events.select_exhibitors": Through("booth", FAIR_ORGANISERS),
        # Scanning visitors' codes at the booth during the fair (and until the report is in), and the leads got:
        # the co-exhibitor's own business.
        "events.capture_leads": WorksFor("organisation") & Field("status", "selected"),
        "events.view_leads": WorksFor("organisation"),
    }


class LeadPolicy(Policy):
    """A lead is the co-exhibitor's that scanned it."""

    model = "events.Lead"
    view = "events.view_lead"
    actions = {"events.view_lead": Through("exhibitor", WorksFor("organisation"))}


for _policy in (EventPolicy(), SessionPolicy(), RegistrationPolicy(), ColleaguesPolicy(), AnswerFilePolicy(),
                DrawPolicy(), EventMailPolicy(), MailDeliveryPolicy(), LeadPolicy(), MaterialPolicy(),
                SurveyResponsePolicy(), CertificatePolicy(), BoothPolicy(), ExhibitorPolicy()):
    register(_policy)
