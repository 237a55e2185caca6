"""Every write of the grants app: verb_noun functions with keyword-only arguments and an explicit actor."""

from .after import (
    approve_payment,
    attach_report_file,
    final_amount,
    fix_amount,
    prepare_payment,
    return_report,
    submit_report,
)
from .applying import (
    add_cost_line,
    add_income_line,
    attach_file,
    check_submittable,
    remove_cost_line,
    remove_income_line,
    return_application,
    start_application,
    submit_application,
    update_application,
    update_cost_line,
    update_income_line,
    withdraw_application,
)
from .changes import decide_change, request_change
from .claims import start_claim
from .deciding import decide_applications
from .interim import (
    answer_interim_report,
    remind_interim_reports,
    schedule_interim_report,
    submit_interim_report,
)
from .messages import post_application_message
from .reviewing import assign_reviewer, declare_conflict, score_application
from .schemes import delete_criterion, delete_question, save_call, save_criterion, save_question, save_scheme
from .settlement import (
    accept_payment_request,
    answer_payment_request,
    cancel_refund,
    issue_refund_order,
    receive_refund,
    request_payment,
    return_payment_request,
)

__all__ = [
    "start_application", "update_application", "attach_file", "add_cost_line", "update_cost_line",
    "remove_cost_line", "add_income_line", "update_income_line", "remove_income_line",
    "check_submittable", "start_claim",
    "submit_application", "return_application", "withdraw_application", "assign_reviewer",
    "declare_conflict", "score_application", "decide_applications", "save_scheme", "save_call",
    "save_criterion", "save_question", "delete_criterion", "delete_question",
    "submit_report", "attach_report_file", "return_report", "fix_amount", "final_amount",
    "prepare_payment", "approve_payment", "request_change", "decide_change",
    "schedule_interim_report", "submit_interim_report", "answer_interim_report", "remind_interim_reports",
    "post_application_message",
]
__all__ += ["issue_refund_order", "receive_refund", "cancel_refund", "request_payment", "accept_payment_request",
            "return_payment_request", "answer_payment_request"]
