from .after import Certificate, Material, SurveyResponse
from .booths import Booth, Exhibitor, Lead
from .events import JST, Event, Registration, Session, new_code
from .lottery import Draw
from .mails import EventMail, MailDelivery

__all__ = ["JST", "Booth", "Certificate", "Draw", "Event", "EventMail", "Exhibitor", "Lead", "MailDelivery", "Material",
           "Registration", "Session",
           "SurveyResponse", "new_code"]
