"""Leaving: the checklist opens when a participant is leaving, each side ticks its own items, the forwarding
address is needed and kept out of the log, and on departure the participant is asked about the alumni network."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.jet import leaving, services
from kizuna.jet.models import AlumniConsent, LeavingTask

from .access import _arrived, _leaving, _participant


def test_announcing_the_departure_opens_the_checklist_once(world):
    participant = _leaving(world)
    items = dict(participant.leaving_tasks.values_list("item", "side"))
    assert items == {"pension": "participant", "residence_card": "participant", "forwarding": "participant",
                     "resident_tax": "host", "final_pay": "host", "housing": "host"}
    participant = services.stay_on(by=world.people["hq_staff"], participant=participant)
    participant = services.announce_leaving(by=world.people["hq_staff"], participant=participant,
                                            leaving_on=date(2027, 7, 31))
    assert participant.leaving_tasks.count() == 6


def test_each_side_ticks_its_own_items(world):
    participant = _leaving(world)
    pension = participant.leaving_tasks.get(item="pension")
    housing = participant.leaving_tasks.get(item="housing")
    leaving.tick(by=world.people["jet"], task=pension, done=True)
    leaving.tick(by=world.people["municipality_staff"], task=housing, done=True)
    with pytest.raises(PermissionDenied):
        leaving.tick(by=world.people["municipality_staff"], task=pension, done=False)
    with pytest.raises(PermissionDenied):
        leaving.tick(by=world.people["jet"], task=housing, done=False)
    with pytest.raises(PermissionDenied):
        leaving.tick(by=world.people["pa"], task=housing, done=False)
    assert LeavingTask.objects.filter(participant=participant, done_at__isnull=False).count() == 2
    page = world.client_for("pa").get(f"/jet/participants/{participant.pk}/checklist/").content.decode()
    assert "2 / 6" in page or "6件中2件" in page


def test_the_forwarding_address_is_needed_and_masked_in_the_log(world):
    participant = _leaving(world)
    task = participant.leaving_tasks.get(item="forwarding")
    with pytest.raises(ValidationError) as refused:
        leaving.tick(by=world.people["jet"], task=task, done=True, detail="  ")
    assert refused.value.error_dict["detail"][0].code == "no_address"
    client = world.client_for("jet")
    response = client.post(f"/jet/leaving-tasks/{task.pk}/", {"done": "1", "detail": "12 Elm Street, Leeds"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None and task.detail == "12 Elm Street, Leeds"
    entry = LogEntry.objects.filter(additional_data__action="jet.leavingtask.tick").get()
    assert "Elm Street" not in str(entry.changes)
    assert "12 Elm Street, Leeds" in client.get(f"/jet/participants/{participant.pk}/checklist/").content.decode()


def test_on_departure_the_participant_is_asked_about_the_alumni_network(world, smtp_server,
                                                                       django_capture_on_commit_callbacks):
    participant = _leaving(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_departure(by=world.people["hq_staff"], participant=participant,
                                  departed_on=date(2027, 8, 1))
    mail = [m for m in smtp_server.messages if m["to"] == [participant.email]]
    assert len(mail) == 1 and f"/jet/participants/{participant.pk}/checklist/" in mail[0]["message"].get_content()
    client = world.client_for("jet")
    assert client.post(f"/jet/participants/{participant.pk}/alumni-consent/", {"consents": "maybe"}).status_code == 302
    assert not AlumniConsent.objects.exists()
    client.post(f"/jet/participants/{participant.pk}/alumni-consent/", {"consents": "yes"})
    assert AlumniConsent.objects.get(participant=participant).consents is True
    client.post(f"/jet/participants/{participant.pk}/alumni-consent/", {"consents": "no"})
    assert AlumniConsent.objects.get(participant=participant).consents is False
    refused = world.client_for("municipality_staff").post(f"/jet/participants/{participant.pk}/alumni-consent/",
                                                          {"consents": "yes"})
    assert refused.status_code in (403, 404)


def test_a_participant_in_post_has_no_checklist(world):
    participant = _arrived(world, _participant(world))
    assert world.client_for("jet").get(f"/jet/participants/{participant.pk}/checklist/").status_code == 404
