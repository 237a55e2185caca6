"""The grants app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
# Working members of a local government or association: the kinds the sample scheme accepts as applicants.
APPLICANT_KINDS = CHIYODA_WORKERS | {"association_staff", "other_municipality_staff", "prefecture_staff"}

# The applicant's and the reviewer's permissions are theirs alone: a superuser holds what CLAIR staff hold
# (kizuna/grants/rules.py), and does not write, submit or score applications on anyone's behalf.
PERMISSION_ROLES = {
    "grants.view_calls": ALL,
    "grants.view_call": ALL,
    "grants.view_schemes": ALL,
    "grants.view_scheme": ALL,
    "grants.view_selected": ALL,
    "grants.view_own_applications": SIGNED_IN,
    "grants.view_reviews": SIGNED_IN,
    # On the sample call (a scheme for local governments and associations).
    "grants.start_application": APPLICANT_KINDS,
    # On the sample application: Chiyoda's, with the reviewer assigned and declared free of conflicts.
    "grants.view_application": CHIYODA_WORKERS | CLAIR | {"reviewer"},
    "grants.change_application": CHIYODA_WORKERS,
    "grants.submit_application": CHIYODA_WORKERS,
    "grants.withdraw_application": CHIYODA_WORKERS,
    "grants.download_letter": CHIYODA_WORKERS | CLAIR,
    # The reviewer's own assignment on the sample application (declared: no conflict).
    "grants.score_application": frozenset({"reviewer"}),
    # On the sample assignment, the reviewer's own (still to declare).
    "grants.declare_conflict": frozenset({"reviewer"}),
    "grants.return_application": HQ,
    "grants.decide_application": HQ,
    "grants.accept_report": HQ,
    "grants.manage_schemes": HQ,
    "grants.manage_calls": HQ,
    "grants.assign_reviewers": HQ,
    "grants.view_board": CLAIR,
    "grants.export_call": CLAIR,
    "grants.report_application": CHIYODA_WORKERS,
    "grants.request_change": CHIYODA_WORKERS,
    # On the sample change request and payment (the grantee's business and CLAIR's).
    "grants.decide_change": HQ,
    "grants.prepare_payment": HQ,
    "grants.approve_payment": HQ,
    # Interim reports: on the sample application (scheduled) and its sample report; the list of those owed.
    "grants.schedule_interim": HQ,
    "grants.submit_interim": CHIYODA_WORKERS,
    "grants.answer_interim": HQ,
    "grants.view_interim_reports": CLAIR,
    # The thread with CLAIR on the sample application: the applicant's side and CLAIR staff read it (not the
    # reviewer); headquarters write to the applicant (and internal notes).
    "grants.view_messages": CHIYODA_WORKERS | CLAIR,
    "grants.write_message": CHIYODA_WORKERS | HQ,
    # Settling: on the sample application, its sample refund order and payment request; the list of refunds.
    "grants.view_settlement": CHIYODA_WORKERS | CLAIR,
    "grants.request_payment": CHIYODA_WORKERS,
    "grants.order_refund": HQ,
    "grants.view_refundorder": CHIYODA_WORKERS | CLAIR,
    "grants.record_refund": HQ,
    "grants.view_refund_orders": CLAIR,
    "grants.answer_payment_request": HQ,
}


def _sample(w):
    """A scheme, its published call, Chiyoda's submitted application with a cost line, the reviewer's
    declared assignment on it, and a second application whose assignment the reviewer has yet to declare."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.grants.models import Application, Assignment, Call, CostLine, Scheme

    scheme, _ = Scheme.objects.get_or_create(code="sample", defaults={
        "name": "助成", "applicant_kinds": ["prefecture", "municipality", "ward", "association"],
        "ceilings": {"default": 3_000_000}})
    now = timezone.now()
    call, _ = Call.objects.get_or_create(title="sample", defaults={
        "scheme": scheme, "fiscal_year": 2026, "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30), "envelope": 10_000_000, "is_published": True})
    staff, reviewer = w.people["municipality_staff"], w.people["reviewer"]
    apps = []
    for title, status in (("sample", "active"), ("sample-pending", "pending")):
        app, _ = Application.objects.get_or_create(call=call, title=title, defaults={
            "applicant": w.chiyoda, "status": "submitted", "requested_amount": 1_000_000, "created_by": staff,
            "submitted_at": now, "round_number": 1})
        if not app.lines.exists():
            CostLine.objects.create(application=app, category="謝金", description="謝金", amount=1_000_000)
        assignment, _ = Assignment.objects.get_or_create(application=app, reviewer=reviewer, defaults={
            "status": status, "assigned_by": w.people["hq_staff"]})
        apps.append((app, assignment))
    return {"scheme": scheme, "call": call, "application": apps[0][0], "line": apps[0][0].lines.first(),
            "pending": apps[1][1]}


def _scheme(w, role):
    return {"pk": _sample(w)["scheme"].pk}


def _call(w, role):
    return {"pk": _sample(w)["call"].pk}


def _criterion(w, role):
    from kizuna.grants.models import Criterion

    scheme = _sample(w)["scheme"]
    criterion, _ = Criterion.objects.get_or_create(scheme=scheme, name="先駆性")
    return {"pk": scheme.pk, "criterion_pk": criterion.pk}


def _question(w, role):
    from kizuna.grants.models import Question

    call = _sample(w)["call"]
    question, _ = Question.objects.get_or_create(call=call, key="purpose", defaults={"label": "目的"})
    return {"pk": call.pk, "question_pk": question.pk}


def _application(w, role):
    return {"pk": _sample(w)["application"].pk}


def _line(w, role):
    s = _sample(w)
    return {"pk": s["application"].pk, "line_pk": s["line"].pk}


def _income(w, role):
    from kizuna.grants.models import IncomeLine

    app = _sample(w)["application"]
    line = IncomeLine.objects.filter(application=app).first() or IncomeLine.objects.create(
        application=app, source="own_funds", description="一般財源", amount=1)
    return {"pk": app.pk, "line_pk": line.pk}


def _interim(w, role):
    from kizuna.grants.models import InterimReport

    app = _sample(w)["application"]
    report = InterimReport.objects.filter(application=app).first() or InterimReport.objects.create(
        application=app, number=1, due_on="2027-01-15")
    return {"pk": app.pk, "report_pk": report.pk}


def _payment(w, role):
    from kizuna.grants.models import Payment

    app = _sample(w)["application"]
    payment = Payment.objects.filter(application=app).first() or Payment.objects.create(
        application=app, kind="advance", amount=1, prepared_by=w.people["hq_staff"])
    return {"pk": app.pk, "payment_pk": payment.pk}


def _refund(w, role):
    from django.utils import timezone

    from kizuna.grants.models import RefundOrder

    app = _sample(w)["application"]
    refund = RefundOrder.objects.filter(application=app).first() or RefundOrder.objects.create(
        application=app, amount=1, due_on="2027-01-15", letter_year=2026, letter_number=900_001,
        issued_at=timezone.now(), issued_by=w.people["hq_staff"])
    return {"pk": app.pk, "refund_pk": refund.pk}


def _payment_request(w, role):
    from kizuna.grants.models import PaymentRequest

    app = _sample(w)["application"]
    found = PaymentRequest.objects.filter(application=app).first() or PaymentRequest.objects.create(
        application=app, kind="advance", amount=1, submitted_by=w.people["municipality_staff"])
    return {"pk": app.pk, "request_pk": found.pk}


def _change(w, role):
    from kizuna.grants.models import ChangeRequest

    app = _sample(w)["application"]
    change = ChangeRequest.objects.filter(application=app).first() or ChangeRequest.objects.create(
        application=app, reason="日程変更", requested_by=w.people["municipality_staff"])
    return {"pk": app.pk, "change_pk": change.pk}


def _attachment(w, role):
    from django.core.files.base import ContentFile

    from kizuna.grants.models import Attachment

    app = _sample(w)["application"]
    found = Attachment.objects.filter(application=app).first() or Attachment.objects.create(
        application=app, question_key="estimate", file=ContentFile(b"%PDF-1.4\n", name="estimate.pdf"),
        name="estimate.pdf", content_type="application/pdf", size=9, uploaded_by=w.people["municipality_staff"])
    return {"pk": app.pk, "file_pk": found.pk}


SAMPLES = {
    "grants:scheme": _scheme,
    "grants:scheme_edit": _scheme,
    "grants:criterion_add": _scheme,
    "grants:criterion_edit": _criterion,
    "grants:criterion_delete": _criterion,
    "grants:selected": lambda w, role: {**_scheme(w, role), "year": 2026},
    "grants:call": _call,
    "grants:call_edit": _call,
    "grants:question_add": _call,
    "grants:question_edit": _question,
    "grants:question_delete": _question,
    "grants:apply": _call,
    "grants:board": _call,
    "grants:decide": _call,
    "grants:assign": _call,
    "grants:export": _call,
    "grants:application": _application,
    "grants:application_edit": _application,
    "grants:line_add": _application,
    "grants:line_remove": _line,
    "grants:income_add": _application,
    "grants:income_remove": _income,
    "grants:submit": _application,
    "grants:interim_add": _application,
    "grants:interim_submit": _interim,
    "grants:interim_answer": _interim,
    "grants:withdraw": _application,
    "grants:return": _application,
    "grants:letter": _application,
    "grants:score": _application,
    "grants:upload": _application,
    "grants:download": _attachment,
    "grants:report": _application,
    "grants:report_upload": _application,
    "grants:report_return": _application,
    "grants:fix_amount": _application,
    "grants:payment_prepare": _application,
    "grants:payment_approve": _payment,
    "grants:change_request": _application,
    "grants:amount_letter": _application,
    "grants:refund_issue": _application,
    "grants:refund_letter": _refund,
    "grants:refund_receive": _refund,
    "grants:refund_cancel": _refund,
    "grants:payment_request": _application,
    "grants:payment_request_answer": _payment_request,
    "grants:change_decide": _change,
    "grants:declare": lambda w, role: {"pk": _sample(w)["pending"].pk},
    "grants:message": _application,
    "api:grants_application_messages": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_get_call": lambda w, role: {"call_id": _sample(w)["call"].pk},
    "api:grants_get_application": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_update_application": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_submit_application": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_get_board": lambda w, role: {"call_id": _sample(w)["call"].pk},
    "api:grants_decide": lambda w, role: {"call_id": _sample(w)["call"].pk},
    "api:grants_start_application": lambda w, role: {"call_id": _sample(w)["call"].pk},
    "api:grants_add_cost_line": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_update_cost_line": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                    "line_id": _sample(w)["line"].pk},
    "api:grants_add_income_line": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_update_income_line": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                      "line_id": _income(w, role)["line_pk"]},
    "api:grants_list_interim_reports": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_submit_interim_report": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                         "report_id": _interim(w, role)["report_pk"]},
    "api:grants_answer_interim_report": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                         "report_id": _interim(w, role)["report_pk"]},
    "api:grants_score_application": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_get_settlement": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_payment_requests": lambda w, role: {"application_id": _sample(w)["application"].pk},
    "api:grants_accept_payment_request": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                          "request_id": _payment_request(w, role)["request_pk"]},
    "api:grants_return_payment_request": lambda w, role: {"application_id": _sample(w)["application"].pk,
                                                          "request_id": _payment_request(w, role)["request_pk"]},
}


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _draft(w, role, call, applicant, title, amount=1_000_000):
    from kizuna.grants import services

    by = w.people[role]
    application = services.start_application(by=by, call=call, applicant=applicant, title=title)
    services.add_cost_line(by=by, application=application, category="謝金", description="講師謝金", amount=amount)
    services.add_income_line(by=by, application=application, source="own_funds", description="一般財源",
                             amount=100_000)
    return services.update_application(by=by, application=application, requested_amount=amount)


