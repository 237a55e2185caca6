"""The JET app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, SIGNED_IN

HQ = frozenset({"hq_staff", "superuser"})
CHIYODA = frozenset({"municipality_staff", "municipality_admin"})

# On the sample participant: placed at Chiyoda (coordinated by Tokyo), linked to the "jet" person.
PERMISSION_ROLES = {
    # Without a sample (the roster has no argument) Chiyoda is no contracting organisation: PAs and HQ only.
    "jet.view_roster": HQ | {"pa", "other_pa"},
    "jet.import_participants": HQ,
    "jet.view_participant": HQ | CHIYODA | {"pa", "jet"},
    "jet.manage_participant": HQ | CHIYODA,
    "jet.view_own_record": SIGNED_IN,
    "jet.view_host": HQ | CHIYODA | {"pa"},
    # Safety confirmations. The list and starting one need no record (Chiyoda is then no contracting organisation);
    # the sample confirmation is headquarters' for Tokyo, which asks the sample participant at Chiyoda.
    "jet.view_safety_confirmations": HQ | {"pa", "other_pa"},
    "jet.start_safety_confirmation": HQ | {"pa", "other_pa"},
    "jet.view_safety_confirmation": HQ | CHIYODA | {"pa"},
    "jet.remind_safety_confirmation": HQ | {"pa"},
    "jet.close_safety_confirmation": HQ,  # headquarters started it; Tokyo's PA reminds but does not close it
    "jet.answer_safety": ALL,  # the signed link decides, not a login
    # Reappointment rounds. The list needs no record; the sample round is headquarters' open one, with a row for
    # the sample participant at Chiyoda (coordinated by Tokyo).
    "jet.view_reappointment_rounds": HQ | {"pa", "other_pa"},
    "jet.open_reappointment_round": HQ,
    "jet.view_reappointment_round": HQ | CHIYODA | {"pa"},
    "jet.close_reappointment_round": HQ,
    "jet.confirm_reappointments": HQ | {"pa"},
    "jet.view_reappointment_intention": HQ | CHIYODA | {"pa", "jet"},
    "jet.state_intention": CHIYODA | {"jet"},
    "jet.decide_reappointment": CHIYODA,
    "jet.confirm_reappointment": HQ | {"pa"},
    "jet.adjust_places": HQ,
    "jet.view_places_adjustment": HQ | CHIYODA | {"pa"},
    # Leaving: the sample participant announced as leaving; the sample task is one of the participant's side.
    "jet.view_leaving": HQ | CHIYODA | {"pa", "jet"},
    "jet.answer_alumni_consent": frozenset({"jet"}),
    "jet.tick_leaving_task": HQ | {"jet"},
}


def _arrived(w, participant):
    from datetime import date

    from kizuna.jet import services

    if participant.status == "placed":
        participant = services.record_arrival(by=w.people["hq_staff"], participant=participant,
                                              arrived_on=date(2026, 7, 27))
    return participant


def _confirmation(w):
    """Headquarters' confirmation for Tokyo: it asks the sample participant (arrived) at Chiyoda."""
    from kizuna.jet.models import SafetyConfirmation
    from kizuna.jet.safety import start_confirmation

    found = SafetyConfirmation.objects.filter(title="令和8年台風第10号").first()
    if found is None:
        _arrived(w, _participant(w))
        found = start_confirmation(by=w.people["hq_staff"], title="令和8年台風第10号", kind="typhoon",
                                   areas=[w.tokyo])
    return found


