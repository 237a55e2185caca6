"""The grants app's actions in words, for the history of a record (kizuna/core/history.py). Transitions are
named by their table's labels; these are the other writes."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "grants.application.start": _("Started the application"),
    "grants.application.update": _("Changed the application"),
    "grants.application.set_partners": _("Changed the joint partners"),
    "grants.application.answer": _("Answered a question with a document"),
    "grants.application.remind": _("Reminded the grantee of the performance report"),
    "grants.application.send_letter": _("Mailed the decision letter"),
    "grants.costline.add": _("Added a cost line"),
    "grants.costline.update": _("Changed a cost line"),
    "grants.costline.remove": _("Removed a cost line"),
    "grants.costline.report_actual": _("Reported the actual cost"),
    "grants.applicationround.submit": _("Kept the submitted round"),
    "grants.applicationround.return": _("Returned the round with comments"),
    "grants.attachment.add": _("Attached a document"),
    "grants.lettersequence.start": _("Opened the register of letter numbers for a fiscal year"),
    "grants.lettersequence.take": _("Gave document numbers to grant letters"),
    "grants.application.send_amount_letter": _("Mailed the notice of the fixed amount"),
    "grants.refundorder.issue": _("Ordered a refund"),
    "grants.refundorder.send_letter": _("Mailed the refund order"),
    "grants.paymentrequest.submit": _("Asked for a payment"),
    "grants.assignment.assign": _("Assigned a reviewer"),
    "grants.assignment.reweigh": _("Weighed the scores again"),
    "grants.score.give": _("Gave a score"),
    "grants.score.change": _("Changed a score"),
    "grants.payment.prepare": _("Prepared the payment"),
    "grants.changerequest.request": _("Requested a change"),
    "grants.application.seed_report": _("Set up for the demo"),
    "grants.applicationmessage.post": _("Wrote on the application's thread"),
    **{f"grants.{model}.seed": _("Set up for the demo") for model in (
        "call", "question", "application", "costline", "applicationround", "assignment", "score", "payment",
        "applicationmessage", "paymentrequest", "refundorder")},
}
