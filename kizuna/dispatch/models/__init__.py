from .dispatches import Dispatch
from .experts import Expert, ExpertDate

__all__ = ["Dispatch", "Expert", "ExpertDate"]
