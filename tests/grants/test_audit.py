"""Every grants service leaves its entry: each is called once inside `audit.watch()` (which fails on a write
without an entry), and its entry names who did it and every field it changed, with the old and new values."""

from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from kizuna.core import audit
from kizuna.grants import services
from kizuna.grants.models import Application, Attachment, Call, CostLine, Criterion, Question, Scheme
from kizuna.grants.services.letters import send_decision_letter
from kizuna.grants.services.reminders import remind_reports
from tests.audit_helpers import entries_of, logged
from tests.factories import OrganisationFactory, arrange_update
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on

from .conftest import make_submitted
from .factories import AssignmentFactory, QuestionFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def iso(moment) -> str:
    return moment.isoformat()


@pytest.fixture
def awarded(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    return a


@pytest.fixture
def reported(world, awarded):
    line = awarded.lines.get()
    return services.submit_report(by=world.people["municipality_staff"], application=awarded,
                                  actuals={line.pk: 700_000}, outcomes="参加者80名")


# Applying -----------------------------------------------------------------------------------------------------

def test_start_application_is_logged(world, call):
    staff = world.people["municipality_staff"]
    with audit.watch():
        a = services.start_application(by=staff, call=call, applicant=world.chiyoda, title="やさしい日本語")
    assert logged(a, "grants.application.start") == (staff, {
        "call": [None, call.pk], "applicant": [None, world.chiyoda.pk], "title": [None, "やさしい日本語"],
        "requested_amount": [None, 0], "status": [None, "draft"], "round_number": [None, 0],
        "created_by": [None, staff.pk], "created_at": [None, iso(a.created_at)]})


def test_update_application_is_logged(world, draft):
    staff = world.people["municipality_admin"]
    with audit.watch():
        services.update_application(by=staff, application=draft, title="共同編集", requested_amount=900_000)
    assert logged(draft, "grants.application.update") == (staff, {
        "title": [draft.title, "共同編集"], "requested_amount": [1_000_000, 900_000]})


def test_update_application_partners_is_logged(world, draft):
    staff, npo = world.people["municipality_staff"], OrganisationFactory(kind="ngo")
    with audit.watch():
        services.update_application(by=staff, application=draft, partners=[npo])
    assert logged(draft, "grants.application.set_partners") == (staff, {"partners": [[], [npo.pk]]})


def test_attach_file_is_logged(world, draft):
    staff = world.people["municipality_staff"]
    QuestionFactory(call=draft.call, key="estimate", label="見積書", kind="file")
    with audit.watch():
        attachment = services.attach_file(by=staff, application=draft, question_key="estimate",
                                          upload=SimpleUploadedFile("見積書.pdf", PDF))
    assert logged(attachment, "grants.attachment.add") == (staff, {
        "application": [None, draft.pk], "stage": [None, "application"], "question_key": [None, "estimate"],
        "file": [None, attachment.file.name], "name": [None, "見積書.pdf"], "content_type": [None, "application/pdf"],
        "size": [None, len(PDF)], "uploaded_by": [None, staff.pk], "uploaded_at": [None, iso(attachment.uploaded_at)]})
    assert logged(draft, "grants.application.answer") == (staff, {"answers": [{}, {"estimate": "見積書.pdf"}]})


def test_add_cost_line_is_logged(world, draft):
    staff = world.people["municipality_staff"]
    with audit.watch():
        line = services.add_cost_line(by=staff, application=draft, category="旅費", description="講師旅費",
                                      amount=120_000)
    assert logged(line, "grants.costline.add") == (staff, {
        "application": [None, draft.pk], "category": [None, "旅費"], "description": [None, "講師旅費"],
        "amount": [None, 120_000], "eligible": [None, True]})


def test_update_cost_line_is_logged(world, draft):
    staff, line = world.people["municipality_staff"], draft.lines.get()
    with audit.watch():
        services.update_cost_line(by=staff, line=line, category=line.category, description="通訳謝金",
                                  amount=900_000, eligible=False)
    assert logged(line, "grants.costline.update") == (staff, {
        "description": ["講師謝金", "通訳謝金"], "amount": [1_000_000, 900_000], "eligible": [True, False]})


def test_remove_cost_line_is_logged(world, draft):
    staff, line = world.people["municipality_staff"], draft.lines.get()
    pk = line.pk
    with audit.watch():
        services.remove_cost_line(by=staff, line=line)
    assert logged(CostLine(pk=pk), "grants.costline.remove") == (staff, {
        "application": [draft.pk, None], "category": ["謝金", None], "description": ["講師謝金", None],
        "amount": [1_000_000, None], "eligible": [True, None]})


def test_submit_application_is_logged_with_its_round(world, draft):
    staff = world.people["municipality_staff"]
    with audit.watch():
        a = services.submit_application(by=staff, application=draft)
    round_ = a.rounds.get()
    assert logged(a, "grants.application.submit") == (staff, {
        "status": ["draft", "submitted"], "round_number": [0, 1], "submitted_at": [None, iso(a.submitted_at)]})
    assert logged(round_, "grants.applicationround.submit") == (staff, {
        "application": [None, a.pk], "number": [None, 1], "submitted_at": [None, iso(round_.submitted_at)],
        "submitted_by": [None, staff.pk], "snapshot": [None, round_.snapshot]})


def test_return_application_is_logged_with_its_round(world, submitted):
    hq = world.people["hq_staff"]
    with audit.watch():
        services.return_application(by=hq, application=submitted, comment="見積書を添付してください")
    round_ = submitted.rounds.get()
    assert logged(submitted, "grants.application.return") == (hq, {"status": ["submitted", "returned"]})
    assert logged(round_, "grants.applicationround.return") == (hq, {
        "returned_at": [None, iso(round_.returned_at)], "returned_by": [None, hq.pk],
        "comment": ["", "見積書を添付してください"]})


def test_withdraw_application_is_logged(world, draft):
    staff = world.people["municipality_staff"]
    with audit.watch():
        services.withdraw_application(by=staff, application=draft)
    assert logged(draft, "grants.application.withdraw") == (staff, {"status": ["draft", "withdrawn"]})


# Reviewing ----------------------------------------------------------------------------------------------------

def test_assign_reviewer_is_logged(world, submitted):
    hq, reviewer = world.people["hq_staff"], world.people["reviewer"]
    with audit.watch():
        a = services.assign_reviewer(by=hq, application=submitted, reviewer=reviewer)
    assert logged(a, "grants.assignment.assign") == (hq, {
        "application": [None, submitted.pk], "reviewer": [None, reviewer.pk], "status": [None, "pending"],
        "kind": [None, "external"], "assigned_by": [None, hq.pk], "assigned_at": [None, iso(a.assigned_at)]})


def test_declare_conflict_is_logged(world, submitted):
    expert = world.people["expert"]
    a = AssignmentFactory(application=submitted, reviewer=expert)
    with audit.watch():
        a = services.declare_conflict(by=expert, assignment=a, has_conflict=True, note="元同僚")
    assert logged(a, "grants.assignment.declare_conflict") == (expert, {
        "status": ["pending", "conflict"], "conflict_note": ["", "元同僚"], "declared_at": [None, iso(a.declared_at)]})


def test_declare_no_conflict_is_logged(world, submitted):
    reviewer = world.people["reviewer"]
    a = AssignmentFactory(application=submitted, reviewer=reviewer)
    with audit.watch():
        a = services.declare_conflict(by=reviewer, assignment=a, has_conflict=False)
    assert logged(a, "grants.assignment.declare_no_conflict") == (reviewer, {
        "status": ["pending", "active"], "declared_at": [None, iso(a.declared_at)]})


def test_score_application_is_logged_with_each_score(world, submitted):
    reviewer = world.people["reviewer"]
    AssignmentFactory(application=submitted, reviewer=reviewer, status="active")
    first, second = submitted.call.scheme.criteria.order_by("pk")  # weights 2 and 1
    with audit.watch():
        a = services.score_application(by=reviewer, application=submitted, scores={first.pk: 5, second.pk: 2},
                                       comment="良い")
    assert logged(a, "grants.assignment.score") == (reviewer, {
        "status": ["active", "scored"], "weighted_score": [None, 4.0], "comment": ["", "良い"]})
    score = a.scores.get(criterion=first)
    assert logged(score, "grants.score.give") == (reviewer, {
        "assignment": [None, a.pk], "criterion": [None, first.pk], "value": [None, 5]})


def test_score_application_again_logs_the_changed_score(world, submitted):
    reviewer = world.people["reviewer"]
    AssignmentFactory(application=submitted, reviewer=reviewer, status="active")
    first, second = submitted.call.scheme.criteria.order_by("pk")
    services.score_application(by=reviewer, application=submitted, scores={first.pk: 5, second.pk: 2})
    with audit.watch():
        a = services.score_application(by=reviewer, application=submitted, scores={first.pk: 3, second.pk: 2})
    assert logged(a.scores.get(criterion=first), "grants.score.change") == (reviewer, {"value": [5, 3]})
    assert [e.changes for e in entries_of(a, "grants.assignment.score")][-1] == {
        "status": ["scored", "scored"], "weighted_score": [4.0, 8 / 3]}


# Deciding -----------------------------------------------------------------------------------------------------

def test_decide_applications_logs_awards_and_rejections(world, call):
    hq = world.people["hq_staff"]
    a, b = make_submitted(world, call, 2)
    with audit.watch():
        awarded, rejected = services.decide_applications(by=hq, call=call, awards={a.pk: 800_000},
                                                         rejections=[b.pk], conditions="報告すること")
    assert logged(awarded, "grants.application.award") == (hq, {
        "status": ["submitted", "awarded"], "decided_amount": [None, 800_000],
        "decided_at": [None, iso(awarded.decided_at)], "decided_by": [None, hq.pk],
        "conditions": ["", "報告すること"], "letter_year": [None, awarded.letter_year], "letter_number": [None, 1]})
    assert logged(rejected, "grants.application.reject") == (hq, {
        "status": ["submitted", "rejected"], "decided_at": [None, iso(rejected.decided_at)],
        "decided_by": [None, hq.pk], "letter_year": [None, rejected.letter_year], "letter_number": [None, 2]})


# Setting up ---------------------------------------------------------------------------------------------------

def test_save_scheme_is_logged_on_creation_and_change(world):
    hq = world.people["hq_staff"]
    with audit.watch():
        scheme = services.save_scheme(by=hq, code="kokusai", name="国際交流", applicant_kinds=["prefecture"],
                                      ceilings={"default": 3_000_000}, rate_percent=50)
        services.save_scheme(by=hq, scheme=scheme, rate_percent=60)
    assert logged(scheme, "grants.scheme.create") == (hq, {
        "code": [None, "kokusai"], "name": [None, "国際交流"], "kind": [None, "grant"],
        "applicant_kinds": [None, ["prefecture"]], "ceilings": [None, {"default": 3_000_000}],
        "rate_percent": [None, 50], "persons_may_apply": [None, False],
        "claims_for_participants": [None, False], "income_must_balance": [None, False],
        "advance_payments": [None, True], "is_active": [None, True]})
    assert logged(scheme, "grants.scheme.change") == (hq, {"rate_percent": [50, 60]})


def test_save_call_is_logged(world, scheme):
    hq = world.people["hq_staff"]
    opens = datetime(2027, 4, 1, tzinfo=UTC)
    with audit.watch():
        call = services.save_call(by=hq, scheme=scheme, fiscal_year=2027, title="令和9年度", opens_at=opens,
                                  closes_at=opens + timedelta(days=60), envelope=1_000_000)
    assert logged(call, "grants.call.create") == (hq, {
        "scheme": [None, scheme.pk], "fiscal_year": [None, 2027], "title": [None, "令和9年度"],
        "opens_at": [None, iso(opens)], "closes_at": [None, iso(opens + timedelta(days=60))],
        "envelope": [None, 1_000_000], "blind_review": [None, False], "is_published": [None, False]})


def test_save_criterion_weight_change_is_logged_and_reweighs_each_review(world, submitted):
    hq, reviewer = world.people["hq_staff"], world.people["reviewer"]
    AssignmentFactory(application=submitted, reviewer=reviewer, status="active")
    pioneering, lasting = submitted.call.scheme.criteria.order_by("pk")  # weights 2 and 1
    a = services.score_application(by=reviewer, application=submitted, scores={pioneering.pk: 5, lasting.pk: 2})
    with audit.watch():
        services.save_criterion(by=hq, scheme=submitted.call.scheme, criterion=pioneering, weight=1)
    assert logged(pioneering, "grants.criterion.change") == (hq, {"weight": [2, 1]})
    assert logged(a, "grants.assignment.reweigh") == (hq, {"weighted_score": [4.0, 3.5]})


def test_save_criterion_is_logged_on_creation(world, scheme):
    hq = world.people["hq_staff"]
    with audit.watch():
        criterion = services.save_criterion(by=hq, scheme=scheme, order=3, name="波及効果", weight=2)
    assert logged(criterion, "grants.criterion.create") == (hq, {
        "scheme": [None, scheme.pk], "order": [None, 3], "name": [None, "波及効果"], "weight": [None, 2]})


def test_delete_criterion_is_logged(world, scheme):
    hq, criterion = world.people["hq_staff"], scheme.criteria.get(name="継続性")
    pk = criterion.pk
    with audit.watch():
        services.delete_criterion(by=hq, criterion=criterion)
    assert logged(Criterion(pk=pk), "grants.criterion.delete") == (hq, {
        "scheme": [scheme.pk, None], "order": [0, None], "name": ["継続性", None], "weight": [1, None]})


def test_save_question_is_logged(world, call):
    hq = world.people["hq_staff"]
    with audit.watch():
        question = services.save_question(by=hq, call=call, key="purpose", label="目的", required=True)
    assert logged(question, "grants.question.create") == (hq, {
        "call": [None, call.pk], "order": [None, 0], "key": [None, "purpose"], "label": [None, "目的"],
        "kind": [None, "text"], "required": [None, True]})


def test_delete_question_is_logged(world, call):
    hq, question = world.people["hq_staff"], QuestionFactory(call=call, key="purpose", label="目的")
    pk = question.pk
    with audit.watch():
        services.delete_question(by=hq, question=question)
    assert logged(Question(pk=pk), "grants.question.delete") == (hq, {
        "call": [call.pk, None], "order": [0, None], "key": ["purpose", None], "label": ["目的", None],
        "kind": ["text", None], "required": [False, None]})


# After the decision -------------------------------------------------------------------------------------------

def test_submit_report_is_logged_with_the_actual_costs(world, awarded):
    staff, line = world.people["municipality_staff"], awarded.lines.get()
    with audit.watch():
        a = services.submit_report(by=staff, application=awarded, actuals={line.pk: 700_000}, outcomes="参加者80名")
    assert logged(a, "grants.application.report") == (staff, {
        "status": ["awarded", "reported"], "outcomes": ["", "参加者80名"], "reported_at": [None, iso(a.reported_at)]})
    assert logged(line, "grants.costline.report_actual") == (staff, {"actual_amount": [None, 700_000]})


def test_attach_report_file_is_logged(world, awarded):
    staff = world.people["municipality_staff"]
    with audit.watch():
        attachment = services.attach_report_file(by=staff, application=awarded,
                                                 upload=SimpleUploadedFile("領収書.pdf", PDF))
    assert logged(attachment, "grants.attachment.add") == (staff, {
        "application": [None, awarded.pk], "stage": [None, "report"], "file": [None, attachment.file.name],
        "name": [None, "領収書.pdf"], "content_type": [None, "application/pdf"], "size": [None, len(PDF)],
        "uploaded_by": [None, staff.pk], "uploaded_at": [None, iso(attachment.uploaded_at)]})


def test_return_report_is_logged(world, reported):
    hq = world.people["hq_staff"]
    with audit.watch():
        services.return_report(by=hq, application=reported, comment="領収書を添付してください")
    assert logged(reported, "grants.application.return_report") == (hq, {"status": ["reported", "report_returned"]})
    assert entries_of(reported, "grants.application.return_report")[0].additional_data["note"] == \
        "領収書を添付してください"


def test_fix_amount_is_logged(world, reported):
    hq = world.people["hq_staff"]
    with audit.watch():
        fixed = services.fix_amount(by=hq, application=reported)
    who, changes = logged(reported, "grants.application.fix_amount")
    assert (who, changes.pop("fixed_at")[0], changes) == (hq, None, {
        "status": ["reported", "fixed"], "final_amount": [None, 700_000], "fixed_by": [None, hq.pk],
        "fixed_letter_year": [None, fixed.fixed_letter_year], "fixed_letter_number": [None, fixed.fixed_letter_number]})


def test_prepare_payment_is_logged(world, awarded):
    hq = world.people["hq_staff"]
    with audit.watch():
        payment = services.prepare_payment(by=hq, application=awarded, kind="advance", amount=400_000)
    assert logged(payment, "grants.payment.prepare") == (hq, {
        "application": [None, awarded.pk], "kind": [None, "advance"], "amount": [None, 400_000],
        "status": [None, "prepared"], "prepared_by": [None, hq.pk], "prepared_at": [None, iso(payment.prepared_at)]})


def test_approve_payment_is_logged(world, awarded):
    payment = services.prepare_payment(by=world.people["hq_staff"], application=awarded, kind="advance",
                                       amount=400_000)
    approver = world.people["superuser"]
    with audit.watch():
        payment = services.approve_payment(by=approver, payment=payment)
    assert logged(payment, "grants.payment.approve") == (approver, {
        "status": ["prepared", "approved"], "approved_by": [None, approver.pk],
        "approved_at": [None, iso(payment.approved_at)]})


def test_request_change_is_logged(world, awarded):
    staff = world.people["municipality_staff"]
    with audit.watch():
        change = services.request_change(by=staff, application=awarded, reason="会場変更", new_amount=900_000)
    assert logged(change, "grants.changerequest.request") == (staff, {
        "application": [None, awarded.pk], "reason": [None, "会場変更"], "new_amount": [None, 900_000],
        "status": [None, "pending"], "requested_by": [None, staff.pk],
        "requested_at": [None, iso(change.requested_at)]})


def test_decide_change_approval_is_logged_with_the_new_amount(world, awarded):
    hq = world.people["hq_staff"]
    change = services.request_change(by=world.people["municipality_staff"], application=awarded, reason="会場変更",
                                     new_amount=900_000)
    with audit.watch():
        change = services.decide_change(by=hq, change=change, approve=True, answer="承認します")
    assert logged(change, "grants.changerequest.approve") == (hq, {
        "status": ["pending", "approved"], "decided_by": [None, hq.pk], "decided_at": [None, iso(change.decided_at)],
        "answer": ["", "承認します"]})
    assert logged(awarded, "grants.application.change_amount") == (hq, {
        "status": ["awarded", "awarded"], "decided_amount": [800_000, 900_000]})


def test_decide_change_refusal_is_logged(world, awarded):
    hq = world.people["hq_staff"]
    change = services.request_change(by=world.people["municipality_staff"], application=awarded, reason="増額")
    with audit.watch():
        change = services.decide_change(by=hq, change=change, approve=False, answer="予算がありません")
    assert logged(change, "grants.changerequest.reject") == (hq, {
        "status": ["pending", "rejected"], "decided_by": [None, hq.pk], "decided_at": [None, iso(change.decided_at)],
        "answer": ["", "予算がありません"]})


# Scheduled and background steps: the system ---------------------------------------------------------------------

def test_remind_reports_is_logged_as_the_system(world, awarded):
    from django.utils import timezone

    today = timezone.localdate()
    arrange_update(Call.objects.filter(pk=awarded.call_id), report_due_on=today + timedelta(days=14))
    with audit.watch():
        assert remind_reports(today=today) == 1
    assert logged(awarded, "grants.application.remind") == ("system", {})
    assert entries_of(awarded, "grants.application.remind")[0].additional_data["due"] == \
        (today + timedelta(days=14)).isoformat()


def test_send_decision_letter_is_logged_as_the_system(world, awarded):
    with audit.watch():
        assert send_decision_letter(awarded) == 1
    assert logged(awarded, "grants.application.send_letter") == ("system", {})


def test_load_schemes_writes_reference_data_outside_the_trail(db):
    from kizuna.grants.loading import load_schemes, read_schemes

    with audit.watch():
        report = load_schemes(read_schemes())
    scheme_type = LogEntry.objects.filter(content_type__model="scheme")
    assert (report.created["scheme"], Scheme.objects.count(), scheme_type.count()) == (9, 9, 0)


def test_seed_grants_demo_is_logged_as_the_system(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo
    from kizuna.grants.demo import seed_grants_demo

    seed_demo()
    with audit.watch():
        seed_grants_demo()
    fixed = Application.objects.get(status="fixed", title="ラオス・ビエンチャン都 防災研修受入")
    assert [(e.additional_data["action"], e.additional_data["by"]) for e in entries_of(fixed)] == [
        ("grants.application.seed", "system"), ("grants.application.seed_report", "system")]
    changes = logged(fixed, "grants.application.seed_report")[1]
    reported_at, fixed_at = changes.pop("reported_at"), changes.pop("fixed_at")
    assert (changes, reported_at[0], datetime.fromisoformat(reported_at[1]), fixed_at[0],
            datetime.fromisoformat(fixed_at[1])) == (
        {"outcomes": ["", fixed.outcomes], "final_amount": [None, fixed.final_amount]}, None, fixed.reported_at,
        None, fixed.fixed_at)
    assert not Attachment.objects.exists()

