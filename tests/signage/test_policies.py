"""The signage policies where they decide more than the URL × role walk shows: whose packs, whose own messages
and their translations, and for which organisation a person may add a message or make a pack."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kizuna.signage import services
from kizuna.signage.models import Category, Message, Pack, Translation


def _pack(person, organisation=None):
    return Pack.objects.create(requested_by=person, organisation=organisation, languages=["ja", "en"])


def test_pack_is_opened_by_its_requester_while_they_act_for_its_organisation(world):
    staff = world.people["municipality_staff"]
    pack = _pack(staff, world.chiyoda)

    response = world.client_for("municipality_staff").get(pack.get_absolute_url())

    assert response.status_code == 200
    assert list(Pack.objects.visible_to(staff)) == [pack]


def test_pack_made_for_an_organisation_is_closed_to_a_former_member_of_it(world):
    """A pack holds the organisation's own messages: who left the organisation no longer downloads them."""
    former = world.people["former_member"]
    for_chiyoda, for_nobody = _pack(former, world.chiyoda), _pack(former)
    client = world.client_for("former_member")

    assert (client.get(for_chiyoda.get_absolute_url()).status_code,
            client.get(reverse("signage:pack_download", args=[for_chiyoda.pk])).status_code,
            client.get(for_nobody.get_absolute_url()).status_code) == (404, 404, 200)
    assert list(Pack.objects.visible_to(former)) == [for_nobody]


def test_translations_of_an_own_message_are_seen_by_its_organisation_only(world, bank):
    own = services.add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                               category=Category.objects.get(key="facilities"), texts={"ja": "独自の掲示"})
    text = Translation.objects.get(message=own)

    seen = {role: Translation.objects.visible_to(world.people[role]).filter(message=own).exists()
            for role in ("municipality_admin", "other_municipality_staff", "hq_staff", "superuser",
                         "former_member")}
    review = world.client_for("hq_staff").post(reverse("signage:review", args=[text.pk]), {"action": "approve"})

    assert seen == {"municipality_admin": True, "other_municipality_staff": False, "hq_staff": False,
                    "superuser": False, "former_member": False}
    assert review.status_code == 404


def test_proposals_for_the_bank_are_reviewable_on_the_message_page_by_clair_only(world, bank):
    services.propose_translation(by=world.people["association_staff"], message=bank["toilet"], language="en",
                                 text="Restroom", method="human")

    clair = world.client_for("branch_staff").get(bank["toilet"].get_absolute_url())
    translator = world.client_for("association_staff").get(bank["toilet"].get_absolute_url())

    assert clair.context["reviewable"] == {t.pk for t in clair.context["translations"]}
    assert clair.context["review_form"] is not None
    assert (translator.context["review_form"], translator.context["reviewable"]) == (None, set())
    assert translator.context["history"] != []  # the translator works on it: they see its history


def test_message_page_shows_no_history_to_the_public(world, bank, client):
    services.propose_translation(by=world.people["association_staff"], message=bank["toilet"], language="en",
                                 text="Restroom", method="human")

    assert client.get(bank["toilet"].get_absolute_url()).context["history"] == []


@pytest.mark.parametrize("role", ["municipality_staff", "hq_staff", "superuser"])
def test_own_message_cannot_be_added_for_an_organisation_one_does_not_work_for(world, bank, role):
    with pytest.raises(PermissionDenied):
        services.add_message(by=world.people[role], organisation=world.minato,
                             category=Category.objects.get(key="facilities"), texts={"ja": "なりすまし"})

    assert not Message.objects.filter(organisation=world.minato).exists()


def test_pack_cannot_be_made_for_an_organisation_one_does_not_work_for(world):
    with pytest.raises(PermissionDenied):
        services.request_pack(by=world.people["municipality_staff"], organisation=world.minato, languages=["ja"],
                              size="A4", orientation="portrait")

    assert not Pack.objects.exists()


def test_pack_cannot_be_made_by_a_former_member(world):
    with pytest.raises(PermissionDenied):
        services.request_pack(by=world.people["former_member"], languages=["ja"], size="A4",
                              orientation="portrait")

    assert not Pack.objects.exists()
