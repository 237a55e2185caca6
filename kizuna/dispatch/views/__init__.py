from .acting import cancel, offer, report, respond, survey
from .pages import board, detail, expert, expert_dates, expert_edit, experts, mine, new
from .statements import month, month_xlsx, statement, statement_pdf, statement_xlsx

__all__ = ["board", "cancel", "detail", "expert", "expert_dates", "expert_edit", "experts", "mine", "month",
           "month_xlsx", "new", "offer", "report", "respond", "statement", "statement_pdf", "statement_xlsx",
           "survey"]
