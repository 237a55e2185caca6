"""An event's (or a booth's) plan KPI series is a choice among the series the plan counts: a typo can no longer
drop an event from the plan's figures. Without a plan, any series a registered query counts is accepted."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kizuna.events.models import Event
from kizuna.events.services.booths import save_booth
from kizuna.events.services.events import create_event, update_event
from kizuna.plan import queries
from kizuna.plan.kpis import register_kpi
from kizuna.plan.models import KPI
from tests.events.factories import EventFactory
from tests.factories import arrange_update

PILOT = "tests_pilot_series"


@register_kpi("tests.events.pilot", counts=("event", PILOT))
def pilot(*, year, quarter, organisation_id):
    """A query that counts a series no KPI of the real plan uses."""
    return 0


def _create(world, series):
    start = timezone.now() + timedelta(days=10)
    return create_event(by=world.people["hq_staff"], organiser=world.hq, title="防災研修", kind="training",
                        format="on_site", audience="anyone", kpi_series=series, starts_at=start,
                        ends_at=start + timedelta(hours=3))


def _refused_series(call):
    with pytest.raises(ValidationError) as refusal:
        call()
    assert [e.code for e in refusal.value.error_dict["kpi_series"]] == ["unknown_series"]


def test_a_series_no_query_counts_is_refused_and_nothing_is_saved(world):
    _refused_series(lambda: _create(world, "econmic_seminar"))
    assert not Event.objects.exists()


def test_without_a_plan_any_series_a_query_counts_is_accepted(world):
    assert _create(world, PILOT).kpi_series == PILOT


def test_with_the_plan_loaded_only_the_series_its_kpis_count_are_accepted(world, plan):
    _refused_series(lambda: _create(world, PILOT))
    event = _create(world, "disaster_training")
    _refused_series(lambda: update_event(by=world.people["hq_staff"], event=event, kpi_series=PILOT))
    event.refresh_from_db()
    assert event.kpi_series == "disaster_training"


def test_the_edit_form_offers_the_series_named_by_the_kpis_that_count_them(world, plan):
    event = EventFactory(organiser=world.hq)
    page = world.client_for("hq_staff").get(f"/events/{event.pk}/edit/")
    choices = dict(page.context["form"].fields["kpi_series"].choices)
    kpis = KPI.objects.filter(query_key__in=["events.sessions.economic_seminar",
                                             "events.participants.economic_seminar"]).order_by("order")
    assert choices["economic_seminar"] == "economic_seminar — " + "; ".join(f"1-1 {k.name}" for k in kpis)
    assert PILOT not in choices and "" in choices
    assert '<select name="kpi_series"' in page.content.decode()


def test_a_typed_series_is_refused_beside_the_field_and_the_event_is_unchanged(world, plan):
    from tests.events.test_staff import _event_data

    event = EventFactory(organiser=world.hq, title="元の題")
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/edit/",
                                                  _event_data(event, title="改題", kpi_series="disaster_trainng"))
    event.refresh_from_db()
    assert (response.status_code, event.title, event.kpi_series) == (400, "元の題", "")
    assert response.context["form"].errors["kpi_series"]


def test_an_old_series_the_plan_does_not_count_is_shown_and_must_be_changed(world, plan):
    from tests.events.test_staff import _event_data

    event = EventFactory(organiser=world.hq)
    arrange_update(Event.objects.filter(pk=event.pk), kpi_series="old_typo")
    event.refresh_from_db()
    client = world.client_for("hq_staff")
    choices = dict(client.get(f"/events/{event.pk}/edit/").context["form"].fields["kpi_series"].choices)
    assert choices["old_typo"] == "old_typo（計画の集計対象外）"
    response = client.post(f"/events/{event.pk}/edit/", _event_data(event, kpi_series="old_typo", title="改題"))
    assert response.status_code == 400
    assert "系列「old_typo」を数える事業計画のKPIはありません" in str(response.context["form"].errors["kpi_series"])
    response = client.post(f"/events/{event.pk}/edit/", _event_data(event, kpi_series="disaster_training"))
    event.refresh_from_db()
    assert (response.status_code, event.kpi_series) == (302, "disaster_training")


def test_a_booth_series_is_checked_against_the_plans_booth_kpis(world, plan):
    fair = EventFactory(organiser=world.nyc, kind="trade_fair", country="US", venue_timezone="America/New_York",
                        starts_at=timezone.now() + timedelta(days=60), ends_at=timezone.now() + timedelta(days=62))
    fields = {"name": "自治体共同ブース", "slots": 4, "applications_close": timezone.now() + timedelta(days=20)}
    with pytest.raises(ValidationError) as refusal:
        save_booth(by=world.people["office_staff"], event=fair, kpi_series="economic_seminar", **fields)
    assert "kpi_series" in refusal.value.error_dict
    assert save_booth(by=world.people["office_staff"], event=fair, kpi_series="nyc", **fields).kpi_series == "nyc"
    choices = dict(world.client_for("office_staff").get(f"/events/{fair.pk}/booths/new/")
                   .context["form"].fields["kpi_series"].choices)
    assert choices["nyc"].startswith("nyc — 1-4-nyc ") and "economic_seminar" not in choices


def test_kpis_once_typed_by_hand_are_counted_from_the_events_held(world, plan):
    kpi = KPI.objects.get(programme__code="2-1", code="disaster-trainings")
    assert kpi.query_key == "events.sessions.disaster_training"
    held = _create(world, "disaster_training")
    _create(world, "disaster_training")  # planned for later: not held yet
    arrange_update(Event.objects.filter(pk=held.pk), is_published=True,
                   starts_at=timezone.now() - timedelta(hours=1))
    arrange_update(Event.objects.exclude(pk=held.pk), is_published=True)
    assert queries.kpi_detail(world.people["hq_staff"], kpi).figure.value == 1
