"""The grant letters as Japanese PDFs, mailed to the grantee: the decision (交付決定通知書 / 不採択通知書), the
notice of the fixed amount (額の確定通知書) and the refund order (返還請求書).

Every letter shares the letterhead (`grants/_letterhead.html`: number, date, addressee, issuer), the addressee
of `kizuna.core.letters`, and one register of document numbers per fiscal year (`take_letter_numbers`)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kizuna.core.audit import SYSTEM, create_logged, log_action, save_logged
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.fiscal import FiscalYearLabel, reiwa_date
from kizuna.core.letters import addressee

from ..checks import budget_of
from ..enums import Status
from ..models import LetterSequence
from ..queries import balance_of, paid_when_fixed

ASSOCIATION = "一般財団法人自治体国際化協会"
ISSUER = f"{ASSOCIATION} 理事長"  # the letter is issued in the name of the association's head


def take_letter_numbers(fiscal_year: int, count: int, *, by):
    """`count` document numbers for letters, the next ones of the fiscal year's register (its row locked until
    the transaction commits, so that letters numbered at the same time wait for each other). Yields the fields
    `letter_year` and `letter_number` of each."""
    if not count:
        return iter(())
    sequence = LetterSequence.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    if sequence is None:
        sequence = create_logged(LetterSequence, "grants.lettersequence.start", by=by, fiscal_year=fiscal_year)
        sequence = LetterSequence.objects.select_for_update().get(pk=sequence.pk)
    first = sequence.last_number + 1
    sequence.last_number += count
    save_logged(sequence, "grants.lettersequence.take", by=by, fields=["last_number"])
    return iter({"letter_year": fiscal_year, "letter_number": n} for n in range(first, first + count))


def _pdf(template: str, application, *, number: str, moment, **context) -> bytes:
    """A letter to the grantee on the letterhead, numbered `number` and dated the day of `moment` (so that it
    reads the same whenever it is downloaded again)."""
    from weasyprint import HTML  # heavy: loaded only when it is needed

    with translation.override("ja"):
        html = render_to_string(template, {
            "application": application, "issuer": ISSUER, "number": number,
            "addressee": addressee(application.applicant, application.person),
            "fiscal_year": FiscalYearLabel(application.call.fiscal_year),
            "date": reiwa_date(moment or timezone.now()), **context})
    return HTML(string=html).write_pdf()


def letter_pdf(application) -> bytes:
    return _pdf("grants/letter.html", application, number=application.document_number,
                moment=application.decided_at, awarded=application.status != Status.REJECTED,
                # the budget as it was decided on (the cost lines are locked from the submission on)
                budget=budget_of(application, list(application.lines.all()), list(application.income_lines.all()))
                if application.call.scheme.pays_money else None)


def amount_figures(application) -> dict:
    """The amounts the notice of the fixed amount states: decided, fixed, paid by then, and what remains to be
    paid (精算払) or paid back (返還)."""
    paid = paid_when_fixed(application)
    fixed = application.final_amount or 0
    return {"decided": application.decided_amount or 0, "fixed": fixed, "paid": paid,
            "to_pay": max(0, fixed - paid), "to_refund": max(0, paid - fixed)}


def amount_letter_pdf(application) -> bytes:
    return _pdf("grants/amount_letter.html", application, number=application.fixed_document_number,
                moment=application.fixed_at,
                decision_date=reiwa_date(application.decided_at or timezone.now()),
                **amount_figures(application))


def refund_letter_pdf(refund) -> bytes:
    """The refund order; it counts every payment approved (none can be approved while a refund is ordered)."""
    application = refund.application
    return _pdf("grants/refund_letter.html", application, number=refund.document_number, moment=refund.issued_at,
                refund=refund, due_date=reiwa_date(refund.due_on),
                fixed_date=reiwa_date(application.fixed_at or refund.issued_at),
                decided=application.decided_amount or 0, fixed=application.final_amount or 0,
                paid=balance_of(application).paid)


def recipients(application) -> list[str]:
    if application.person_id:
        return [application.person.email]
    return list(application.applicant.memberships.active().filter(role__in=WORKING_ROLES)
                .values_list("person__email", flat=True).order_by("person__email"))


def _mail(application, *, subject: str, body: str, context: dict, filename: str, pdf, record, action: str) -> int:
    """Mail a letter (rendered by `pdf()` only when there is someone to mail it to) to the grantee's staff, as
    the system; the entry on `record` says to how many."""
    to = recipients(application)
    if not to:
        return 0
    with translation.override("ja"):
        text = render_to_string(body, {"application": application, "association": ASSOCIATION, **context})
    message = EmailMessage(subject=subject + application.title, body=text, to=to)
    message.attach(filename, pdf(), "application/pdf")
    sent = message.send()
    log_action(record, action, by=SYSTEM, data={"recipients": len(to)})
    return sent


def send_decision_letter(application) -> int:
    """Mail the letter to the applicant (run by the task worker, as the system); the entry says to how many."""
    awarded = application.status != Status.REJECTED
    money = application.call.scheme.pays_money
    notice = "【交付決定通知】" if money else "【表彰決定通知】"
    name = ("kofu-kettei-tsuchisho.pdf" if money else "hyosho-kettei-tsuchisho.pdf"
            ) if awarded else "shinsa-kekka-tsuchisho.pdf"
    return _mail(application, subject=notice if awarded else "【審査結果のお知らせ】",
                 body="grants/mail/decision_body.txt", context={"awarded": awarded}, filename=name,
                 pdf=lambda: letter_pdf(application), record=application, action="grants.application.send_letter")


def send_amount_letter(application) -> int:
    """Mail the notice of the fixed amount (額の確定通知書) to the grantee (run by the task worker)."""
    return _mail(application, subject="【額の確定通知】", body="grants/mail/amount_body.txt",
                 context=amount_figures(application), filename="gaku-no-kakutei-tsuchisho.pdf",
                 pdf=lambda: amount_letter_pdf(application), record=application,
                 action="grants.application.send_amount_letter")


def send_refund_letter(refund) -> int:
    """Mail the refund order (返還請求書) to the grantee (run by the task worker)."""
    return _mail(refund.application, subject="【補助金返還請求】", body="grants/mail/refund_body.txt",
                 context={"refund": refund, "due_date": reiwa_date(refund.due_on)},
                 filename="henkan-seikyusho.pdf", pdf=lambda: refund_letter_pdf(refund), record=refund,
                 action="grants.refundorder.send_letter")
