from .dispatches import Dispatch
from .experts import Expert, ExpertDate
from .visits import Visit

__all__ = ["Dispatch", "Expert", "ExpertDate", "Visit"]
