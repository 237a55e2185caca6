"""Counselling: confidentiality by construction (every role, the database, the backup, the log, the mail), the
thread and the counsellor's work, video sessions within the year's limit, escalation, retention, statistics."""

import io
import json
import tarfile
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from kizuna.core.backup import backup
from kizuna.core.sealed import PREFIX, SealedError, new_key
from kizuna.counselling import services
from kizuna.counselling.models import Attachment, Case, Escalation, Message, Note, Session, Slot
from tests.conftest import ROLES
from tests.factories import arrange_update
from tests.jet.access import _arrived, _participant

from .access import LETTER, _world

SECRET = "I cannot sleep since the winter."  # the sample case's first message (tests/counselling/access.py)
NOTE = "First winter; isolation."

READ_MESSAGES = {"jet", "counsellor", "counselling_supervisor"}
READ_NOTES = {"counsellor", "counselling_supervisor"}


def _later(days: int, hour: int = 10):
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def cases(world):
    return _world(world)


@pytest.fixture
def participant(world):
    return _arrived(world, _participant(world))


# -- confidentiality -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_only_the_case_people_read_its_messages_and_only_counsellors_its_notes(world, cases, role):
    response = world.client_for(role).get(f"/counselling/cases/{cases['mail'].pk}/")
    text = response.content.decode() if response.status_code == 200 else ""
    assert (SECRET in text) == (role in READ_MESSAGES), response.status_code
    assert (NOTE in text) == (role in READ_NOTES)
    if role not in READ_MESSAGES:
        assert response.status_code in (302, 404)


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "municipality_admin", "pa", "other_counsellor"])
def test_the_api_of_anyone_else_lists_no_case_and_never_content(world, cases, role):
    client = world.client_for(role)
    own = client.get("/api/v1/counselling/cases").json()
    assert own["items"] == []
    queue = client.get("/api/v1/counselling/queue")
    if role == "other_counsellor":  # the waiting case, without its content
        ids = [c["id"] for c in queue.json()["items"]]
        assert ids == [cases["mail-waiting"].pk]
        assert SECRET not in queue.content.decode() and "再任用" not in queue.content.decode()
        assert queue.json()["items"][0]["risk"] is None
    else:
        assert queue.status_code == 403


def test_the_participants_api_lists_their_cases_without_content(world, cases):
    response = world.client_for("jet").get("/api/v1/counselling/cases")
    assert response.status_code == 200
    assert {c["id"] for c in response.json()["items"]} == {c.pk for c in cases.values()}
    assert SECRET not in response.content.decode()
    assert all(c["topic"] is None and c["risk"] is None for c in response.json()["items"])


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}")
        return [row[0] for row in cursor.fetchall()]


def test_the_database_holds_no_plaintext_of_messages_notes_referrals_or_escalations(world, cases):
    counsellor = world.people["counsellor"]
    services.refer(by=counsellor, case=cases["mail"], clinic="Tokyo English Lifeline clinic")
    services.escalate(by=counsellor, case=cases["mail"], step="contacted", note="Reached her at 18:00.")
    stored = {
        "message": _raw("counselling_message", "body"), "note": _raw("counselling_note", "body"),
        "referral": [v for v in _raw("counselling_case", "referred_to") if v],
        "escalation": [v for v in _raw("counselling_escalation", "note") if v],
    }
    assert all(stored.values())
    everything = " ".join(v for values in stored.values() for v in values)
    for plain in (SECRET, NOTE, "Tokyo English Lifeline", "18:00", "winter"):
        assert plain not in everything
    assert all(v.startswith(PREFIX) for values in stored.values() for v in values)
    # … and the ORM reads them back.
    assert Message.objects.filter(case=cases["mail"]).first().body == SECRET
    # Two seals of the same text differ: nothing can be learnt by comparing ciphertexts.
    again = services.write(by=world.people["jet"], case=cases["mail"], body=SECRET)
    raw = dict(zip(_raw("counselling_message", "id"), _raw("counselling_message", "body"), strict=True))
    first = Message.objects.filter(case=cases["mail"]).first()
    assert raw[again.pk] != raw[first.pk]


