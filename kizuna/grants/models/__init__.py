from .applications import Application, ApplicationRound, CostLine, IncomeLine, LetterSequence
from .attachments import Attachment
from .changes import ChangeRequest
from .interim import InterimReport
from .messages import ApplicationMessage
from .payments import Payment
from .reviews import Assignment, Score
from .schemes import Call, Criterion, Question, Scheme
from .settlement import PaymentRequest, RefundOrder

__all__ = ["Scheme", "Criterion", "Call", "Question", "Application", "CostLine", "IncomeLine", "ApplicationRound",
           "Assignment", "Score", "Payment",
           "ChangeRequest", "Attachment", "LetterSequence", "InterimReport",
           "ApplicationMessage"]
__all__ += ["RefundOrder", "PaymentRequest"]
