"""Safety confirmation (安否確認): who is asked, the signed links, answering from a phone in two languages, the
board by role, reminders and escalation, closing, the export, the KPI; every write logged."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kizuna.core.audit import SYSTEM, watch
from kizuna.core.workflow import TransitionError
from kizuna.jet import safety, services
from kizuna.jet.models import SafetyAnswer, SafetyConfirmation
from kizuna.plan.kpis import get_query
from tests.audit_helpers import entries_of, logged

from .conftest import host_for, place

TITLE = "令和8年台風第10号"
LINK = re.compile(r"https?://[^/\s]+(/jet/safety/answer/\d+/[^/\s]+/)")


def _in_post(world, participant):
    hq = world.people["hq_staff"]
    p = services.record_arrival(by=hq, participant=participant, arrived_on=date(2026, 7, 27))
    return services.take_post(by=hq, participant=p)


@pytest.fixture
def people(world):
    """Chiyoda: Smith (in post, the "jet" person), Jones (placed: not yet here), Clark (departed); Minato: Brown
    (arrived); Osaka: Lee (in post, another coordinating body)."""
    hq = world.people["hq_staff"]
    chiyoda, minato = host_for(world, world.chiyoda), host_for(world, world.minato)
    osaka = host_for(world, world.osaka, coordinating_body=world.osaka)
    smith = _in_post(world, place(world, person=world.people["jet"]))
    place(world, jet_number="20260000002", family_name="Jones")
    clark = _in_post(world, place(world, jet_number="20260000003", family_name="Clark"))
    services.record_departure(by=hq, participant=clark, departed_on=date(2026, 9, 1))
    brown = place(world, jet_number="20260000004", host=minato, family_name="Brown")
    brown = services.record_arrival(by=hq, participant=brown, arrived_on=date(2026, 7, 27))
    lee = _in_post(world, place(world, jet_number="20260000005", host=osaka, family_name="Lee"))
    assert chiyoda.coordinating_body == world.tokyo
    return {"smith": smith, "brown": brown, "lee": lee}


def _start(world, role="hq_staff", areas=None, title=TITLE):
    return safety.start_confirmation(by=world.people[role], title=title, kind="typhoon",
                                     areas=areas if areas is not None else [world.tokyo])


def _row(confirmation, participant):
    return confirmation.answers.get(participant=participant)


def _link(row):
    return safety.answer_path(row)


# -- starting: who is asked, and the mail ----------------------------------------------------------------------

def test_start_asks_everyone_in_the_programme_placed_in_the_area_and_mails_each_a_link(
        world, people, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), watch():
        confirmation = _start(world)
    asked = sorted(confirmation.answers.values_list("participant__family_name", flat=True))
    sent = sorted((m["to"][0], m["message"]["Subject"]) for m in smtp_server.messages)
    assert (asked, [to for to, _subject in sent]) == (["Brown", "Smith"], ["20260000001@example.com",
                                                                          "20260000004@example.com"])
    body = next(m for m in smtp_server.messages if m["to"] == ["20260000001@example.com"])["message"]
    path = LINK.search(body.get_content()).group(1)
    page = world.client_for("anonymous").get(path).content.decode()
    assert (path.startswith(f"/jet/safety/answer/{confirmation.pk}/"), "SMITH Alex" in page) == (True, True)


def test_start_writes_its_entries(world, people):
    with watch():
        confirmation = _start(world)
    entry = logged(confirmation, "jet.safetyconfirmation.create")
    assert (entry[1]["title"], entry[1]["kind"], entry[1]["secret"]) == ([None, TITLE], [None, "typhoon"],
                                                                          [None, "********"])
    assert logged(_row(confirmation, people["smith"]), "jet.safetyanswer.create")[1]["participant"] == [
        None, people["smith"].pk]


def test_start_writes_its_rows_in_bulk_and_leaves_the_mails_to_tasks(world, people):
    """bench/jet.py: a start for 6,000 participants took a row, an entry and a rendered mail each inside the
    request; the queries no longer grow with the people asked."""
    def queries_for(areas, title):
        with CaptureQueriesContext(connection) as captured:
            confirmation = _start(world, areas=areas, title=title)
        return confirmation.answers.count(), len(captured)

    _start(world, areas=[world.osaka], title="〇")  # the caches (content types, memberships) warm
    one, three = queries_for([world.osaka], "一"), queries_for([world.tokyo, world.osaka], "二")
    assert (one[0], three[0]) == (1, 3) and one[1] == three[1]


def test_a_municipality_as_area_asks_only_its_participants(world, people):
    confirmation = _start(world, areas=[world.minato])
    assert list(confirmation.answers.values_list("participant__family_name", flat=True)) == ["Brown"]


def test_a_pa_starts_one_for_their_coordinating_body_only(world, people):
    confirmation = _start(world, role="pa")
    assert (confirmation.body, confirmation.answers.count()) == (world.tokyo, 2)
    with pytest.raises(ValidationError) as error:
        _start(world, role="other_pa")
    assert list(error.value.message_dict) == ["areas"]


def test_start_denied_to_a_supervisor(world, people):
    with pytest.raises(PermissionDenied):
        _start(world, role="municipality_admin")


def test_start_page_starts_it_and_goes_to_the_board(world, people):
    response = world.client_for("pa").post("/jet/safety/new/", {"title": TITLE, "kind": "earthquake",
                                                                "areas": [world.chiyoda.pk]})
    confirmation = SafetyConfirmation.objects.get()
    assert (response.status_code, response["Location"], confirmation.answers.count()) == (
        302, confirmation.get_absolute_url(), 1)


def test_start_page_offers_a_pa_only_their_area(world, people):
    page = world.client_for("other_pa").get("/jet/safety/new/").content.decode()
    assert ("大阪府" in page, "千代田区" in page) == (True, False)


def test_start_page_forbidden_to_a_participant(world, people):
    assert world.client_for("jet").get("/jet/safety/new/").status_code == 403


# -- answering through the link ----------------------------------------------------------------------------------

def test_answer_page_works_without_login_in_the_participants_language_and_switches(world, people):
    row = _row(_start(world), people["brown"])  # no account: English
    client = world.client_for("anonymous")
    english = client.get(_link(row)).content.decode()
    japanese = client.get(_link(row) + "?lang=ja").content.decode()
    assert ("Are you safe?" in english, 'name="viewport"' in english, 'value="injured"' in english) == (
        True, True, True)
    assert ("無事ですか" in japanese, '<html lang="ja">' in japanese) == (True, True)


def test_answer_page_uses_the_account_language(world, people):
    person = world.people["jet"]
    person.preferred_language = "ja"
    person.save()
    row = _row(_start(world), people["smith"])
    assert "無事ですか" in world.client_for("anonymous").get(_link(row)).content.decode()


def test_answering_in_one_tap_records_it_and_answering_again_updates_it_each_logged(world, people):
    row = _row(_start(world), people["brown"])
    client = world.client_for("anonymous")
    first = client.post(_link(row), {"answer": "safe"})
    second = client.post(_link(row), {"answer": "needs_help", "location": "避難所", "note": "薬が必要"})
    row.refresh_from_db()
    assert (first.status_code, second.status_code) == (302, 302)
    assert (row.answer, row.location, row.note) == ("needs_help", "避難所", "薬が必要")
    entries = entries_of(row, "jet.safetyanswer.answer")
    assert [(e.changes["answer"], e.additional_data["by"]) for e in entries] == [
        (["", "safe"], "anonymous"), (["safe", "needs_help"], "anonymous")]
    assert entries[1].changes["note"] == ["", "********"]  # what they wrote is not in the log


def test_an_unknown_answer_is_refused_and_nothing_changes(world, people):
    row = _row(_start(world), people["brown"])
    response = world.client_for("anonymous").post(_link(row), {"answer": "fine"})
    row.refresh_from_db()
    assert (response.status_code, row.answer) == (400, "")


@pytest.mark.parametrize("mangle", [
    lambda pk, token: (pk, token[:-2] + "xx"),  # altered
    lambda pk, token: (pk, "nonsense"),
    lambda pk, token: (pk + 999, token),  # no such confirmation
])
def test_a_bad_link_gives_a_clear_page(world, people, mangle):
    row = _row(_start(world), people["brown"])
    pk, token = mangle(row.confirmation_id, safety.token_for(row))
    response = world.client_for("anonymous").get(f"/jet/safety/answer/{pk}/{token}/")
    assert (response.status_code, "このリンクは使えません。" in response.content.decode()) == (404, True)
    english = world.client_for("anonymous").get(f"/jet/safety/answer/{pk}/{token}/?lang=en").content.decode()
    assert "This link does not work." in english


def test_a_link_of_one_confirmation_opens_nothing_in_another(world, people):
    first = _start(world)
    second = _start(world, title="令和8年台風第11号")
    token = safety.token_for(_row(first, people["brown"]))
    response = world.client_for("anonymous").get(f"/jet/safety/answer/{second.pk}/{token}/")
    assert response.status_code == 404


def test_an_expired_link_says_so(world, people, monkeypatch):
    row = _row(_start(world), people["brown"])
    monkeypatch.setattr(safety, "LINK_VALID_FOR", timedelta(seconds=-1))
    response = world.client_for("anonymous").get(_link(row))
    assert (response.status_code, "有効期限が切れています" in response.content.decode()) == (410, True)


# -- closing: a record, read-only ------------------------------------------------------------------------------------

def test_a_closed_confirmation_says_so_and_takes_no_answer(world, people):
    confirmation = _start(world)
    row = _row(confirmation, people["brown"])
    with watch():
        safety.close_confirmation(by=world.people["hq_staff"], confirmation=confirmation)
    client = world.client_for("anonymous")
    page, post = client.get(_link(row)), client.post(_link(row), {"answer": "safe"})
    row.refresh_from_db()
    assert (page.status_code, post.status_code, row.answer) == (410, 410, "")
    assert "This safety confirmation is closed" in page.content.decode()
    assert logged(confirmation, "jet.safetyconfirmation.close")[1]["status"] == ["open", "closed"]


def test_a_closed_confirmation_is_read_only(world, people):
    confirmation = _start(world)
    safety.close_confirmation(by=world.people["hq_staff"], confirmation=confirmation)
    confirmation.refresh_from_db()
    with pytest.raises(ValidationError):
        safety.remind(by=world.people["hq_staff"], confirmation=confirmation)
    with pytest.raises(TransitionError):
        safety.close_confirmation(by=world.people["hq_staff"], confirmation=confirmation)
    with pytest.raises(ValidationError):
        safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["brown"]), answer="safe")
    page = world.client_for("hq_staff").get(confirmation.get_absolute_url()).content.decode()
    assert ("未回答者に督促する" in page, "hx-trigger" in page, "この安否確認は終了しました" in page) == (
        False, False, True)


@pytest.mark.parametrize("role", ["municipality_staff", "pa"])
def test_closing_headquarters_confirmation_denied_to_a_supervisor_and_a_pa(world, people, role):
    confirmation = _start(world)
    with pytest.raises(PermissionDenied):
        safety.close_confirmation(by=world.people[role], confirmation=confirmation)


def test_the_pa_who_started_it_closes_it_from_the_board(world, people):
    confirmation = _start(world, role="pa")
    client = world.client_for("pa")
    board = client.get(confirmation.get_absolute_url()).content.decode()
    response = client.post(f"/jet/safety/{confirmation.pk}/close/")
    confirmation.refresh_from_db()
    assert ("安否確認を終了する" in board, response.status_code, confirmation.status) == (True, 302, "closed")


# -- the board, by role ----------------------------------------------------------------------------------------------

def _names(response):
    return sorted(re.findall(r'<th scope="row">([A-Z]+) Alex', response.content.decode()))


def test_board_shows_each_role_only_its_own(world, people):
    confirmation = _start(world, areas=[world.tokyo, world.osaka])
    url = confirmation.get_absolute_url()
    seen = {role: _names(world.client_for(role).get(url)) for role in
            ("hq_staff", "pa", "municipality_staff", "other_pa")}
    assert seen == {"hq_staff": ["BROWN", "LEE", "SMITH"], "pa": ["BROWN", "SMITH"], "municipality_staff": ["SMITH"],
                    "other_pa": ["LEE"]}


@pytest.mark.parametrize("role", ["other_municipality_staff", "jet", "counsellor", "anonymous"])
def test_board_hidden_from_others(world, people, role):
    confirmation = _start(world, areas=[world.chiyoda])
    response = world.client_for(role).get(confirmation.get_absolute_url())
    assert response.status_code in (302, 404)


def test_board_counts_bars_and_filter(world, people):
    confirmation = _start(world, areas=[world.tokyo, world.osaka])
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["lee"]), answer="injured")
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["smith"]), answer="safe")
    client = world.client_for("hq_staff")
    page = client.get(confirmation.get_absolute_url()).content.decode()
    counts = dict(re.findall(r'<tr data-answer="(\w+)">.*?</svg> (\d+)</td>', page))
    assert counts == {"safe": "1", "needs_help": "0", "injured": "1", "none": "1"}
    assert "3人中2人が回答 (67%)" in page
    english = client.get(confirmation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for html, names in ((page, (world.tokyo.name, world.osaka.name)), (english, (world.tokyo.name_en,
                                                                                  world.osaka.name_en))):
        assert f"<dd>{names[0]}、{names[1]}</dd>" in html or f"<dd>{names[1]}、{names[0]}</dd>" in html  # the area
    assert _names(client.get(confirmation.get_absolute_url() + "?answer=none")) == ["BROWN"]
    assert _names(client.get(confirmation.get_absolute_url() + "?answer=injured")) == ["LEE"]


def test_board_refreshes_its_part_by_htmx(world, people):
    confirmation = _start(world)
    response = world.client_for("pa").get(confirmation.get_absolute_url(), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert (body.lstrip().startswith('<div id="safety-board"'), "<html" in body, 'hx-trigger="every 15s"' in body) == (
        True, False, True)


def test_board_query_count_is_the_same_for_one_and_three_rows(world, people):
    def queries_for(confirmation):
        client = world.client_for("hq_staff")
        client.get(confirmation.get_absolute_url())  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(confirmation.get_absolute_url()).status_code == 200
        return len(captured)

    one = _start(world, areas=[world.osaka])
    three = _start(world, areas=[world.tokyo, world.osaka], title="令和8年台風第11号")
    assert (one.answers.count(), three.answers.count()) == (1, 3)
    assert queries_for(one) == queries_for(three)


def test_board_rows_escape_what_participants_wrote_and_keep_their_line_breaks(world, people):
    """The board's rows are written in Python (jet_tables.safety_rows): a participant's words stay text."""
    confirmation = _start(world)
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["smith"]), answer="needs_help",
                         location="<b>駅</b>", note="<script>alert(1)</script>\n水がない")
    page = world.client_for("hq_staff").get(confirmation.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<b>駅" not in page
    assert "&lt;b&gt;駅&lt;/b&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;<br>水がない" in page
    assert re.search(r'<span class="tag tag--danger">支援が必要</span>', page)
    assert re.search(r'<span class="tag tag--warning">未回答</span>', page)


def test_the_board_orders_by_what_the_row_keeps_most_urgent_first(world, people):
    """bench/jet.py: the board sorted every answer by a CASE over the answer and two joined columns for each
    page; the row keeps its urgency and the code and name it is listed by, so a page is a range of one index."""
    confirmation = _start(world, areas=[world.tokyo, world.osaka])
    smith, lee = _row(confirmation, people["smith"]), _row(confirmation, people["lee"])
    assert (smith.urgency, smith.listed_code, smith.listed_name) == (2, world.chiyoda.code, "Smith")
    safety.record_answer(by=AnonymousUser(), row=lee, answer="safe")
    safety.record_answer(by=AnonymousUser(), row=smith, answer="needs_help")
    safety.record_answer(by=AnonymousUser(), row=smith, answer="injured")
    with CaptureQueriesContext(connection) as captured:
        page = world.client_for("hq_staff").get(confirmation.get_absolute_url())
    body = page.content.decode()
    assert body.index("SMITH Alex") < body.index("BROWN Alex") < body.index("LEE Alex")  # injured, none, safe
    rows = [q["sql"] for q in captured.captured_queries
            if 'FROM "jet_safetyanswer"' in q["sql"] and "LIMIT" in q["sql"]]
    order = 'ORDER BY "jet_safetyanswer"."urgency" ASC, "jet_safetyanswer"."listed_code" ASC'
    assert len(rows) == 1 and order in rows[0] and "CASE" not in rows[0]
    answered = entries_of(_row(confirmation, people["smith"]), "jet.safetyanswer.answer")
    assert [e.changes["answer"][1] for e in answered] == ["needs_help", "injured"]
    assert not [e for e in answered if "urgency" in e.changes]  # derived: not logged


def test_the_answers_api_loads_only_its_page(world, people):
    """The API pages the answers in the database: asking for one of three loads one row."""
    confirmation = _start(world, areas=[world.tokyo, world.osaka])
    client = world.client_for("hq_staff")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/jet/safety/{confirmation.pk}/answers", {"page_size": 1, "page": 2})
    rows = [q["sql"] for q in captured.captured_queries
            if q["sql"].startswith('SELECT "jet_safetyanswer"."id"') and "LIMIT" in q["sql"]]
    assert response.status_code == 200 and response.json()["count"] == 3 and len(response.json()["items"]) == 1
    assert len(rows) == 1, [q["sql"] for q in captured.captured_queries]


def test_list_query_count_is_the_same_for_one_and_three_confirmations(world, people):
    client = world.client_for("hq_staff")

    def queries_for():
        client.get("/jet/safety/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/jet/safety/").status_code == 200
        return len(captured)

    _start(world, areas=[world.osaka], title="一")
    one = queries_for()
    _start(world, areas=[world.tokyo], title="二")
    _start(world, areas=[world.tokyo, world.osaka], title="三")
    assert queries_for() == one


def test_the_list_shows_the_confirmations_a_person_may_open(world, people):
    _start(world, areas=[world.osaka], title="大阪の地震")
    _start(world, areas=[world.tokyo], title="東京の台風")
    page = world.client_for("other_pa").get("/jet/safety/").content.decode()
    assert ("大阪の地震" in page, "東京の台風" in page) == (True, False)


# -- reminders and escalation --------------------------------------------------------------------------------------

def test_reminder_button_mails_those_who_have_not_answered(world, people, smtp_server,
                                                          django_capture_on_commit_callbacks):
    confirmation = _start(world)
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["smith"]), answer="safe")
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("pa").post(f"/jet/safety/{confirmation.pk}/remind/")
    row = _row(confirmation, people["brown"])
    assert (response.status_code, [m["to"] for m in smtp_server.messages], row.reminders) == (
        302, [["20260000004@example.com"]], 1)
    assert "Reminder" in smtp_server.messages[0]["message"]["Subject"]
    assert LINK.search(smtp_server.messages[0]["message"].get_content()).group(1).startswith(
        f"/jet/safety/answer/{confirmation.pk}/")
    assert logged(row, "jet.safetyanswer.remind")[1]["reminders"] == [0, 1]


def test_reminder_button_denied_to_a_supervisor(world, people):
    confirmation = _start(world)
    response = world.client_for("municipality_staff").post(f"/jet/safety/{confirmation.pk}/remind/")
    assert (response.status_code, _row(confirmation, people["brown"]).reminders) == (404, 0)


def test_after_the_second_reminder_the_supervisors_get_the_unreached(world, people, smtp_server,
                                                                    django_capture_on_commit_callbacks):
    confirmation = _start(world, areas=[world.chiyoda])
    hq = world.people["hq_staff"]
    with django_capture_on_commit_callbacks(execute=True):
        safety.remind(by=hq, confirmation=confirmation)
    after_first = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True), watch():
        safety.remind(by=hq, confirmation=confirmation)
    to_supervisors = [m for m in smtp_server.messages[after_first:] if m["to"] != ["20260000001@example.com"]]
    assert (after_first, sorted(m["to"][0] for m in to_supervisors)) == (
        1, ["municipality_admin@example.jp", "municipality_staff@example.jp"])
    text = to_supervisors[0]["message"].get_content()
    assert ("SMITH Alex" in text, "20260000001" in text, f"/jet/safety/{confirmation.pk}/" in text) == (
        True, True, True)
    row = _row(confirmation, people["smith"])
    assert (row.escalated_at is not None, logged(row, "jet.safetyanswer.escalate") is not None) == (True, True)
    with django_capture_on_commit_callbacks(execute=True):  # told once
        safety.remind(by=hq, confirmation=confirmation)
    assert len(smtp_server.messages) == after_first + 3 + 1


def test_scheduled_reminders_follow_the_interval_and_stop(world, people):
    confirmation = _start(world, areas=[world.minato])
    row = _row(confirmation, people["brown"])
    start = confirmation.started_at
    sent = [safety.remind_due(now=start + timedelta(hours=h)) for h in (1, 7, 8, 14, 21, 28)]
    row.refresh_from_db()
    assert (sent, row.reminders, row.escalated_at is not None) == ([0, 1, 0, 1, 1, 0], 3, True)
    assert [e.additional_data["by"] for e in entries_of(row, "jet.safetyanswer.remind")] == ["system"] * 3


def test_scheduled_task_runs_the_reminders(world, people):
    from kizuna.jet.tasks_safety import remind_safety_confirmations

    confirmation = _start(world, areas=[world.minato])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safety, "REMIND_EVERY", timedelta(0))
        result = remind_safety_confirmations.enqueue()
    assert (result.return_value, _row(confirmation, people["brown"]).reminders) == (1, 1)


def test_nothing_is_reminded_in_a_closed_confirmation(world, people):
    confirmation = _start(world, areas=[world.minato])
    safety.close_confirmation(by=world.people["hq_staff"], confirmation=confirmation)
    assert safety.remind_due(now=confirmation.started_at + timedelta(days=1)) == 0


def test_system_reminders_need_no_permission_but_people_do(world, people):
    confirmation = _start(world, areas=[world.minato])
    with pytest.raises(PermissionDenied):
        safety.remind(by=SYSTEM, confirmation=confirmation)


# -- export and KPI ------------------------------------------------------------------------------------------------

def test_export_holds_the_rows_the_reader_sees_with_formulas_quoted(world, people):
    confirmation = _start(world)
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["smith"]), answer="needs_help",
                         note="=HYPERLINK(\"http://x\")")
    response = world.client_for("municipality_staff").get(f"/jet/safety/{confirmation.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (response["Content-Type"], len(rows), rows[1][0], rows[1][6]) == (
        "text/csv; charset=utf-8", 2, "20260000001", "支援が必要")
    assert rows[1][8].startswith("'=")


def test_kpi_response_rate(world, people):
    confirmation = _start(world, areas=[world.tokyo, world.osaka])
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["lee"]), answer="safe")
    rate = get_query("jet.safety.response_rate")
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert (str(rate(year=year)), rate(year=year - 1), rate(year=year, organisation_id=world.chiyoda.pk)) == (
        "33.3", None, None)


def test_answers_are_modelled_one_per_participant(world, people):
    confirmation = _start(world)
    assert SafetyAnswer.objects.filter(confirmation=confirmation).count() == 2


def test_demo_has_a_closed_confirmation_with_answers_and_is_written_once(world):
    from kizuna.core.demo import DEMO_DOMAIN
    from kizuna.jet.demo import seed_jet_demo
    from kizuna.jet.demo_safety import seed_safety_demo
    from tests.factories import MembershipFactory, UserFactory

    MembershipFactory(person=UserFactory(email=f"hq-staff@{DEMO_DOMAIN}"), organisation=world.hq, role="staff")
    seed_jet_demo(participants=24)
    with watch():
        first = seed_safety_demo()
    second = seed_safety_demo()
    (closed,) = SafetyConfirmation.objects.all()
    assert (first, second, closed.status) == ({"safety_confirmations": 1}, {"safety_confirmations": 0}, "closed")
    assert closed.answers.exclude(answer="").exists()


def test_answer_page_follows_the_language_chosen_in_the_header(world, people):
    row = _row(_start(world), people["brown"])  # English by default
    client = world.client_for("anonymous")
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert "無事ですか" in client.get(_link(row)).content.decode()


# -- the API ---------------------------------------------------------------------------------------------------

def test_the_api_lists_confirmations_and_answers_as_the_board_does(world, people):
    confirmation = _start(world)
    safety.record_answer(by=AnonymousUser(), row=_row(confirmation, people["smith"]), answer="injured", location="自宅")

    listed = world.client_for("pa").get("/api/v1/jet/safety")
    answers = world.client_for("pa").get(f"/api/v1/jet/safety/{confirmation.pk}/answers")
    waiting = world.client_for("hq_staff").get(f"/api/v1/jet/safety/{confirmation.pk}/answers",
                                              {"not_answered": "true"})
    bad = world.client_for("hq_staff").get(f"/api/v1/jet/safety/{confirmation.pk}/answers", {"answer": "fine"})

    assert listed.status_code == 200
    assert {k: listed.json()["items"][0][k] for k in ("title", "asked", "answered", "injured", "not_answered")} == {
        "title": TITLE, "asked": 2, "answered": 1, "injured": 1, "not_answered": 1}
    assert [(a["family_name"], a["answer"], a["location"]) for a in answers.json()["items"]] == [
        ("Smith", "injured", "自宅"), ("Brown", "", "")]  # the most urgent first
    assert [a["family_name"] for a in waiting.json()["items"]] == ["Brown"]
    assert bad.status_code == 422
    assert world.client_for("other_pa").get(f"/api/v1/jet/safety/{confirmation.pk}/answers").status_code == 404
    assert world.client_for("association_staff").get("/api/v1/jet/safety").status_code == 403
