"""The safety answers asked before the board kept its order on the row get it from what they recorded: their
urgency from their answer, the code and name they are listed by from their organisation and participant. On
PostgreSQL the migration also makes an index after filling, which a transaction that updated the table cannot
do: this test migrates a database with answers in it, as an upgrade does (CI's own databases start empty)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("jet", "0004_places_adjustment")]
AFTER = [("jet", "0005_safety_board_order")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_answers_asked_before_get_their_urgency_code_and_name():
    old = _migrate(BEFORE)
    User, Organisation = old.get_model("core", "User"), old.get_model("core", "Organisation")
    JetHost, Participant = old.get_model("jet", "JetHost"), old.get_model("jet", "Participant")
    Confirmation, Answer = old.get_model("jet", "SafetyConfirmation"), old.get_model("jet", "SafetyAnswer")
    hq = User.objects.create(email="hq@example.jp", password="!")
    tokyo = Organisation.objects.create(kind="prefecture", name="東京都", slug="tokyo-m", code="130001")
    school = Organisation.objects.create(kind="contracting", name="学校法人", slug="school-m")
    confirmation = Confirmation.objects.create(title="地震", kind="earthquake", started_by=hq, secret="s")
    rows = {}
    for n, (org, answer) in enumerate([(tokyo, "injured"), (school, ""), (tokyo, "safe")], start=1):
        host, _ = JetHost.objects.get_or_create(organisation=org, defaults={"coordinating_body": tokyo})
        p = Participant.objects.create(
            jet_number=f"2026000000{n}", family_name=f"Name{n}", given_names="A", email=f"p{n}@example.jp",
            position="alt", nationality="US", recruiting_country="US", cohort="group_a",
            expected_arrival=date(2026, 7, 26), host=host, status="in_post")
        rows[n] = Answer.objects.create(confirmation=confirmation, participant=p, host=host,
                                        coordinating_body=tokyo, answer=answer).pk
    try:
        new = _migrate(AFTER)
        found = {pk: (urgency, code, name) for pk, urgency, code, name in new.get_model("jet", "SafetyAnswer")
                 .objects.values_list("pk", "urgency", "listed_code", "listed_name")}
        assert found == {rows[1]: (0, "130001", "Name1"), rows[2]: (2, "", "Name2"), rows[3]: (3, "130001", "Name3")}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
