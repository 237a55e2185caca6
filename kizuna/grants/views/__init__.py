from .after import (
    change_decide,
    change_request,
    fix_amount,
    interim_add,
    interim_answer,
    interim_reports,
    interim_submit,
    payment_approve,
    payment_prepare,
    report,
    report_return,
)
from .applying import (
    application_detail,
    application_edit,
    application_return,
    application_start,
    application_submit,
    application_withdraw,
    income_add,
    income_remove,
    letter,
    line_add,
    line_remove,
    my_applications,
)
from .files import download, report_upload, upload
from .messages import application_message
from .reviewing import assign, board, decide, declare, export, my_reviews, score
from .settlement import (
    amount_letter,
    payment_request,
    payment_request_answer,
    refund_cancel,
    refund_issue,
    refund_letter,
    refund_receive,
    refunds,
)
from .setup import (
    call_create,
    call_detail,
    call_edit,
    call_list,
    criterion_add,
    criterion_delete,
    criterion_edit,
    question_add,
    question_delete,
    question_edit,
    scheme_create,
    scheme_detail,
    scheme_edit,
    scheme_list,
    selected,
)

__all__ = [
    "application_detail", "application_edit", "application_return", "application_start", "application_submit",
    "application_withdraw", "income_add", "income_remove", "letter", "line_add", "line_remove", "my_applications",
    "assign", "board",
    "declare", "decide", "export", "my_reviews", "score", "call_create", "call_detail", "call_edit", "call_list",
    "criterion_add", "criterion_edit", "criterion_delete", "question_add", "question_edit", "question_delete",
    "scheme_create", "scheme_detail", "scheme_edit", "scheme_list", "selected",
    "change_decide", "change_request", "fix_amount", "payment_approve", "payment_prepare", "report",
    "report_return", "download", "upload", "report_upload", "interim_add", "interim_answer", "interim_reports",
    "interim_submit", "application_message",
]
__all__ += ["amount_letter", "payment_request", "payment_request_answer", "refund_cancel", "refund_issue",
            "refund_letter", "refund_receive", "refunds"]
