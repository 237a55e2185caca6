from .after import Certificate, Material, SurveyResponse
from .booths import Booth, Exhibitor, Lead
from .events import JST, AnswerFile, Event, Registration, Session, new_code
from .lottery import Draw
from .mails import EventMail, MailDelivery

__all__ = ["JST", "AnswerFile", "Booth", "Certificate", "Draw", "Event", "EventMail", "Exhibitor", "Lead",
           "MailDelivery", "Material", "Registration", "Session", "SurveyResponse", "new_code"]
