from .after import Certificate, Material, SurveyResponse
from .booths import Booth, Exhibitor
from .events import JST, AnswerFile, Event, Registration, Session, new_code
from .lottery import Draw

__all__ = ["JST", "AnswerFile", "Booth", "Certificate", "Draw", "Event", "Exhibitor", "Material", "Registration",
           "Session", "SurveyResponse", "new_code"]
