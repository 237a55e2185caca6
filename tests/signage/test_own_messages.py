"""A municipality's own messages: added, changed and deleted by its colleagues only, with history."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.signage.models import Category, Message, Translation
from kizuna.signage.services import add_message, delete_message


@pytest.fixture
def own(world, bank):
    return add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                       category=Category.objects.get(key="facilities"),
                       texts={"ja": "ペット同伴スペース", "en": "Pet area"})


_WORDS = {"text", "used on signs", "category"}  # the fields these tests follow in the history


def _texts(message):
    return dict(Translation.objects.filter(message=message, is_current=True).values_list("language", "text"))


def test_colleague_changes_own_message_and_the_old_text_is_kept_in_history(world, own):
    client = world.client_for("municipality_admin")

    response = client.post(reverse("signage:edit_message", args=[own.pk]), {
        "category": "signs", "ja": "ペットは校庭の東側へ", "en": "Pets: east side of the schoolyard"})

    own.refresh_from_db()
    page = client.get(own.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    history = [(e.who, e.what, [(c.field, c.old, c.new) for c in e.changes if c.field in _WORDS])
               for e in page.context["history"]]
    assert response.status_code == 302
    assert own.category.key == "signs"
    assert _texts(own) == {"ja": "ペットは校庭の東側へ", "en": "Pets: east side of the schoolyard"}
    assert Translation.objects.filter(message=own, is_current=False).count() == 2
    # In words, newest first: the earlier text is kept in the history of the message, with who wrote it.
    assert history[2:5] == [
        ("Municipality Admin", "Rewrote the text, used at once (ja)",
         [("text", "—", "ペットは校庭の東側へ"), ("used on signs", "—", "yes")]),
        ("Municipality Admin", "Replaced by another text (ja)", [("used on signs", "yes", "no")]),
        ("Municipality Admin", "Changed the message", [("category", "Shelter facilities", "Notices")]),
    ]
    assert ("Municipality Staff", "Wrote a text, used at once (ja)",
            [("text", "—", "ペット同伴スペース"), ("used on signs", "—", "yes")]) in history
    assert "ペット同伴スペース" in page.content.decode()
    assert [m.key for m in client.get(reverse("signage:builder"), {"q": "校庭の東側"}).context["found"]] == [own.key]
    assert own.key not in [m.key for m in client.get(reverse("signage:builder"), {"q": "同伴"}).context["found"]]


def test_changed_text_is_printed_at_once(world, own, client):
    world.client_for("municipality_staff").post(reverse("signage:edit_message", args=[own.pk]), {
        "category": "facilities", "ja": "ペットは校庭へ", "en": ""})

    response = world.client_for("municipality_admin").get(reverse("signage:builder"), {
        "m": own.pk, "lang": ["ja", "en"]})

    lines = response.context["sign"].blocks[0].lines
    assert [(line.language.code, line.text) for line in lines] == [("ja", "ペットは校庭へ")]


def test_change_form_opens_with_the_current_texts(world, own):
    response = world.client_for("municipality_staff").get(reverse("signage:edit_message", args=[own.pk]))

    form = response.context["form"]
    assert response.status_code == 200
    assert (form["ja"].value(), form["en"].value(), form["category"].value()) == (
        "ペット同伴スペース", "Pet area", "facilities")


def test_change_without_japanese_is_refused_and_nothing_changes(world, own):
    response = world.client_for("municipality_staff").post(reverse("signage:edit_message", args=[own.pk]), {
        "category": "facilities", "ja": "", "en": "Pets"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["ja"] == ["This field is required."]
    assert _texts(own) == {"ja": "ペット同伴スペース", "en": "Pet area"}


@pytest.mark.parametrize("role", ["association_staff", "hq_staff", "jet", "superuser"])
def test_others_cannot_change_or_delete_an_own_message(world, own, role):
    client = world.client_for(role)

    edit = client.post(reverse("signage:edit_message", args=[own.pk]), {
        "category": "facilities", "ja": "書き換え", "en": ""})
    delete = client.post(reverse("signage:delete_message", args=[own.pk]))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert _texts(own) == {"ja": "ペット同伴スペース", "en": "Pet area"}


def test_bank_message_cannot_be_changed_even_by_a_translator(world, bank):
    response = world.client_for("municipality_staff").get(reverse("signage:edit_message",
                                                                   args=[bank["toilet"].pk]))

    assert response.status_code == 404


def test_colleague_deletes_own_message_after_confirming_and_it_is_recorded(world, own):
    client = world.client_for("municipality_admin")

    confirm = client.get(reverse("signage:delete_message", args=[own.pk]))
    response = client.post(reverse("signage:delete_message", args=[own.pk]))

    listing = world.client_for("municipality_staff").get(reverse("signage:own_messages"))
    entry = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_pk=str(own.pk),
                                 content_type=ContentType.objects.get_for_model(Message))
    assert confirm.status_code == 200 and "ペット同伴スペース" in confirm.content.decode()
    assert response.status_code == 302 and response["Location"] == reverse("signage:own_messages")
    assert not Message.objects.filter(pk=own.pk).exists()
    assert not Translation.objects.filter(message_id=own.pk).exists()
    assert (entry.actor, entry.additional_data["texts"]) == (
        world.people["municipality_admin"], {"ja": "ペット同伴スペース", "en": "Pet area"})
    assert list(listing.context["deleted"]) == [entry]
    assert "ペット同伴スペース" in listing.content.decode()
    assert list(world.client_for("association_staff").get(reverse("signage:own_messages")).context["deleted"]) == []


def test_a_new_message_after_a_deletion_gets_a_key_of_its_own(world, own):
    second = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                         category=own.category, texts={"ja": "二つ目", "en": "Second"})
    delete_message(by=world.people["municipality_staff"], message=own)

    third = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                        category=own.category, texts={"ja": "三つ目", "en": "Second"})

    assert (second.key, third.key) == ("second-2", "second-3")


def test_own_messages_page_lists_colleagues_messages_only(world, own):
    add_message(by=world.people["association_staff"], organisation=world.association, category=own.category,
                texts={"ja": "協会の掲示"})

    response = world.client_for("municipality_admin").get(reverse("signage:own_messages"))

    assert response.status_code == 200
    assert [m.pk for m in response.context["messages"]] == [own.pk]


def _own_page_queries(world) -> int:
    client = world.client_for("municipality_staff")
    client.get(reverse("signage:own_messages"))  # sessions and memberships warmed up alike
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("signage:own_messages")).status_code == 200
    return len(queries)


def test_own_messages_page_query_count_is_the_same_for_one_and_three_messages(world, own):
    one = _own_page_queries(world)
    for text in ("二", "三"):
        add_message(by=world.people["municipality_admin"], organisation=world.chiyoda, category=own.category,
                    texts={"ja": text, "en": text})

    assert _own_page_queries(world) == one