def test_the_audit_trail_and_object_names_carry_no_content(world, cases):
    entries = LogEntry.objects.filter(content_type__app_label="counselling")
    assert entries.exists()
    dump = json.dumps([[e.object_repr, e.changes, e.additional_data] for e in entries], ensure_ascii=False,
                      default=str)
    for plain in (SECRET, NOTE, "再任用"):
        assert plain not in dump
    created = entries.filter(additional_data__action="counselling.message.create").first()
    assert created.changes["body"][1] == "********"


@pytest.mark.django_db(transaction=True)  # a backup reads one snapshot in its own transaction (PostgreSQL)
def test_a_backup_keeps_the_content_sealed(world, cases, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "backup.tar.gz"
    backup(path)
    with tarfile.open(path) as tar:
        data = tar.extractfile("data.jsonl").read().decode()
    assert SECRET not in data and NOTE not in data
    rows = [json.loads(line) for line in io.StringIO(data) if '"counselling.message"' in line]
    assert rows and all(r["fields"]["body"].startswith(PREFIX) for r in rows)
    import base64

    files = [json.loads(line) for line in io.StringIO(data) if '"counselling.attachment"' in line]
    assert files and base64.b64decode(files[0]["fields"]["content"]).startswith(PREFIX.encode())


def test_without_the_key_content_cannot_be_read(world, cases, settings):
    settings.KIZUNA_SEALING_KEYS = [new_key()]  # an operator with the database but another key
    with pytest.raises(SealedError):
        list(Message.objects.values_list("body", flat=True))


def test_key_rotation_reseals_everything_with_the_new_key(world, settings):
    old, new = new_key(), new_key()
    settings.KIZUNA_SEALING_KEYS = [old]
    cases = _world(world)
    services.write(by=world.people["jet"], case=cases["mail"], body="Sealed with the old key.")
    before = _raw("counselling_message", "body")
    settings.KIZUNA_SEALING_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_sealing_keys", stdout=out)
    assert "counselling.Message" in out.getvalue()
    assert _raw("counselling_message", "body") != before
    settings.KIZUNA_SEALING_KEYS = [new]  # the old key dropped: everything still reads
    assert "Sealed with the old key." in Message.objects.values_list("body", flat=True)
    assert Attachment.objects.get().content == LETTER
    assert NOTE in Note.objects.values_list("body", flat=True)
    settings.KIZUNA_SEALING_KEYS = [old]
    with pytest.raises(SealedError):
        list(Note.objects.values_list("body", flat=True))
    rotated = LogEntry.objects.filter(additional_data__action="core.sealing.rotate").get()
    assert rotated.additional_data["values"] >= len(before)


def test_a_new_key_is_printed_and_production_refuses_to_run_without_one(settings):
    from kizuna.core.sealed import sealing_keys

    out = io.StringIO()
    call_command("rotate_sealing_keys", "--new-key", stdout=out)
    assert len(out.getvalue().strip()) == 44
    settings.KIZUNA_SEALING_KEYS = []
    assert [e.id for e in sealing_keys()] == ["kizuna.E010"]
    settings.KIZUNA_SEALING_KEYS = ["not-a-key"]
    assert [e.id for e in sealing_keys()] == ["kizuna.E011"]


def test_every_read_by_someone_else_is_logged_and_shown_to_the_participant_and_supervisor(world, cases):
    url = f"/counselling/cases/{cases['mail'].pk}/"
    LogEntry.objects.filter(action=LogEntry.Action.ACCESS).delete()
    world.client_for("jet").get(url)  # the participant's own reads are not logged
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    world.client_for("counsellor").get(url)
    world.client_for("counselling_supervisor").get(url)
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(cases["mail"].pk))
    assert {e.actor.email for e in reads} == {"counsellor@example.jp", "counselling_supervisor@example.jp"}
    page = world.client_for("jet").get(url).content.decode()
    assert "Counsellor" in page and "Counselling Supervisor" in page  # who opened it, by name
    log = world.client_for("counselling_supervisor").get("/counselling/access-log/")
    assert log.status_code == 200 and "Counsellor" in log.content.decode()
    only = world.client_for("counselling_supervisor").get(
        f"/counselling/access-log/?person={world.people['other_counsellor'].pk}")
    assert "<td>Counsellor</td>" not in only.content.decode()