def _mixed(w):
    """Grants of several owners, in every model: a scheme for local governments (with its rubric) and one for
    individuals; an open call reviewed openly (with a file question), an open call reviewed blind, an
    unpublished call; Chiyoda's application (a document, scored by the reviewer, a conflict declared by the
    expert, awarded, with a report document, a payment approved and one waiting, a change request), Minato's on
    the blind call (the reviewer active, branch staff still to declare), the association's draft, and the JET
    participant's own claim."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from kizuna.grants import services

    hq, reviewer = w.people["hq_staff"], w.people["reviewer"]
    now = timezone.now()
    kinds = ["prefecture", "municipality", "ward", "association"]
    scheme = services.save_scheme(by=hq, code="mixed", name="混合助成", applicant_kinds=kinds,
                                  ceilings={"default": 3_000_000}, floor=500_000, rate_percent=100,
                                  eligible_categories=["謝金"])
    personal = services.save_scheme(by=hq, code="mixed-personal", name="個人助成", persons_may_apply=True,
                                    ceilings={"default": 50_000})
    for order, name in enumerate(("先駆性", "継続性"), start=1):
        services.save_criterion(by=hq, scheme=scheme, order=order, name=name, weight=order)
    window = {"fiscal_year": 2026, "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=30),
              "envelope": 10_000_000}
    open_call = services.save_call(by=hq, scheme=scheme, title="公開審査の公募", is_published=True,
                                   interim_due_dates=[(now + timedelta(days=40)).date().isoformat(),
                                                      (now + timedelta(days=90)).date().isoformat()], **window)
    blind_call = services.save_call(by=hq, scheme=scheme, title="匿名審査の公募", is_published=True,
                                    blind_review=True, **window)
    draft_call = services.save_call(by=hq, scheme=scheme, title="準備中の公募", is_published=False, **window)
    claims = services.save_call(by=hq, scheme=personal, title="個人の申請", is_published=True, **window)
    services.save_question(by=hq, call=open_call, key="estimate", label="見積書", kind="file")
    services.save_question(by=hq, call=draft_call, key="purpose", label="目的")

    chiyoda = _draft(w, "municipality_staff", open_call, w.chiyoda, "千代田区の事業")
    services.attach_file(by=w.people["municipality_staff"], application=chiyoda, question_key="estimate",
                         upload=SimpleUploadedFile("見積書.pdf", PDF))
    chiyoda = services.submit_application(by=w.people["municipality_staff"], application=chiyoda)
    minato = _draft(w, "other_municipality_staff", blind_call, w.minato, "港区の事業")
    minato = services.submit_application(by=w.people["other_municipality_staff"], application=minato)
    _draft(w, "association_staff", open_call, w.association, "協会の事業")
    services.start_application(by=w.people["jet"], call=claims, title="受験料")

    scored = services.assign_reviewer(by=hq, application=chiyoda, reviewer=reviewer)
    services.declare_conflict(by=reviewer, assignment=scored, has_conflict=False)
    services.score_application(by=reviewer, application=chiyoda,
                               scores={c.pk: 4 for c in scheme.criteria.all()}, comment="良い")
    conflict = services.assign_reviewer(by=hq, application=chiyoda, reviewer=w.people["expert"])
    services.declare_conflict(by=w.people["expert"], assignment=conflict, has_conflict=True, note="元同僚")
    active = services.assign_reviewer(by=hq, application=minato, reviewer=reviewer)
    services.declare_conflict(by=reviewer, assignment=active, has_conflict=False)
    services.assign_reviewer(by=hq, application=minato, reviewer=w.people["branch_staff"])

    (chiyoda,) = services.decide_applications(by=hq, call=open_call, awards={chiyoda.pk: 900_000})
    services.attach_report_file(by=w.people["municipality_staff"], application=chiyoda,
                                upload=SimpleUploadedFile("領収書.pdf", PDF))
    paid = services.prepare_payment(by=hq, application=chiyoda, kind="advance", amount=400_000)
    services.approve_payment(by=w.people["superuser"], payment=paid)
    services.prepare_payment(by=hq, application=chiyoda, kind="advance", amount=100_000)
    services.request_change(by=w.people["municipality_admin"], application=chiyoda, reason="会場の変更")
    services.submit_interim_report(by=w.people["municipality_staff"], report=chiyoda.interim_reports.first(),
                                   progress="準備は順調")
    services.request_payment(by=w.people["municipality_staff"], application=chiyoda, kind="advance",
                             amount=100_000, note="第2回概算払")
    _mixed_settled(w, open_call)
    _mixed_messages(w, chiyoda, minato)
    _mixed_claims(w, window)


def _mixed_settled(w, call):
    """Chiyoda's second project: paid ¥800,000 in advance, fixed at ¥600,000, a refund of ¥200,000 ordered; and
    a payment request returned to it before."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.grants import services

    hq, staff = w.people["hq_staff"], w.people["municipality_staff"]
    application = _draft(w, "municipality_staff", call, w.chiyoda, "千代田区の精算事業", amount=800_000)
    services.attach_file(by=staff, application=application, question_key="estimate",
                         upload=SimpleUploadedFile("見積書.pdf", PDF))
    application = services.submit_application(by=staff, application=application)
    (application,) = services.decide_applications(by=hq, call=call, awards={application.pk: 800_000})
    returned = services.request_payment(by=staff, application=application, kind="advance", amount=800_000)
    services.return_payment_request(by=hq, request=returned, reason="口座の確認")
    payment = services.prepare_payment(by=hq, application=application, kind="advance", amount=800_000)
    services.approve_payment(by=w.people["superuser"], payment=payment)
    services.submit_report(by=staff, application=application, actuals={application.lines.get().pk: 600_000},
                           outcomes="実施した")
    services.fix_amount(by=hq, application=application)
    services.issue_refund_order(by=hq, application=application)



