"""Every write of the dispatch app leaves its audit entry: who, and every changed field with its old and new
value. One test per service, each inside `audit.watch()`, which also fails on any write without an entry."""

from datetime import timedelta

from kizuna.core.audit import watch
from kizuna.core.history import history_of
from kizuna.dispatch import services
from kizuna.dispatch.demo import seed_dispatch_demo
from kizuna.dispatch.enums import REPORT_DUE_DAYS, VISIT_REMINDER_DAYS
from kizuna.dispatch.models import Expert, ExpertDate
from kizuna.dispatch.reminders import remind_dispatches
from tests.audit_helpers import entries_of, logged

from .conftest import DAY, ask


def test_request_dispatch_is_logged_with_every_field(world):
    with watch():
        dispatch = ask(world)
    who, changes = logged(dispatch, "dispatch.dispatch.request")
    assert changes.pop("created_at")[0] is None
    staff, chiyoda = world.people["municipality_staff"], world.chiyoda
    assert (who, changes) == (staff, {
        "host": [None, chiyoda.pk], "created_by": [None, staff.pk], "programme": [None, "regional"],
        "status": [None, "requested"], "theme": [None, "防災訓練"], "field": [None, "防災"],
        "language": [None, "ja"], "format": [None, "onsite"], "starts_on": [None, "2026-12-01"],
        "ends_on": [None, "2026-12-01"], "hours": [None, 3], "fiscal_year": [None, 2026],
        "travel_costs": [None, 0], "allowance": [None, 0], "fee": [None, 0], "cost_clair": [None, 0],
        "cost_host": [None, 0]})


def test_offer_expert_is_logged(world, requested, adviser):
    with watch():
        services.offer_expert(by=world.people["hq_staff"], dispatch=requested, expert=adviser)
    assert logged(requested, "dispatch.dispatch.offer") == (world.people["hq_staff"], {
        "status": ["requested", "offered"], "expert": [None, adviser.pk], "fee": [0, 30_000]})


def test_respond_offer_accept_is_logged(world, offered):
    with watch():
        services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    assert logged(offered, "dispatch.dispatch.accept") == (world.people["expert"], {
        "status": ["offered", "confirmed"]})


def test_respond_offer_decline_is_logged(world, offered, adviser):
    with watch():
        services.respond_offer(by=world.people["expert"], dispatch=offered, accept=False)
    assert logged(offered, "dispatch.dispatch.decline") == (world.people["expert"], {
        "status": ["offered", "requested"], "expert": [adviser.pk, None], "fee": [30_000, 0]})


def test_file_report_is_logged(world, confirmed):
    with watch():
        services.file_report(by=world.people["expert"], dispatch=confirmed, report="研修を実施", hours=3,
                             travel_costs=20_000, allowance=5_000)
    assert logged(confirmed, "dispatch.dispatch.report") == (world.people["expert"], {
        "status": ["confirmed", "reported"], "report": ["", "研修を実施"], "report_hours": [None, 3],
        "travel_costs": [0, 20_000], "allowance": [0, 5_000], "cost_clair": [0, 55_000]})


def test_answer_survey_is_logged(world, reported):
    with watch():
        services.answer_survey(by=world.people["municipality_admin"], dispatch=reported, rating=4,
                               comment="ありがとうございました")
    assert logged(reported, "dispatch.dispatch.survey") == (world.people["municipality_admin"], {
        "status": ["reported", "completed"], "rating": [None, 4], "survey_comment": ["", "ありがとうございました"]})


def test_cancel_dispatch_is_logged(world, requested):
    with watch():
        services.cancel_dispatch(by=world.people["hq_staff"], dispatch=requested, reason="日程が合わない")
    assert logged(requested, "dispatch.dispatch.cancel") == (world.people["hq_staff"], {
        "status": ["requested", "cancelled"]})


def test_update_profile_is_logged_with_the_fields_that_changed(world, adviser):
    with watch():
        services.update_profile(by=world.people["expert"], expert=adviser,
                                data={"languages": ["ja", "ko"], "bio": "防災訓練", "online": False})
    assert logged(adviser, "dispatch.expert.update_profile") == (world.people["expert"], {
        "languages": [["ja", "en"], ["ja", "ko"]], "online": [True, False]})


def test_set_dates_logs_each_new_mark_and_each_changed_one(world, adviser):
    services.set_dates(by=world.people["expert"], expert=adviser, days=[DAY], available=True)
    with watch():
        services.set_dates(by=world.people["hq_staff"], expert=adviser, days=[DAY, DAY + timedelta(days=1)],
                           available=False)
    changed, added = ExpertDate.objects.filter(expert=adviser).order_by("day")
    first, second = entries_of(changed, "dispatch.expertdate.mark")
    assert [(e.actor, e.changes) for e in (first, second)] == [
        (world.people["expert"], {"expert": [None, adviser.pk], "day": [None, "2026-12-01"],
                                  "available": [None, True]}),
        (world.people["hq_staff"], {"available": [True, False]})]
    assert logged(added, "dispatch.expertdate.mark") == (world.people["hq_staff"], {
        "expert": [None, adviser.pk], "day": [None, "2026-12-02"], "available": [None, False]})


def test_set_dates_marking_a_date_again_the_same_way_writes_nothing(world, adviser):
    services.set_dates(by=world.people["expert"], expert=adviser, days=[DAY], available=True)
    with watch():
        services.set_dates(by=world.people["expert"], expert=adviser, days=[DAY], available=True)
    assert len(entries_of(adviser.dates.get(), "dispatch.expertdate.mark")) == 1


def test_visit_reminder_mark_is_logged_as_the_system(world, confirmed):
    today = DAY - timedelta(days=VISIT_REMINDER_DAYS)
    with watch():
        remind_dispatches(today=today)
    assert logged(confirmed, "dispatch.dispatch.remind_visit") == ("system", {
        "visit_reminded_on": [None, today.isoformat()]})


def test_report_reminder_mark_is_logged_as_the_system(world, confirmed):
    today = DAY + timedelta(days=REPORT_DUE_DAYS + 1)
    with watch():
        remind_dispatches(today=today)
    assert logged(confirmed, "dispatch.dispatch.remind_report") == ("system", {
        "report_reminded_on": [None, today.isoformat()]})


def test_demo_experts_are_logged_as_created_by_the_system(world):
    with watch():
        seed_dispatch_demo()
    expert = Expert.objects.get(name="前田 健")
    who, changes = logged(expert, "dispatch.expert.create")
    assert (who, changes) == ("system", {
        "name": [None, "前田 健"], "programme": [None, "cooperation"], "fields": [None, ["上下水道", "廃棄物"]],
        "languages": [None, ["ja", "en"]], "onsite": [None, True], "online": [None, True],
        "hourly_fee": [None, 8_000], "bio": [None, "上下水道、廃棄物"], "is_active": [None, True]})



def test_history_of_a_dispatch_names_its_steps_in_words(world, confirmed):
    remind_dispatches(today=DAY - timedelta(days=VISIT_REMINDER_DAYS))
    assert [e.what for e in reversed(history_of(confirmed))] == [
        "専門家の派遣を申し込み", "専門家に打診する", "引き受ける", "専門家に派遣日を通知"]
