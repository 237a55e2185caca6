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
    expected = ["交付決定通知書", "千代田区様", "交付決定額800,000円", "一般財団法人自治体国際化協会", "実績報告書"]
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
    assert [s for s in ["交付決定通知書", "千代田区様", "交付決定額750,000円", a.title] if s not in text] == []


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
