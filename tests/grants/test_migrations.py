"""The payment's state comes from what was recorded before it had one: approved by someone, or waiting."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("grants", "0002_review_kind_score_report_files")]
AFTER = [("grants", "0004_state_constraints")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_payment_status_is_filled_from_the_approver():
    old = _migrate(BEFORE)
    User, Organisation = old.get_model("core", "User"), old.get_model("core", "Organisation")
    Scheme, Call = old.get_model("grants", "Scheme"), old.get_model("grants", "Call")
    Application, Payment = old.get_model("grants", "Application"), old.get_model("grants", "Payment")
    staff, approver = (User.objects.create(email=f"{n}@example.jp", password="!") for n in ("staff", "approver"))
    applicant = Organisation.objects.create(kind="municipality", name="千代田区", slug="chiyoda-m")
    scheme = Scheme.objects.create(code="m", name="助成")
    now = timezone.now()
    call = Call.objects.create(scheme=scheme, fiscal_year=2026, title="公募", opens_at=now,
                               closes_at=now + timedelta(days=1), envelope=1_000_000)
    application = Application.objects.create(call=call, applicant=applicant, title="事業", status="awarded",
                                             requested_amount=500_000, decided_amount=500_000, created_by=staff)
    approved = Payment.objects.create(application=application, kind="advance", amount=100_000, prepared_by=staff,
                                      approved_by=approver, approved_at=now)
    waiting = Payment.objects.create(application=application, kind="advance", amount=100_000, prepared_by=staff)
    try:
        new = _migrate(AFTER)
        statuses = dict(new.get_model("grants", "Payment").objects.values_list("pk", "status"))
        assert statuses == {approved.pk: "approved", waiting.pk: "prepared"}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
