"""Subscribing (double opt-in), the reader's signed link (confirm, language and topics, one-click unsubscribe),
members subscribing without retyping, and the refusals, through the pages and the services."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kizuna.newsletter import links, services
from kizuna.newsletter.enums import SubscriptionStatus
from kizuna.newsletter.models import Subscription
from tests.newsletter.conftest import magazine


def _link_in(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/newsletter/s/\d+/\S+/", body).group(0)


def test_a_visitor_subscribes_in_english_and_confirms_through_the_mail(world, client, smtp_server,
                                                                         django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    services.add_topic(by=world.people["hq_staff"], mailing_list=mailing_list, slug="jet", name="JET", name_en="JET")
    topic = mailing_list.topics.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mailing_list.get_absolute_url(), {
            "email": "Reader@Example.ORG", "name": "Alex", "language": "en", "topics": [str(topic.pk)],
            "consent": "on"})
    assert response.status_code == 302 and response["Location"].endswith("?asked=1")
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.status, subscription.language) == (
        "Reader@example.org", SubscriptionStatus.PENDING, "en")
    (sent,) = smtp_server.messages
    assert sent["to"] == ["Reader@example.org"]
    assert "Confirm your subscription" in sent["message"]["Subject"]
    link = _link_in(sent["message"]).replace("http://testserver", "")
    path = link[link.index("/newsletter/"):]
    page = client.get(path)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # opening the link (a link checker) confirms nothing
    client.post(path, {"confirm": "1"})
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.confirmed_at is not None
    assert list(subscription.topics.all()) == [topic]


def test_the_form_refuses_bad_input_next_to_the_field_and_saves_nothing(world, client):
    mailing_list = magazine(world)
    response = client.post(mailing_list.get_absolute_url(), {"email": "not-an-address", "language": "en",
                                                             "consent": "on"})
    assert response.status_code == 400
    assert Subscription.objects.count() == 0
    response = client.post(mailing_list.get_absolute_url(), {"email": "a@example.org", "language": "ko",
                                                             "consent": "on"})
    assert response.status_code == 400 and Subscription.objects.count() == 0
    response = client.post(mailing_list.get_absolute_url(), {"email": "a@example.org", "language": "en"})
    assert response.status_code == 400 and Subscription.objects.count() == 0  # consent is required
    with translation.override("en"), pytest.raises(ValidationError, match="not sent in that language"):
        services.subscribe(by=world.people["hq_staff"], mailing_list=mailing_list, email="b@example.org",
                           language="fr")


def test_the_form_tells_nobody_who_is_subscribed(world, client, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    services.subscribe_member(user=world.people["hq_staff"], mailing_list=mailing_list)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(mailing_list.get_absolute_url(), {"email": "hq_staff@example.jp", "language": "ja",
                                                              "consent": "on"})
        fresh = client.post(mailing_list.get_absolute_url(), {"email": "new@example.jp", "language": "ja",
                                                              "consent": "on"})
    assert again.status_code == fresh.status_code == 302 and again["Location"] == fresh["Location"]
    assert Subscription.objects.get(email="hq_staff@example.jp").status == SubscriptionStatus.ACTIVE


def test_a_member_subscribes_with_one_button_and_their_verified_address(world, client_for):
    mailing_list = magazine(world)
    response = client_for("municipality_staff").post(mailing_list.get_absolute_url(), {"member": "1"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.status, subscription.source, subscription.user) == (
        "municipality_staff@example.jp", SubscriptionStatus.ACTIVE, "member", world.people["municipality_staff"])


def test_the_signed_link_changes_language_and_topics_and_refuses_a_forged_one(world, client):
    mailing_list = magazine(world)
    subscription = services.subscribe_member(user=world.people["office_staff"], mailing_list=mailing_list)
    url = reverse("newsletter:preferences", args=[subscription.pk, links.token_for(subscription)])
    response = client.post(url, {"save": "1", "language": "en", "name": "Office"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.language, subscription.name) == ("en", "Office")
    response = client.post(url, {"save": "1", "language": "zh-hans"})
    assert response.status_code == 400
    other = services.subscribe_member(user=world.people["hq_staff"], mailing_list=mailing_list)
    forged = reverse("newsletter:preferences", args=[other.pk, links.token_for(subscription)])
    assert client.get(forged).status_code == 404
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_one_click_unsubscribe_rfc_8058_needs_no_page_and_no_cookie(world):
    from django.test import Client

    mailing_list = magazine(world)
    subscription = services.subscribe_member(user=world.people["hq_staff"], mailing_list=mailing_list)
    url = reverse("newsletter:unsubscribe", args=[subscription.pk, links.token_for(subscription)])
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE  # a GET (a link checker) never unsubscribes
    response = browser.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED and subscription.unsubscribed_at is not None
    assert browser.post(url, "List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded").status_code == 200  # again: no error


def test_a_reader_who_left_subscribes_again_only_by_confirming(world, client, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    subscription = services.subscribe_member(user=world.people["hq_staff"], mailing_list=mailing_list)
    services.unsubscribe(subscription)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mailing_list.get_absolute_url(), {"email": "hq_staff@example.jp", "language": "ja",
                                                      "consent": "on"})
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    services.confirm(subscription)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.unsubscribed_at is None


def test_staff_remove_an_address_and_others_may_not(world, client_for):
    mailing_list = magazine(world)
    subscription = services.subscribe_member(user=world.people["jet"], mailing_list=mailing_list)
    url = reverse("newsletter:subscription_step", args=[subscription.pk, "remove"])
    assert client_for("municipality_staff").post(url).status_code == 404
    assert client_for("hq_staff").post(url).status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED


def test_a_private_list_has_no_public_page(world, client):
    private = magazine(world, slug="internal", public=False)
    assert client.get(private.get_absolute_url()).status_code == 404  # like a list that does not exist
    assert "internal" not in client.get(reverse("newsletter:index")).content.decode()


def test_list_settings_refuse_a_reserved_address_and_no_language(world):
    with pytest.raises(ValidationError, match="lower-case"):
        magazine(world, slug="workspace")
    with pytest.raises(ValidationError, match="at least one language"):
        magazine(world, slug="empty", languages=())


def test_members_of_an_organisation_are_asked_without_anyone_typing_their_address(world, client_for, smtp_server,
                                                                                  django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    services.subscribe_member(user=world.people["municipality_admin"], mailing_list=mailing_list)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("hq_staff").post(reverse("newsletter:invite", args=[mailing_list.slug]),
                                               {"organisation": "131016"})
    assert response.status_code == 302
    asked = Subscription.objects.filter(mailing_list=mailing_list, source="member", status="pending")
    # Chiyoda's current staff and JET participant; not its administrator (already subscribed), not the former member
    assert sorted(s.email for s in asked) == ["jet@example.jp", "municipality_staff@example.jp"]
    assert sorted(m["to"][0] for m in smtp_server.messages) == ["jet@example.jp", "municipality_staff@example.jp"]
    assert client_for("municipality_staff").post(reverse("newsletter:invite", args=[mailing_list.slug]),
                                                 {"organisation": "131016"}).status_code == 404


def test_the_public_form_cannot_flood_mailboxes(world, client, smtp_server, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # the same address asked again and again: one confirmation mail
            client.post(mailing_list.get_absolute_url(), {"email": "victim@example.org", "language": "en",
                                                          "consent": "on"})
    assert len(smtp_server.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(17):  # 20 requests from one address in an hour are answered
            client.post(mailing_list.get_absolute_url(), {"email": f"n{i}@example.org", "language": "en",
                                                          "consent": "on"})
        refused = client.post(mailing_list.get_absolute_url(), {"email": "one-more@example.org", "language": "en",
                                                                "consent": "on"})
    assert refused.status_code == 400 and not Subscription.objects.filter(email="one-more@example.org").exists()