def test_mail_about_a_case_never_carries_its_content(world, participant, smtp_server,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.ask(by=world.people["jet"], channel="mail", language="en", body="A very private worry.")
        case = services.take(by=world.people["counsellor"], case=case)
        services.write(by=world.people["counsellor"], case=case, body="A very private answer.")
        services.classify(by=world.people["counsellor"], case=case, topic="mental_health", risk="high")
    received = smtp_server.messages
    recipients = {r for m in received for r in m["to"]}
    assert {"counsellor@example.jp", "other_counsellor@example.jp", "jet@example.jp",
            "counselling_supervisor@example.jp"} <= recipients
    for m in received:
        body = m["message"].get_content()
        assert "private" not in body and "private" not in m["message"]["Subject"]
        assert f"/counselling/cases/{case.pk}/" in body


@pytest.mark.parametrize("role", ["jet", "counsellor", "counselling_supervisor", "hq_staff", "superuser",
                                  "other_counsellor", "municipality_admin", "pa"])
def test_attachments_are_sealed_and_opened_only_by_the_case_people(world, cases, role):
    attachment = Attachment.objects.get(message__case=cases["mail"])
    raw = _raw("counselling_attachment", "content")[0]
    assert bytes(raw).startswith(PREFIX.encode()) and b"sleeplessness" not in bytes(raw)
    assert "doctor" not in " ".join(_raw("counselling_attachment", "name"))
    response = world.client_for(role).get(f"/counselling/attachments/{attachment.pk}/")
    if role in READ_MESSAGES:
        assert response.status_code == 200 and response.content == LETTER
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="doctor-letter.pdf"' in response["Content-Disposition"]
    else:
        assert response.status_code in (302, 404)


def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_saved(world, cases):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Message.objects.count()
    response = world.client_for("jet").post(
        f"/counselling/cases/{cases['mail'].pk}/write/",
        {"body": "Here is a program.", "attachment": SimpleUploadedFile("tool.exe", b"MZ\x90\x00binary")})
    assert response.status_code == 302
    assert Message.objects.count() == before and Attachment.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.write(by=world.people["jet"], case=cases["mail"], body="x",
                       attachment=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)))
    assert refused.value.error_dict["attachment"][0].code == "too_big"


# -- the thread and the counsellor's work ----------------------------------------------------------------------

def test_a_participant_asks_a_counsellor_takes_and_they_write(world, participant):
    jet, counsellor = world.client_for("jet"), world.client_for("counsellor")
    response = jet.post("/counselling/ask/", {"channel": "mail", "language": "en", "body": "Hello, I need help."})
    case = Case.objects.get(participant=participant)
    assert response.status_code == 302 and response["Location"] == f"/counselling/cases/{case.pk}/"
    queue = world.client_for("other_counsellor").get(f"/counselling/cases/{case.pk}/").content.decode()
    assert "Hello, I need help." not in queue  # the queue shows the case, not its content
    assert counsellor.post(f"/counselling/cases/{case.pk}/take/").status_code == 302
    assert world.client_for("other_counsellor").get(f"/counselling/cases/{case.pk}/").status_code == 404
    counsellor.post(f"/counselling/cases/{case.pk}/write/", {"body": "I am here. Tell me more."})
    jet.post(f"/counselling/cases/{case.pk}/write/", {"body": "Thank you."})
    page = jet.get(f"/counselling/cases/{case.pk}/").content.decode()
    assert "I am here. Tell me more." in page and "Thank you." in page
    case.refresh_from_db()
    assert case.status == "open" and case.awaiting_counsellor is True
    counsellor.post(f"/counselling/cases/{case.pk}/close/")
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at is not None
    refused = jet.post(f"/counselling/cases/{case.pk}/write/", {"body": "One more thing."})
    assert refused.status_code == 404 or "One more thing." not in jet.get(case.get_absolute_url()).content.decode()
    assert Message.objects.filter(case=case).count() == 3


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(world, participant):
    jet = world.client_for("jet")
    response = jet.post("/counselling/ask/", {"channel": "fax", "language": "en", "body": "  "})
    assert response.status_code == 400
    assert Case.objects.count() == 0
    page = response.content.decode()
    assert 'id="id_body"' in page and "aria-invalid" in page
    with pytest.raises(ValidationError) as refused:
        services.ask(by=world.people["jet"], channel="mail", language="en", body="x" * 20_001)
    assert refused.value.error_dict["body"][0].code == "too_long"
    assert Case.objects.count() == 0


