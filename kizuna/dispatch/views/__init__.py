from .acting import cancel, offer, report, respond, survey
from .pages import board, detail, expert, expert_dates, expert_edit, experts, mine, new

__all__ = ["board", "cancel", "detail", "expert", "expert_dates", "expert_edit", "experts", "mine", "new",
           "offer", "report", "respond", "survey"]
