from .applications import ApplicationFile, ExpertApplication
from .dispatches import Dispatch
from .experts import Expert, ExpertDate
from .files import ReportFile
from .visits import Visit

__all__ = ["ApplicationFile", "Dispatch", "Expert", "ExpertApplication", "ExpertDate", "ReportFile", "Visit"]
