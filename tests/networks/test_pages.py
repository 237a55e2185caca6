"""The networks' pages: public directories that show only what is listed, filters by prefecture and field, a
name found by its kana and romaji, the manager's consents, headquarters' certification and the consultations'
steps; lists in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kizuna.networks import services
from kizuna.networks.models import Consultation, Manager
from tests.networks.conftest import association, consultation, manager, ngo, training

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_the_public_directory_shows_only_listed_managers(world, client_for):
    manager(world)
    manager(world, name="上原 良", kana="うえはら りょう", romaji="Uehara Ryo", listed=False)
    page = client_for("anonymous").get(reverse("networks:managers"))
    assert page.status_code == 200
    assert "北村 直子" in _text(page) and "上原 良" not in _text(page)
    hidden = Manager.objects.get(name="上原 良")
    assert client_for("anonymous").get(hidden.get_absolute_url()).status_code == 404  # never shown
    assert client_for("municipality_staff").get(hidden.get_absolute_url()).status_code == 404
    assert client_for("hq_staff").get(hidden.get_absolute_url()).status_code == 200


def test_withdrawing_consent_hides_at_once(world, client_for):
    m = manager(world)
    client = client_for("anonymous")
    assert "北村 直子" in _text(client.get(reverse("networks:managers") + "?q=きたむら"))
    services.set_consent(by=world.people["hq_staff"], manager=m, listed=False)
    assert "北村 直子" not in _text(client.get(reverse("networks:managers") + "?q=きたむら"))
    assert "北村 直子" not in _text(client.get(reverse("networks:managers")))


def test_filters_by_prefecture_and_field(world, client_for):
    manager(world)
    manager(world, name="大野 健太", kana="おおの けんた", romaji="Ono Kenta", prefecture=world.osaka,
            fields=("health",))
    client = client_for("anonymous")
    tokyo = _text(client.get(reverse("networks:managers") + "?prefecture=13"))
    assert "北村 直子" in tokyo and "大野 健太" not in tokyo
    health = _text(client.get(reverse("networks:managers") + "?field=health"))
    assert "大野 健太" in health and "北村 直子" not in health
    unknown = client.get(reverse("networks:managers") + "?prefecture=99&field=cooking")
    assert unknown.status_code == 200  # unknown filters narrow nothing


def test_the_manager_gives_consent_on_their_page(world, client_for):
    services.certify_from_event(by=world.people["hq_staff"], event=training(world))
    mine = Manager.objects.get(person=world.people["municipality_staff"])
    client = client_for("municipality_staff")
    assert client.get(mine.get_absolute_url()).status_code == 200
    response = client.post(reverse("networks:manager_consent", args=[mine.pk]), {"listed": "on", "network": "on"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_listed and mine.in_network and mine.listed_since is not None
    assert client.get(reverse("networks:network")).status_code == 200
    assert client_for("other_municipality_staff").get(reverse("networks:network")).status_code == 403


def test_headquarters_certify_from_the_page(world, client_for):
    event = training(world)
    client = client_for("hq_staff")
    preview = client.get(reverse("networks:certify") + f"?event={event.pk}")
    assert preview.status_code == 200 and "Municipality Staff" in _text(preview)
    assert client.post(reverse("networks:certify"), {"event": event.pk}).status_code == 302
    assert Manager.objects.count() == 2
    assert client.post(reverse("networks:certify"), {"event": event.pk}).status_code == 302
    assert Manager.objects.count() == 2


def test_a_bad_manual_entry_is_refused_beside_its_fields(world, client_for):
    client = client_for("hq_staff")
    with translation.override("en"):
        response = client.post(reverse("networks:manager_new"), {"name": "", "certified_year": "1980",
                                                                   "prefecture": world.chiyoda.pk,
                                                                   "email": "not-an-address"},
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not Manager.objects.exists()


def test_associations_and_ngos_public_and_private(world, client_for):
    association(world)
    ngo(world)
    ngo(world, name="準備中の交流会", kana="じゅんびちゅうのこうりゅうかい", listed=False)
    client = client_for("anonymous")
    assert "東京都国際交流委員会" in _text(client.get(reverse("networks:associations")))
    ngos = _text(client.get(reverse("networks:ngos")))
    assert "災害多言語支援センター" in ngos and "準備中の交流会" not in ngos
    assert "災害多言語支援センター" in _text(client.get(reverse("networks:ngos") + "?language=vi"))
    assert "災害多言語支援センター" not in _text(client.get(reverse("networks:ngos") + "?language=pt"))
    # Tokyo is in Kantō: an NGO active in Kantō is found from Tokyo, and from Osaka only if nationwide.
    assert "災害多言語支援センター" in _text(client.get(reverse("networks:ngos") + "?prefecture=13"))
    assert "災害多言語支援センター" not in _text(client.get(reverse("networks:ngos") + "?prefecture=27"))


def test_association_staff_edit_their_entry(world, client_for):
    profile = association(world)
    client = client_for("association_staff")
    response = client.post(reverse("networks:association_edit", args=[profile.pk]), {
        "area": world.tokyo.pk, "fields": ["disaster"], "phone": "03-1111-2222", "email": "", "address": "",
        "is_listed": "on", "recognised_on": "1991-03-29"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.fields == ["disaster"] and profile.phone == "03-1111-2222"


def test_consultation_steps_from_its_page(world, client_for):
    case = consultation(world, "received")
    client = client_for("hq_staff")
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    client.post(reverse("networks:consultation_step", args=[case.pk, "take"]), {"note": ""})
    client.post(reverse("networks:consultation_note", args=[case.pk]), {"text": "団体に確認。"})
    client.post(reverse("networks:consultation_step", args=[case.pk, "answer"]), {"answer": "回答しました。"})
    case.refresh_from_db()
    assert case.status == "answered" and case.notes.count() == 1
    assert client.post(reverse("networks:consultation_step", args=[case.pk, "dance"]), {}).status_code == 404
    response = client.get(reverse("networks:consultations") + "?status=open")
    assert case.subject not in _text(response)


def test_headquarters_see_open_consultations_on_the_home_page(world, client_for):
    consultation(world, "received")
    consultation(world, "closed")
    home = _text(client_for("hq_staff").get(reverse("core:home")))
    assert reverse("networks:consultations") in home
    assert reverse("networks:consultations") not in _text(client_for("branch_staff").get(reverse("core:home")))


@pytest.mark.parametrize("name", ["networks:managers", "networks:associations", "networks:ngos",
                                  "networks:consultations"])
def test_lists_read_a_fixed_number_of_queries(world, client_for, name):
    def arrange(n):
        for i in range(n):
            manager(world, name=f"管理 {n}{i}", kana=f"かんり{n}{i}", romaji=f"Kanri {n}{i}",
                    fields=("health", "disaster"))
            ngo(world, name=f"NGO {n}{i}", kana=f"えぬじーおー{n}{i}")
            consultation(world, "in_progress", subject=f"相談 {n}{i}")

    client = client_for("hq_staff")
    arrange(2)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    arrange(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries][-5:]
    assert Consultation.objects.count() >= 8


def test_headquarters_link_an_entry_to_the_persons_account(world, client_for):
    client = client_for("hq_staff")
    data = {"name": "田中 陽菜", "certified_year": "2019", "prefecture": world.tokyo.pk, "fields": ["health"],
            "person_email": "nobody@example.jp"}
    refused = client.post(reverse("networks:manager_new"), data)
    assert refused.status_code == 400 and not Manager.objects.exists()
    data["person_email"] = world.people["municipality_staff"].email
    assert client.post(reverse("networks:manager_new"), data).status_code == 302
    linked = Manager.objects.get()
    assert linked.person == world.people["municipality_staff"] and linked.source == "manual"
    consent = reverse("networks:manager_consent", args=[linked.pk])
    assert client_for("municipality_staff").get(consent).status_code == 200
