"""The services: a secondment through its states, postings in sequence (and where the person works now), the
training records and their checks, the field-training report, the curriculum's courses; every write audited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.core.audit import watch
from kizuna.core.workflow import TransitionError
from kizuna.secondments import services
from kizuna.secondments.models import Posting

from .conftest import move_to_new_york, office_head, period, records, secondment

pytestmark = pytest.mark.django_db


def test_a_secondment_is_planned_then_serving_then_completed(world):
    hq = world.people["hq_staff"]
    with watch():
        s = secondment(world, status="planned")
        assert (s.status, s.organisation) == ("planned", world.hq)
        s = services.start_secondment(by=hq, secondment=s, started_on=s.starts_on)
        assert s.status == "serving"
        s = services.complete_secondment(by=hq, secondment=s, ended_on=timezone.localdate())
    assert s.status == "completed"
    assert Posting.objects.get(secondment=s).ends_on == timezone.localdate()


def test_ending_early_needs_a_reason(world):
    s = secondment(world)
    with pytest.raises(ValidationError) as refused:
        services.end_secondment_early(by=world.people["hq_staff"], secondment=s, ended_on=timezone.localdate(),
                                      reason="  ")
    assert "end_reason" in refused.value.error_dict
    s.refresh_from_db()
    assert s.status == "serving"


def test_a_completed_secondment_cannot_start_again(world):
    s = secondment(world, status="completed")
    with pytest.raises(TransitionError):
        services.start_secondment(by=world.people["hq_staff"], secondment=s, started_on=s.starts_on)


def test_only_headquarters_record_a_secondment(world):
    start, end = period()
    for role in ("office_staff", "municipality_admin", "branch_staff"):
        with pytest.raises(PermissionDenied):
            services.create_secondment(by=world.people[role], person=world.people["office_staff"],
                                       home_government=world.chiyoda, starts_on=start, ends_on=end)


def test_the_person_must_work_at_clair_and_the_home_must_be_a_local_government(world):
    start, end = period()
    with pytest.raises(ValidationError) as refused:
        services.create_secondment(by=world.people["hq_staff"], person=world.people["municipality_staff"],
                                   home_government=world.association, starts_on=start, ends_on=end)
    assert set(refused.value.error_dict) == {"person", "home_government"}


def test_periods_are_checked_and_do_not_overlap(world):
    hq = world.people["hq_staff"]
    start, end = period()
    with pytest.raises(ValidationError) as refused:
        services.create_secondment(by=hq, person=world.people["office_staff"], home_government=world.chiyoda,
                                   starts_on=end, ends_on=start)
    assert "ends_on" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.create_secondment(by=hq, person=world.people["office_staff"], home_government=world.chiyoda,
                                   starts_on=start, ends_on=start + timedelta(days=366 * 6))
    secondment(world)
    with pytest.raises(ValidationError) as refused:
        services.create_secondment(by=hq, person=world.people["office_staff"], home_government=world.minato,
                                   starts_on=start + timedelta(days=30), ends_on=end)
    assert "starts_on" in refused.value.error_dict


def test_a_new_posting_closes_the_open_one_and_moves_the_person(world):
    s = secondment(world)
    with watch():
        move_to_new_york(world, s)
    postings = list(s.postings.order_by("starts_on"))
    assert [p.organisation for p in postings] == [world.hq, world.nyc]
    assert postings[0].ends_on == postings[1].starts_on - timedelta(days=1)
    s.refresh_from_db()
    assert s.organisation == world.nyc


def test_a_posting_at_headquarters_names_its_division_and_an_office_none(world):
    s = secondment(world)
    hq = world.people["hq_staff"]
    day = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.add_posting(by=hq, secondment=s, organisation=world.hq, division="", starts_on=day)
    assert "division" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.add_posting(by=hq, secondment=s, organisation=world.nyc, division="jet", starts_on=day)
    assert "division" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.add_posting(by=hq, secondment=s, organisation=world.chiyoda, division="", starts_on=day)
    assert "organisation" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.add_posting(by=hq, secondment=s, organisation=world.nyc, starts_on=s.ends_on + timedelta(days=1))
    assert "starts_on" in refused.value.error_dict


def test_overlapping_postings_are_refused(world):
    s = secondment(world)
    p = move_to_new_york(world, s)
    first = s.postings.exclude(pk=p.pk).get()
    with pytest.raises(ValidationError):
        services.edit_posting(by=world.people["hq_staff"], posting=first, ends_on=p.starts_on + timedelta(days=3))


def test_a_begun_secondment_keeps_one_posting(world):
    s = secondment(world)
    with pytest.raises(ValidationError):
        services.remove_posting(by=world.people["hq_staff"], posting=s.postings.get())


def test_records_are_checked(world):
    s = secondment(world)
    hq = world.people["hq_staff"]
    with pytest.raises(ValidationError) as refused:
        services.save_record(by=hq, kind="training", secondment=s, name="英語", language="en",
                             starts_on=s.starts_on, hours=Decimal("0"))
    assert "hours" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.save_record(by=hq, kind="test", secondment=s, name="TOEIC", language="en",
                             taken_on=timezone.localdate() + timedelta(days=3), score="800")
    assert "taken_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.save_record(by=hq, kind="test", secondment=s, name="TOEIC", language="en",
                             taken_on=s.starts_on, score="", level="")
    assert "score" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.save_record(by=hq, kind="field", secondment=s, country="JP", place="Tokyo",
                             starts_on=s.starts_on, ends_on=s.starts_on, theme="At home")
    assert "country" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.save_record(by=hq, kind="ojt", secondment=s, starts_on=s.starts_on - timedelta(days=3),
                             ends_on=s.starts_on, unit="課", supervisor="課長", tasks="")
    assert {"starts_on", "tasks"} <= set(refused.value.error_dict)
    assert not s.language_trainings.exists() and not s.language_tests.exists()


def test_the_office_head_keeps_records_of_their_office_people_only(world):
    s = secondment(world)
    head = office_head(world)
    with pytest.raises(PermissionDenied):  # still at headquarters
        services.save_record(by=head, kind="ojt", secondment=s, starts_on=s.starts_on, ends_on=s.starts_on,
                             unit="NY", supervisor="所長", tasks="Research")
    move_to_new_york(world, s)
    s.refresh_from_db()
    with watch():
        services.save_record(by=head, kind="ojt", secondment=s, starts_on=s.starts_on, ends_on=s.starts_on,
                             unit="NY", supervisor="所長", tasks="Research")
    with pytest.raises(PermissionDenied):  # postings are headquarters' to change
        services.add_posting(by=head, secondment=s, organisation=world.hq, division="jet",
                             starts_on=timezone.localdate())


def test_the_person_writes_the_report_of_their_field_training(world):
    s = secondment(world)
    records(world, s)
    training = s.field_trainings.get()
    with watch():
        services.write_report(by=world.people["office_staff"], training=training, report="What I learnt")
    training.refresh_from_db()
    assert (training.report, training.report_on) == ("What I learnt", timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.write_report(by=world.people["municipality_staff"], training=training, report="x")


def test_a_course_logs_the_change_of_its_events(world):
    from auditlog.models import LogEntry

    from .conftest import course

    c = course(world)
    entry = LogEntry.objects.filter(additional_data__action="secondments.course.events").get()
    assert entry.changes["events"][1] == [c.events.get().pk]
