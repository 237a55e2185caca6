from datetime import date

import pytest

from kizuna.core.audit import save_logged
from kizuna.jet import services
from kizuna.jet.models import JetHost


def host_for(world, organisation, coordinating_body=None):
    found = JetHost.objects.filter(organisation=organisation).first()
    return found or services.create_host(by=world.people["hq_staff"], organisation=organisation,
                                         coordinating_body=coordinating_body or world.tokyo)


def place(world, *, jet_number="20260000001", host=None, person=None, position="alt", **extra):
    data = {"jet_number": jet_number, "family_name": "Smith", "given_names": "Alex",
            "name_katakana": "スミス アレックス", "email": f"{jet_number}@example.com", "position": position,
            "nationality": "US",
            "recruiting_country": "US", "cohort": "group_a", "expected_arrival": date(2026, 7, 26),
            "host": host or host_for(world, world.chiyoda), **extra}
    participant = services.add_participant(by=world.people["hq_staff"], data=data)
    if person is not None:
        participant.person = person
        save_logged(participant, "jet.participant.link_account", by=world.people["hq_staff"], fields=["person"])
    return participant


@pytest.fixture
def chiyoda_host(world):
    return host_for(world, world.chiyoda)


@pytest.fixture
def participant(world, chiyoda_host):
    return place(world, person=world.people["jet"])
