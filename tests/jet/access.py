"""The JET app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import SIGNED_IN

HQ = frozenset({"hq_staff", "superuser"})
CHIYODA = frozenset({"municipality_staff", "municipality_admin"})

# On the sample participant: placed at Chiyoda (coordinated by Tokyo), linked to the "jet" person.
PERMISSION_ROLES = {
    # Without a sample (the roster has no argument) Chiyoda is no contracting organisation: PAs and HQ only.
    "jet.view_roster": HQ | {"pa", "other_pa"},
    "jet.view_participant": HQ | CHIYODA | {"pa", "jet"},
    "jet.manage_participant": HQ | CHIYODA,
    "jet.view_own_record": SIGNED_IN,
    "jet.view_host": HQ | CHIYODA | {"pa"},
}


def _participant(w):
    from kizuna.jet.models import Participant

    from .conftest import place

    return Participant.objects.filter(jet_number="20260000001").first() or place(w, person=w.people["jet"])


SAMPLES = {
    **{f"jet:{name}": (lambda w, role: {"pk": _participant(w).pk}) for name in (
        "participant", "arrive", "take_post", "leaving", "stay_on", "depart", "withdraw", "emergency")},
    "jet:host": lambda w, role: {"pk": _participant(w).host_id},
    "api:jet_get_participant": lambda w, role: {"participant_id": _participant(w).pk},
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
    services.record_arrival(by=hq, participant=own, arrived_on=date(2026, 7, 27))
    services.take_post(by=hq, participant=own)
    place(w, jet_number="20260000002", host=minato, family_name="Brown", position="cir")
    moved = place(w, jet_number="20260000003", host=osaka, family_name="Garcia", nationality="PH")
    services.transfer(by=hq, participant=moved, to_host=minato, on=date(2026, 9, 1), reason="学校の統合")
    place(w, jet_number="20260000004", host=osaka, family_name="Lee", position="sea")


MIXED = [_mixed]
LISTS_WITH_ARGUMENTS = {"jet:host"}
