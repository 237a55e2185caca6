from .applications import Application, ApplicationRound, CostLine, LetterSequence
from .attachments import Attachment
from .changes import ChangeRequest
from .payments import Payment
from .reviews import Assignment, Score
from .schemes import Call, Criterion, Question, Scheme

__all__ = ["Scheme", "Criterion", "Call", "Question", "Application", "CostLine", "ApplicationRound",
           "Assignment", "Score", "Payment",
           "ChangeRequest", "Attachment", "LetterSequence"]
