"""The counselling app's rows of the URL × role access table (merged by tests/access.py).

Only the counsellor on the case ("counsellor") and the counselling supervisor pass for a case's content (the
participant too, for their own messages). Headquarters, the superuser, the participant's contracting organisation
(Chiyoda) and PAs, and another counsellor ("other_counsellor") are refused."""

from tests.access_roles import HQ, SIGNED_IN

COUNSELLORS = frozenset({"counsellor", "other_counsellor"})
SUPERVISOR = frozenset({"counselling_supervisor"})
ON_CASE = frozenset({"counsellor"})
PARTICIPANT = frozenset({"jet"})

PERMISSION_ROLES = {
    "counselling.view_own_cases": SIGNED_IN,
    "counselling.ask": PARTICIPANT,
    "counselling.view_queue": COUNSELLORS | SUPERVISOR,
    "counselling.review_access_log": SUPERVISOR,
    "counselling.view_statistics": HQ | SUPERVISOR,
    "counselling.manage_slots": COUNSELLORS,
    "counselling.set_allowance": HQ,
    # On the sample web-mail case of the sample participant, taken by "counsellor", at high risk:
    "counselling.view_case": PARTICIPANT | ON_CASE | SUPERVISOR,
    "counselling.view_attachment": PARTICIPANT | ON_CASE | SUPERVISOR,
    "counselling.write_message": PARTICIPANT | ON_CASE,
    "counselling.work_case": ON_CASE,
    "counselling.assign_counsellor": SUPERVISOR,
    "counselling.escalate": ON_CASE | SUPERVISOR,
    # On a case still waiting in the queue:
    "counselling.take_case": COUNSELLORS,
    # On the sample video case, its booked session and a free slot of "counsellor":
    "counselling.book_session": PARTICIPANT,
    "counselling.view_session": PARTICIPANT | ON_CASE | SUPERVISOR,
    "counselling.cancel_session": PARTICIPANT | ON_CASE,
    "counselling.record_session": ON_CASE,
    "counselling.remove_slot": ON_CASE,
}


def _later(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


def _world(w):
    """The sample participant (arrived at Chiyoda) with a web-mail case at high risk, a video case with a booked
    session, and a case waiting in the queue; "counsellor" took the first two and offers a free slot."""
    from kizuna.counselling import services
    from kizuna.counselling.models import Case
    from tests.jet.access import _arrived, _participant

    participant = _arrived(w, _participant(w))
    jet, counsellor = w.people["jet"], w.people["counsellor"]
    cases = {c.channel + ("-waiting" if c.status == "waiting" else ""): c
             for c in Case.objects.filter(participant=participant)}
    if "mail" not in cases:
        mail = services.ask(by=jet, channel="mail", language="en", body="I cannot sleep since the winter.")
        services.take(by=counsellor, case=mail)
        services.write(by=counsellor, case=mail, body="Tell me more about your days.")
        services.add_note(by=counsellor, case=mail, body="First winter; isolation.")
        services.classify(by=counsellor, case=mail, topic="mental_health", risk="high")
        services.write(by=jet, case=mail, body="My doctor's letter.", attachment=letter())
        video = services.ask(by=jet, channel="video", language="en", body="Could we talk by video?")
        services.take(by=counsellor, case=video)
        booked = services.add_slot(by=counsellor, starts_at=_later(3))
        services.add_slot(by=counsellor, starts_at=_later(4))
        services.book(by=jet, case=video, slot=booked)
        services.ask(by=jet, channel="mail", language="ja", body="再任用について相談したいです。")
        cases = {c.channel + ("-waiting" if c.status == "waiting" else ""): c
                 for c in Case.objects.filter(participant=participant)}
    return cases


LETTER = b"%PDF-1.4\n% a doctor's letter about sleeplessness\n%%EOF\n"


def letter():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("doctor-letter.pdf", LETTER, content_type="application/pdf")


def _attachment(w, role):
    from kizuna.counselling.models import Attachment

    return {"pk": Attachment.objects.filter(message__case=_world(w)["mail"]).values_list("pk", flat=True).get()}


def _case(key):
    return lambda w, role: {"pk": _world(w)[key].pk}


def _session(w, role):
    return {"pk": _world(w)["video"].sessions.get().pk}


def _free_slot(w, role):
    from kizuna.counselling.models import Slot

    _world(w)
    return {"pk": Slot.objects.filter(counsellor=w.people["counsellor"], sessions__isnull=True).first().pk}


def _arranged(w, role):
    _world(w)
    return {}


SAMPLES = {
    "counselling:ask": _arranged,
    "counselling:index": _arranged,
    **{f"counselling:{name}": _case("mail") for name in (
        "case", "write", "note", "classify", "refer", "close", "reopen", "assign", "escalate")},
    "counselling:take": _case("mail-waiting"),
    "counselling:book": _case("video"),
    **{f"counselling:session_{name}": _session for name in ("cancel", "record", "calendar")},
    "counselling:slot_remove": _free_slot,
    "counselling:attachment": _attachment,
}


def _mixed(w):
    """Cases of a second participant (at Minato, with an account of their own) that the sample people are not on:
    one taken by "other_counsellor" at high risk with a note and an escalation step, closed; one waiting; a slot of
    "other_counsellor" with a booked session on a video case."""
    from kizuna.core.enums import Role
    from kizuna.counselling import services
    from kizuna.jet.models import Participant
    from tests.factories import MembershipFactory, UserFactory
    from tests.jet.access import _arrived
    from tests.jet.conftest import host_for, place

    if Participant.objects.filter(jet_number="20260000019").exists():
        return
    person = UserFactory(email="minato-participant@example.jp")
    MembershipFactory(person=person, organisation=w.minato, role=Role.JET)
    second = _arrived(w, place(w, jet_number="20260000019", host=host_for(w, w.minato), person=person,
                               family_name="Okafor"))
    other = w.people["other_counsellor"]
    case = services.ask(by=second.person, channel="mail", language="en", body="A question about my contract.")
    services.take(by=other, case=case)
    services.write(by=other, case=case, body="Let us look at it together.", attachment=letter())
    services.add_note(by=other, case=case, body="Contract question.")
    services.classify(by=other, case=case, topic="work", risk="high")
    services.escalate(by=other, case=case, step="contacted", note="Called at 18:00.")
    services.close(by=other, case=case)
    services.ask(by=second.person, channel="mail", language="en", body="Another question.")
    video = services.ask(by=second.person, channel="video", language="en", body="By video, please.")
    services.take(by=other, case=video)
    services.book(by=second.person, case=video, slot=services.add_slot(by=other, starts_at=_later(6)))
    services.add_slot(by=other, starts_at=_later(7))
    services.set_allowance(by=w.people["hq_staff"], fiscal_year=2026, video_sessions=6)


MIXED = [_mixed]
