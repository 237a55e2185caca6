"""Decision and rejection letters (交付決定通知書 / 不採択通知書) as Japanese PDFs, mailed to the applicant."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kizuna.core.audit import SYSTEM, log_action
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.fiscal import FiscalYearLabel, reiwa_date
from kizuna.core.letters import addressee

from ..checks import budget_of
from ..enums import Status

ASSOCIATION = "一般財団法人自治体国際化協会"
ISSUER = f"{ASSOCIATION} 理事長"  # the letter is issued in the name of the association's head


def letter_pdf(application) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when it is needed

    with translation.override("ja"):
        html = render_to_string("grants/letter.html", {
            "application": application, "issuer": ISSUER,
            "addressee": addressee(application.applicant, application.person),
            "awarded": application.status != Status.REJECTED,
            # the budget as it was decided on (the cost lines are locked from the submission on)
            "budget": budget_of(application, list(application.lines.all()), list(application.income_lines.all()))
            if application.call.scheme.pays_money else None,
            "fiscal_year": FiscalYearLabel(application.call.fiscal_year),
            # dated the day of the decision: the letter reads the same whenever it is downloaded again
            "date": reiwa_date(application.decided_at or timezone.now()),
        })
    return HTML(string=html).write_pdf()


def recipients(application) -> list[str]:
    if application.person_id:
        return [application.person.email]
    return list(application.applicant.memberships.active().filter(role__in=WORKING_ROLES)
                .values_list("person__email", flat=True).order_by("person__email"))


def send_decision_letter(application) -> int:
    """Mail the letter to the applicant (run by the task worker, as the system); the entry says to how many."""
    to = recipients(application)
    if not to:
        return 0
    awarded = application.status != Status.REJECTED
    with translation.override("ja"):
        notice = "【交付決定通知】" if application.call.scheme.pays_money else "【表彰決定通知】"
        subject = (notice if awarded else "【審査結果のお知らせ】") + application.title
        body = render_to_string("grants/mail/decision_body.txt", {"application": application, "awarded": awarded,
                                                                    "association": ASSOCIATION})
    message = EmailMessage(subject=subject, body=body, to=to)
    name = ("kofu-kettei-tsuchisho.pdf" if application.call.scheme.pays_money else "hyosho-kettei-tsuchisho.pdf"
            ) if awarded else "shinsa-kekka-tsuchisho.pdf"
    message.attach(name, letter_pdf(application), "application/pdf")
    sent = message.send()
    log_action(application, "grants.application.send_letter", by=SYSTEM, data={"recipients": len(to)})
    return sent
