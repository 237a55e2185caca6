from .after import Certificate, SurveyResponse
from .booths import Booth, Exhibitor
from .events import JST, Event, Registration, Session, new_code
from .lottery import Draw

__all__ = ["JST", "Booth", "Certificate", "Draw", "Event", "Exhibitor", "Registration", "Session", "SurveyResponse",
           "new_code"]
