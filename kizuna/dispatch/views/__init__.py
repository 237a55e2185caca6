from .acting import cancel, offer, report, respond, survey
from .applications import (
    application,
    application_decide,
    application_edit,
    application_file,
    application_review,
    application_vet,
    application_withdraw,
    applications,
    apply,
)
from .pages import board, detail, expert, expert_dates, expert_edit, experts, mine, new
from .statements import month, month_xlsx, statement, statement_pdf, statement_xlsx
from .visits import add_files, cancel_visit, plan_visit, report_file, report_visit

__all__ = ["add_files", "application", "application_decide", "application_edit", "application_file",
           "application_review", "application_vet", "application_withdraw", "applications", "apply", "board", "cancel",
           "cancel_visit", "detail", "expert", "expert_dates", "expert_edit", "experts", "mine", "month", "month_xlsx",
           "new", "offer", "plan_visit", "report", "report_file", "report_visit", "respond", "statement",
           "statement_pdf", "statement_xlsx", "survey"]