def test_only_a_participant_in_post_may_ask(world, participant):
    arrange_update(type(participant).objects.filter(pk=participant.pk), status="departed")
    with pytest.raises(PermissionDenied):
        services.ask(by=world.people["jet"], channel="mail", language="en", body="Hello")
    with pytest.raises(PermissionDenied):
        services.ask(by=world.people["counsellor"], channel="mail", language="en", body="Hello")


def test_the_supervisor_adds_a_counsellor_who_then_reads_the_case(world, cases):
    supervisor = world.client_for("counselling_supervisor")
    other = world.people["other_counsellor"]
    url = f"/counselling/cases/{cases['mail'].pk}/"
    assert world.client_for("other_counsellor").get(url).status_code == 404
    supervisor.post(f"{url}assign/", {"counsellor": other.pk})
    assert SECRET in world.client_for("other_counsellor").get(url).content.decode()
    with pytest.raises(ValidationError):
        services.add_counsellor(by=world.people["counselling_supervisor"], case=cases["mail"],
                                counsellor=world.people["hq_staff"])


def test_high_risk_starts_the_escalation_path_with_its_own_log(world, participant):
    counsellor = world.people["counsellor"]
    case = services.take(by=counsellor, case=services.ask(by=world.people["jet"], channel="mail", language="en",
                                                          body="Help"))
    with pytest.raises(PermissionDenied):  # no escalation before the risk is high
        services.escalate(by=counsellor, case=case, step="contacted")
    services.classify(by=counsellor, case=case, topic="mental_health", risk="high")
    assert list(Escalation.objects.filter(case=case).values_list("step", "taken_by")) == [
        ("supervisor", counsellor.pk)]
    world.client_for("counsellor").post(f"/counselling/cases/{case.pk}/escalate/",
                                        {"step": "emergency", "note": "Ambulance called."})
    steps = list(Escalation.objects.filter(case=case).order_by("at", "pk").values_list("step", flat=True))
    assert steps == ["supervisor", "emergency"]
    page = world.client_for("counselling_supervisor").get(case.get_absolute_url()).content.decode()
    assert "Ambulance called." in page and 'data-testid="high-risk"' in page
    home = world.client_for("counselling_supervisor").get("/").content.decode()
    assert "/counselling/" in home


# -- video sessions --------------------------------------------------------------------------------------------

