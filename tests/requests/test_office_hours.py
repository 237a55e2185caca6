"""Office staff keep their office's hours, days and public-holiday country; the deadlines follow."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kizuna.requests import services, sla
from kizuna.requests.models import OfficeHours


def _url(world):
    return reverse("requests:office_hours", args=[world.nyc.pk])


def test_office_staff_save_the_hours_on_the_page(world):
    response = world.client_for("office_staff").post(_url(world), {
        "opens": "08:30", "closes": "16:00", "weekdays": ["0", "1", "2", "3"], "holiday_country": "us"})
    assert response.status_code == 302
    hours = OfficeHours.objects.get(office=world.nyc)
    assert (hours.opens, hours.closes, hours.weekdays, hours.holiday_country) == (
        time(8, 30), time(16, 0), [0, 1, 2, 3], "US")


def test_the_page_shows_the_current_hours(world):
    OfficeHours.objects.create(office=world.nyc, opens=time(10), closes=time(18), weekdays=[1, 2],
                               holiday_country="CA")
    page = world.client_for("hq_staff").get(_url(world))
    assert page.context["form"].initial["weekdays"] == [1, 2]
    assert b'value="10:00"' in page.content and "America/New_York" in page.content.decode()


def test_closing_before_opening_is_refused_and_nothing_saved(world):
    page = world.client_for("office_staff").post(_url(world), {
        "opens": "17:00", "closes": "09:00", "weekdays": ["0"], "holiday_country": ""})
    assert page.status_code == 400
    assert page.context["form"].errors["closes"] == ["閉所時刻は開所時刻より後にしてください。"]
    assert OfficeHours.objects.count() == 0


def test_the_holiday_country_is_chosen_by_name_and_an_unknown_one_is_refused(world):
    page = world.client_for("office_staff").get(_url(world))
    assert '<option value="US">米国</option>' in page.content.decode()
    page = world.client_for("office_staff").post(_url(world), {
        "opens": "09:00", "closes": "17:00", "weekdays": ["0"], "holiday_country": "XX"})
    assert page.status_code == 400 and list(page.context["form"].errors) == ["holiday_country"]
    assert OfficeHours.objects.count() == 0


def test_no_working_day_and_an_unknown_country_are_refused_together(world):
    with pytest.raises(ValidationError) as caught:
        services.set_office_hours(by=world.people["office_staff"], office=world.nyc, opens=time(9),
                                  closes=time(17), weekdays=[], holiday_country="XX")
    assert sorted(caught.value.message_dict) == ["holiday_country", "weekdays"]
    assert OfficeHours.objects.count() == 0


def test_staff_of_another_office_or_a_municipality_cannot_edit(world):
    with pytest.raises(PermissionDenied):
        services.set_office_hours(by=world.people["municipality_staff"], office=world.nyc, opens=time(9),
                                  closes=time(17), weekdays=[0])
    assert world.client_for("branch_staff").get(_url(world)).status_code == 404


def test_deadlines_follow_the_new_hours(world, visit):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    visit.routed_at = datetime(2026, 11, 2, 9, tzinfo=ny)  # a Monday
    visit.save(update_fields=["routed_at"])
    services.set_office_hours(by=world.people["office_staff"], office=world.nyc, opens=time(9), closes=time(17, 30),
                              weekdays=[0, 1, 2, 3, 4])
    before = sla.targets(visit, sla.calendars([world.nyc])[world.nyc.pk])[0].due
    services.set_office_hours(by=world.people["office_staff"], office=world.nyc, opens=time(9), closes=time(13),
                              weekdays=[0, 1, 2, 3, 4])
    after = sla.targets(visit, sla.calendars([world.nyc])[world.nyc.pk])[0].due
    assert (before.astimezone(ny), after.astimezone(ny)) == (datetime(2026, 11, 2, 17, 30, tzinfo=ny),
                                                              datetime(2026, 11, 4, 9, 30, tzinfo=ny))


def test_queue_links_to_the_hours_for_its_staff(world):
    page = world.client_for("office_staff").get(reverse("requests:queue", args=[world.nyc.pk]))
    assert _url(world).encode() in page.content
