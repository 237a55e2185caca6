import subprocess

from django.db import transaction

from kizuna.grants import services
from kizuna.grants.services.letters import letter_pdf

from .conftest import make_submitted


def _text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, without spaces and line breaks (Japanese wraps anywhere)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(out.split())


def test_decision_letter_is_a_japanese_pdf_with_the_amounts(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000},
                                        conditions="事業完了後30日以内に実績報告書を提出すること")
    text = _text(letter_pdf(a))
    expected = ["交付決定通知書", "千代田区長様", "交付決定額800,000円", "一般財団法人自治体国際化協会", "実績報告書"]
    assert [s for s in expected if s not in text] == []


def test_rejection_letter_says_not_selected(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={}, rejections=[a.pk])
    text = _text(letter_pdf(a))
    assert "審査結果通知書" in text and "採択されませんでした" in text


def test_decision_mails_the_letter_to_the_applicant_staff(world, call, smtp_server, django_capture_on_commit_callbacks):
    (a,) = make_submitted(world, call, 1)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 500_000})
    (sent,) = smtp_server.messages
    attachments = [(p.get_filename(), p.get_content_type()) for p in sent["message"].iter_attachments()]
    assert (sorted(sent["to"]), attachments) == (
        ["municipality_admin@example.jp", "municipality_staff@example.jp"],
        [("kofu-kettei-tsuchisho.pdf", "application/pdf")])
    assert "交付決定" in sent["message"]["Subject"]


def test_decision_mail_carries_the_letter_that_reads_back(world, call, smtp_server,
                                                          django_capture_on_commit_callbacks):
    (a,) = make_submitted(world, call, 1)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 750_000})
    (pdf,) = list(smtp_server.messages[0]["message"].iter_attachments())
    text = _text(pdf.get_content())
    assert [s for s in ["交付決定通知書", "千代田区長様", "交付決定額750,000円", a.title] if s not in text] == []


def test_rejection_mail_carries_the_rejection_letter(world, call, smtp_server, django_capture_on_commit_callbacks):
    (a,) = make_submitted(world, call, 1)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.decide_applications(by=world.people["hq_staff"], call=call, awards={}, rejections=[a.pk])
    (pdf,) = list(smtp_server.messages[0]["message"].iter_attachments())
    assert (pdf.get_filename(), "採択されませんでした" in _text(pdf.get_content())) == (
        "shinsa-kekka-tsuchisho.pdf", True)


def test_decision_letter_is_rendered_by_a_background_task_not_in_the_request(
        world, call, settings, smtp_server, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    (a,) = make_submitted(world, call, 1)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 500_000})
    queued = [(r.task.name, r.kwargs) for r in default_task_backend.results]
    assert (smtp_server.messages, queued) == ([], [("send_decision_letter", {"application_id": a.pk})])
    queued_task = default_task_backend.results[0].task
    assert queued_task.call(application_id=a.pk) == 1
    assert len(smtp_server.messages) == 1


def test_decision_letter_is_an_official_letter(world, call):
    """文書番号, the date in 令和, the head of the body, the issuer's title, amounts with separators (issue #18)."""
    from django.utils import timezone

    from kizuna.core.fiscal import reiwa_date

    first, second = make_submitted(world, call, 2, amount=1_200_000)
    first, second = services.decide_applications(by=world.people["hq_staff"], call=call,
                                                 awards={first.pk: 1_200_000, second.pk: 1_000_000})
    text = _text(letter_pdf(second))
    expected = ["自国際第2号", reiwa_date(timezone.localdate()), "千代田区長様", "一般財団法人自治体国際化協会理事長",
                "交付決定額1,000,000円", "申請額1,200,000円"]
    assert ([s for s in expected if s not in text], first.document_number) == ([], "自国際第1号")


def test_letter_numbers_run_on_through_the_fiscal_year_and_are_audited(world, call):
    from kizuna.core.fiscal import current_fiscal_year
    from kizuna.grants.models import LetterSequence
    from tests.audit_helpers import logged

    LetterSequence.objects.create(fiscal_year=current_fiscal_year(), last_number=122)
    LetterSequence.objects.create(fiscal_year=current_fiscal_year() - 1, last_number=400)
    awarded, rejected = make_submitted(world, call, 2)
    awarded, rejected = services.decide_applications(by=world.people["hq_staff"], call=call,
                                                     awards={awarded.pk: 500_000}, rejections=[rejected.pk])
    sequence = LetterSequence.objects.get(fiscal_year=current_fiscal_year())
    who, changes = logged(awarded, "grants.application.award")
    assert (awarded.document_number, rejected.document_number, sequence.last_number) == (
        "自国際第123号", "自国際第124号", 124)
    assert (changes["letter_number"], changes["letter_year"][1]) == ([None, 123], current_fiscal_year())
    assert logged(sequence, "grants.lettersequence.take")[1] == {"last_number": [122, 124]}


def test_letter_to_a_prefecture_is_addressed_to_its_governor(world, call):
    from .factories import ApplicationFactory, CostLineFactory

    a = ApplicationFactory(call=call, applicant=world.tokyo, requested_amount=800_000, status="submitted",
                           created_by=world.people["prefecture_staff"])
    CostLineFactory(application=a)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    assert "東京都知事様" in _text(letter_pdf(a))