def test_sessions_are_booked_in_free_slots_within_the_years_limit(world, cases):
    jet, counsellor = world.people["jet"], world.people["counsellor"]
    video = cases["video"]
    services.set_allowance(by=world.people["hq_staff"], fiscal_year=Session.objects.get().fiscal_year,
                           video_sessions=2)
    second = Slot.objects.get(counsellor=counsellor, sessions__isnull=True)
    services.book(by=jet, case=video, slot=second)
    third = services.add_slot(by=counsellor, starts_at=Session.objects.first().slot.starts_at + timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        services.book(by=jet, case=video, slot=third)
    assert refused.value.error_dict["slot"][0].code == "limit"
    services.cancel_session(by=jet, session=Session.objects.get(slot=second))  # gives the place back
    services.book(by=jet, case=video, slot=third)
    with pytest.raises(ValidationError) as taken:  # a slot is booked once
        services.book(by=jet, case=video, slot=third)
    assert taken.value.error_dict["slot"][0].code == "taken"
    with pytest.raises(ValidationError):  # a booked slot is not removed
        services.remove_slot(by=counsellor, slot=third)


def test_both_sides_download_the_session_as_a_calendar_file(world, cases):
    session = cases["video"].sessions.get()
    for role in ("jet", "counsellor"):
        response = world.client_for(role).get(f"/counselling/sessions/{session.pk}/session.ics")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
        assert event["DTSTART"].dt == session.slot.starts_at
        assert (event["DTEND"].dt - event["DTSTART"].dt) == timedelta(minutes=50)
        assert SECRET not in response.content.decode()
    assert world.client_for("hq_staff").get(f"/counselling/sessions/{session.pk}/session.ics").status_code == 404


def test_the_participant_books_from_the_page(world, cases):
    jet = world.client_for("jet")
    page = jet.get(f"/counselling/cases/{cases['video'].pk}/book/")
    assert page.status_code == 200
    free = Slot.objects.get(counsellor=world.people["counsellor"], sessions__isnull=True)
    assert jet.post(f"/counselling/cases/{cases['video'].pk}/book/", {"slot": free.pk}).status_code == 302
    assert Session.objects.filter(slot=free, status="booked").exists()
    again = jet.post(f"/counselling/cases/{cases['video'].pk}/book/", {"slot": free.pk})
    assert again.status_code == 400  # no longer among the free times


def test_a_counsellor_offers_times_in_the_future_only(world):
    client = world.client_for("counsellor")
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post("/counselling/slots/", {"starts_at": past}).status_code == 400
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:00")
    assert client.post("/counselling/slots/", {"starts_at": future}).status_code == 302
    assert Slot.objects.filter(counsellor=world.people["counsellor"]).count() == 1


# -- retention and statistics ----------------------------------------------------------------------------------

def test_cases_are_deleted_a_set_time_after_departure(world, cases, settings, participant):
    settings.KIZUNA_COUNSELLING_RETENTION_DAYS = 30
    Participant = type(participant)
    arrange_update(Participant.objects.filter(pk=participant.pk), status="departed",
                   departed_on=date.today() - timedelta(days=29))
    assert services.purge_after_departure() == 0
    arrange_update(Participant.objects.filter(pk=participant.pk), departed_on=date.today() - timedelta(days=31))
    out = io.StringIO()
    call_command("purge_counselling", stdout=out)
    assert "deleted: 3" in out.getvalue()
    assert not Case.objects.exists() and not Message.objects.exists() and not Note.objects.exists()
    deleted = LogEntry.objects.filter(additional_data__action="counselling.case.delete")
    assert deleted.count() == 3 and all(e.additional_data["reason"] == "retention" for e in deleted)


def test_statistics_count_without_content(world, cases):
    response = world.client_for("hq_staff").get("/counselling/statistics/")
    assert response.status_code == 200
    text = response.content.decode()
    assert SECRET not in text and "Jet" not in text and "Counsellor" not in text.replace("Counselling", "")
    stats = services.statistics(Session.objects.get().fiscal_year)
    assert stats["cases"] == 3 and stats["channel"] == {"mail": 2, "video": 1}
    assert stats["topic"] == {"mental_health": 1, "": 2} and stats["risk_high"] == 1
    assert stats["position"] == {"alt": 3}
    assert sum(n for _m, n, _s in stats["months"]) == 3 and len(stats["months"]) == 12
    assert world.client_for("counsellor").get("/counselling/statistics/").status_code == 403


def test_headquarters_sets_the_yearly_limit(world):
    client = world.client_for("hq_staff")
    assert client.post("/counselling/allowance/", {"fiscal_year": 2026, "video_sessions": 99}).status_code == 400
    assert client.post("/counselling/allowance/", {"fiscal_year": 2026, "video_sessions": 5}).status_code == 302
    assert services.allowance(2026) == 5 and services.allowance(2027) == 7