def _mixed_messages(w, chiyoda, minato):
    """Threads with CLAIR: on Chiyoda's application and the sample one (whose API thread the leak test reads),
    a question, headquarters' answer and an internal note; Minato's question on the blind call."""
    from kizuna.grants import services

    hq = w.people["hq_staff"]
    for application in (chiyoda, _sample(w)["application"]):
        services.post_application_message(by=w.people["municipality_staff"], application=application,
                                          body="経費の区分について質問です")
        services.post_application_message(by=hq, application=application, body="謝金に計上してください")
        services.post_application_message(by=hq, application=application, body="内部メモ: 前年度も同じ質問",
                                          internal=True)
    services.post_application_message(by=w.people["other_municipality_staff"], application=minato,
                                      body="港区からの質問")


def _mixed_claims(w, window):
    """Claims for JET participants: the sample participant's draft (at Chiyoda) and one filed and awarded."""
    from kizuna.grants import services
    from tests.jet.access import _arrived, _participant

    hq = w.people["hq_staff"]
    _arrived(w, _participant(w))
    scheme = services.save_scheme(by=hq, code="mixed-claim", name="受験料助成", claims_for_participants=True,
                                  applicant_kinds=["prefecture", "municipality", "contracting"],
                                  claim_rules={"once_per_person": True}, eligible_categories=["受験料"])
    call = services.save_call(by=hq, scheme=scheme, title="受験料助成の受付", is_published=True, **window)
    draft = services.start_claim(by=w.people["jet"], call=call)
    services.add_cost_line(by=w.people["jet"], application=draft, category="受験料", description="N2",
                           amount=7_500)
    filed = services.update_application(by=w.people["jet"], application=draft, requested_amount=7_500)
    filed = services.submit_application(by=w.people["municipality_staff"], application=filed)
    services.decide_applications(by=hq, call=call, awards={filed.pk: 7_500})
    services.post_application_message(by=w.people["jet"], application=filed, body="領収書を追加しました")
    services.post_application_message(by=hq, application=filed, body="内部メモ: 確認済み", internal=True)
    services.start_claim(by=w.people["jet"], call=call)


MIXED = [_mixed]


def _application_of_my_assignment(user, application) -> bool:
    """A reviewer reads the title of an application assigned to them before declaring a conflict (to know what
    to declare); its contents open only after the declaration."""
    from kizuna.grants.models import Assignment

    return Assignment.objects.visible_to(user).filter(application=application, reviewer=user.pk).exists()


SHOWN_WITH = {"grants.Application": _application_of_my_assignment}
LISTS_WITH_ARGUMENTS = {"grants:board", "grants:decide", "grants:assign", "grants:export", "grants:selected",
                        "grants:call", "api:grants_get_board", "api:grants_application_messages"}