def _round(w):
    """Headquarters' open round for 2027: a row for the sample participant (arrived) at Chiyoda."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.jet.models import ReappointmentRound
    from kizuna.jet.reappointment import open_round

    found = ReappointmentRound.objects.filter(year=2027).first()
    if found is None:
        _arrived(w, _participant(w))
        today = timezone.localdate()
        found = open_round(by=w.people["hq_staff"], year=2027, intention_deadline=today + timedelta(days=30),
                           decision_deadline=today + timedelta(days=45),
                           confirmation_deadline=today + timedelta(days=60))
    return found


def _intention(w):
    return _round(w).intentions.get(participant__jet_number="20260000001")


def _answer_link(w):
    from kizuna.jet.safety import token_for

    row = _confirmation(w).answers.get(participant__jet_number="20260000001")
    return {"pk": row.confirmation_id, "token": token_for(row)}


def _leaving(w):
    """The sample participant, arrived and announced as leaving: their checklist is open."""
    from datetime import date

    from kizuna.jet import services

    participant = _arrived(w, _participant(w))
    if participant.status != "leaving":
        participant = services.announce_leaving(by=w.people["hq_staff"], participant=participant,
                                                leaving_on=date(2027, 7, 31))
    return participant


def _participant(w):
    from kizuna.jet.models import Participant

    from .conftest import place

    return Participant.objects.filter(jet_number="20260000001").first() or place(w, person=w.people["jet"])


SAMPLES = {
    **{f"jet:{name}": (lambda w, role: {"pk": _leaving(w).pk}) for name in ("leaving_checklist", "alumni_consent")},
    "jet:leaving_tick": lambda w, role: {"pk": _leaving(w).leaving_tasks.get(item="pension").pk},
    **{f"jet:{name}": (lambda w, role: {"pk": _participant(w).pk}) for name in (
        "participant", "arrive", "take_post", "leaving", "stay_on", "depart", "withdraw", "emergency")},
    "jet:host": lambda w, role: {"pk": _participant(w).host_id},
    "api:jet_get_participant": lambda w, role: {"participant_id": _participant(w).pk},
    "api:jet_safety_answers": lambda w, role: {"confirmation_id": _confirmation(w).pk},
    **{f"jet:{name}": (lambda w, role: {"pk": _confirmation(w).pk}) for name in (
        "safety_board", "safety_export", "safety_remind", "safety_close")},
    "jet:safety_answer": lambda w, role: _answer_link(w),
    "api:jet_reappointment_intentions": lambda w, role: {"round_id": _round(w).pk},
    **{f"api:{name}": (lambda w, role: {"intention_id": _intention(w).pk}) for name in (
        "jet_get_reappointment_intention", "jet_state_intention", "jet_decide_reappointment",
        "jet_confirm_reappointment")},
    **{f"jet:{name}": (lambda w, role: {"pk": _round(w).pk}) for name in (
        "reappointment_round", "reappointment_outcome", "reappointment_outcome_export", "reappointment_close",
        "reappointment_adjust_places",
        "reappointment_confirm_agreed")},
    **{f"jet:{name}": (lambda w, role: {"pk": _intention(w).pk}) for name in (
        "reappointment_intention", "reappointment_state", "reappointment_decide", "reappointment_confirm")},
}


def _mixed(w):
    """Participants of two coordinating bodies (Tokyo: Chiyoda and Minato; Osaka: the prefecture itself) in
    several states, with workplaces, appointment years and a transfer."""
    from datetime import date

    from kizuna.jet import services

    from .conftest import host_for, place

    hq = w.people["hq_staff"]
    chiyoda, minato = host_for(w, w.chiyoda), host_for(w, w.minato)
    osaka = host_for(w, w.osaka, coordinating_body=w.osaka)
    school = services.add_workplace(by=hq, host=chiyoda, name="千代田区立麹町中学校", kind="junior_high")
    services.add_workplace(by=hq, host=osaka, name="大阪府教育庁", kind="board")
    own = _participant(w)
    services.set_workplaces(by=hq, participant=own, workplaces=[school])
    own = _arrived(w, own)  # other apps' mixed records may have needed them arrived already
    if own.status == "arrived":
        services.take_post(by=hq, participant=own)
    place(w, jet_number="20260000002", host=minato, family_name="Brown", position="cir")
    moved = place(w, jet_number="20260000003", host=osaka, family_name="Garcia", nationality="PH")
    services.transfer(by=hq, participant=moved, to_host=minato, on=date(2026, 9, 1), reason="学校の統合")
    place(w, jet_number="20260000004", host=osaka, family_name="Lee", position="sea")


def _mixed_safety(w):
    """Headquarters' open confirmation for Tokyo (Chiyoda's and Minato's participants, one answered with a note)
    and the Osaka PA's closed one for Osaka."""
    from kizuna.jet.models import Participant
    from kizuna.jet.safety import close_confirmation, record_answer, start_confirmation

    for number in ("20260000002", "20260000004"):
        _arrived(w, Participant.objects.get(jet_number=number))
    tokyo = _confirmation(w)
    row = tokyo.answers.get(participant__jet_number="20260000002")
    record_answer(by=_nobody(), row=row, answer="needs_help",
                  location="自宅", note="停電しています")
    osaka = start_confirmation(by=w.people["other_pa"], title="大阪府北部地震", kind="earthquake", areas=[w.osaka])
    close_confirmation(by=w.people["other_pa"], confirmation=osaka)


def _nobody():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _mixed_reappointment(w):
    """Headquarters' round for 2027 over the participants arrived by now (Chiyoda's, Minato's, Osaka's): Chiyoda's
    participant intends to stay and Chiyoda agrees; Minato's intends to leave and Tokyo's PA confirms it; both get
    one more new place."""
    from kizuna.jet.models import Participant
    from kizuna.jet.reappointment import agree, confirm, state_intention

    rnd = _round(w)
    own = rnd.intentions.get(participant__jet_number="20260000001")
    own = state_intention(by=w.people["jet"], row=own, stay=True)
    agree(by=w.people["municipality_staff"], row=own)
    brown = rnd.intentions.get(participant=Participant.objects.get(jet_number="20260000002"))
    brown = state_intention(by=w.people["other_municipality_staff"], row=brown, stay=False)
    confirm(by=w.people["pa"], row=brown)
    from kizuna.jet.reappointment import adjust_places

    for host in {own.host_id, brown.host_id}:  # an adjustment of new places for two contracting organisations
        adjust_places(by=w.people["hq_staff"], rnd=rnd, host_id=host, change=1, reason="合意")


def _mixed_leaving(w):
    """Lee (Osaka) leaving, with a task of the contracting organisation done and an answer to the alumni
    question (arranged: Lee has no account to answer with)."""
    from datetime import date

    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.jet import leaving, services
    from kizuna.jet.models import AlumniConsent, Participant

    lee = _arrived(w, Participant.objects.get(jet_number="20260000004"))
    lee = services.announce_leaving(by=w.people["hq_staff"], participant=lee, leaving_on=date(2027, 7, 31))
    leaving.tick(by=w.people["hq_staff"], task=lee.leaving_tasks.get(item="final_pay"), done=True)
    with unlogged("arranging the test world"):
        AlumniConsent.objects.create(participant=lee, consents=True, answered_at=timezone.now())


MIXED = [_mixed, _mixed_safety, _mixed_reappointment, _mixed_leaving]
LISTS_WITH_ARGUMENTS = {"jet:host", "jet:safety_board", "jet:safety_export", "jet:reappointment_round",
                        "jet:reappointment_outcome", "jet:reappointment_outcome_export"}
