from .dispatches import Dispatch
from .experts import Expert, ExpertDate
from .files import ReportFile
from .visits import Visit

__all__ = ["Dispatch", "Expert", "ExpertDate", "ReportFile", "Visit"]
