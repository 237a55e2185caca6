"""Issues written once and sent to each reader in their language through a real SMTP server (aiosmtpd): the
parts, the fallback rule, the headers that one-click unsubscribe and bounces need, the resumable sender, the
archive, the library record, the figures and the KPIs."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kizuna.core.workflow import transition
from kizuna.newsletter import links, sending, services
from kizuna.newsletter.enums import CampaignStatus, DeliveryState
from kizuna.newsletter.models import Delivery, choose_language
from kizuna.plan.kpis import get_query
from tests.newsletter.conftest import issue, magazine, readers


def _send_now(world, campaign, captured):
    with captured(execute=True):
        services.schedule(by=world.people["hq_staff"], campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def _text(message, kind="plain") -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


def test_each_reader_gets_the_part_in_their_language_with_the_headers_bulk_mail_needs(
        world, smtp_server, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    people = readers(mailing_list, 6, languages=("ja", "en", "ko"))
    campaign = _send_now(world, issue(world, mailing_list), django_capture_on_commit_callbacks)
    assert campaign.status == CampaignStatus.SENT and campaign.recipients == 6
    assert len(smtp_server.messages) == 6
    by_address = {m["to"][0]: m for m in smtp_server.messages}
    for person in people:
        sent = by_address[person.email]
        message = sent["message"]
        wanted = "日本語の件名" if person.language == "ja" else "English subject"  # Korean readers: English
        assert message["Subject"] == wanted
        assert "/newsletter/u/" in message["List-Unsubscribe"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        delivery = Delivery.objects.get(campaign=campaign, subscription=person)
        assert message["Message-ID"] == delivery.message_id == links.message_id(campaign.pk, delivery.pk)
        assert sent["from"] == links.bounce_address(delivery.pk)  # VERP: the bounce names its delivery
        html, text = _text(message, "html"), _text(message)
        assert 'name="color-scheme" content="light dark"' in html and "prefers-color-scheme: dark" in html
        assert "<h2" in html and "■ " in text.replace("■ News", "■ News")
        assert links.unsubscribe_url(person, campaign) in text  # the link in the body, too
    assert {d.state for d in campaign.deliveries.all()} == {DeliveryState.SENT}


def test_the_fallback_rule():
    assert choose_language("ko", {"ja", "en"}, "ja") == "en"
    assert choose_language("ja", {"en"}, "en") == "en"
    assert choose_language("ko", {"ja"}, "ja") == "ja"
    assert choose_language("en", {"ja", "en"}, "ja") == "en"


def test_an_issue_missing_a_part_of_the_lists_languages_is_refused_clearly(world):
    mailing_list = magazine(world)
    campaign = issue(world, mailing_list, parts={"ja": ("件名", "本文")})
    with pytest.raises(ValidationError, match="readers in English"):
        services.schedule(by=world.people["hq_staff"], campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    with pytest.raises(ValidationError, match="no readers in this language"):
        services.save_part(by=world.people["hq_staff"], campaign=campaign, language="fr", subject="x", body="y")


def test_images_must_be_served_by_kizuna(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.newsletter.access import _image

    mailing_list = magazine(world)
    campaign = issue(world, mailing_list)
    with pytest.raises(ValidationError, match="not one uploaded"):
        services.save_part(by=world.people["hq_staff"], campaign=campaign, language="en", subject="x",
                           body="![logo](https://elsewhere.example/logo.png)")
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        services.add_image(by=world.people["hq_staff"], campaign=campaign,
                           upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 nothing"))
    found = _image(world)
    url = reverse("newsletter:image", kwargs=found)
    assert client_for("anonymous").get(url).status_code == 200
    assert client_for("anonymous").get(url.replace(found["digest"], "0" * 16)).status_code == 404


def test_a_stopped_sender_is_resumed_by_the_next_nobody_twice_nobody_skipped(
        world, smtp_server, django_capture_on_commit_callbacks, settings):
    mailing_list = magazine(world)
    readers(mailing_list, 30)
    campaign = issue(world, mailing_list)
    campaign = transition(campaign, "schedule", by=world.people["hq_staff"], scheduled_at=timezone.now())
    sending.start(campaign)  # its task is not run: the senders below are the workers
    handed = []

    def stop_after_ten():
        handed.append(1)
        return len(smtp_server.messages) >= 10

    first = sending.send(campaign.pk, owner="worker-1", stop=stop_after_ten, rate=0)
    assert first.sent == 10 and not first.finished
    # a sender that died mid-mail: its row is claimed, its lease still held
    claimed = Delivery.objects.filter(campaign=campaign, state=DeliveryState.QUEUED).order_by("pk").first()
    Delivery.objects.filter(pk=claimed.pk).update(state=DeliveryState.SENDING)
    sending._take_lease(campaign.pk, "dead-worker")
    assert not sending.send(campaign.pk, owner="worker-2", rate=0).holding  # the lease is held
    from kizuna.newsletter.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    second = sending.send(campaign.pk, owner="worker-2", rate=0)
    assert second.finished and second.sent == 20
    recipients = [m["to"][0] for m in smtp_server.messages]
    assert len(recipients) == len(set(recipients)) == 30
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT


def test_readers_who_leave_before_their_turn_are_skipped(world, smtp_server, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    people = readers(mailing_list, 4)
    campaign = issue(world, mailing_list)
    campaign = transition(campaign, "schedule", by=world.people["hq_staff"], scheduled_at=timezone.now())
    sending.start(campaign)
    services.unsubscribe(people[0])
    outcome = sending.send(campaign.pk, rate=0)
    assert (outcome.sent, outcome.skipped) == (3, 1)
    assert people[0].email not in [m["to"][0] for m in smtp_server.messages]


def test_a_scheduled_issue_starts_at_its_time(world, smtp_server, django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    readers(mailing_list, 2)
    campaign = issue(world, mailing_list)
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(by=world.people["hq_staff"], campaign=campaign, when=later)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED and smtp_server.messages == []
    assert sending.start_due(now=timezone.now()) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start_due(now=later + timedelta(seconds=1)) == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and len(smtp_server.messages) == 2


def test_the_sent_issue_is_in_the_public_archive_and_the_library(world, client, smtp_server,
                                                                    django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    readers(mailing_list, 2)
    campaign = _send_now(world, issue(world, mailing_list), django_capture_on_commit_callbacks)
    page = client.get(campaign.archive_url("en"))
    assert page.status_code == 200 and "English subject" in page.content.decode()
    assert "日本語の件名" in client.get(campaign.archive_url("ja")).content.decode()
    assert "English subject" in client.get(campaign.archive_url("ko")).content.decode()  # the fallback rule
    work = campaign.archive_work
    assert work is not None and work.kind == "newsletter_issue" and work.is_released()
    assert {e.language for e in work.editions.all()} == {"ja", "en"}
    titles = {e.language: e.title for e in work.editions.all()}
    assert f"第{campaign.number}号" in titles["ja"] and f"No. {campaign.number}" in titles["en"]
    assert client.get(work.get_absolute_url()).status_code == 200
    assert "English subject" in client.get(mailing_list.get_absolute_url() + "?lang=en").content.decode() or \
        "日本語の件名" in client.get(mailing_list.get_absolute_url()).content.decode()


def test_figures_and_kpis_follow_sending_bounces_and_unsubscribes(world, client_for, smtp_server,
                                                                   django_capture_on_commit_callbacks):
    from kizuna.newsletter import bounces

    mailing_list = magazine(world)
    people = readers(mailing_list, 5)
    campaign = _send_now(world, issue(world, mailing_list), django_capture_on_commit_callbacks)
    services.unsubscribe(people[1], campaign=campaign)
    bounces.record(kind="hard", delivery=campaign.deliveries.get(subscription=people[2]))
    page = client_for("hq_staff").get(campaign.get_absolute_url())
    assert page.status_code == 200
    from kizuna.newsletter.queries import campaign_figures

    figures = campaign_figures(campaign)
    assert (figures["sent"], figures["delivered"], figures["bounced"], figures["unsubscribed"]) == (5, 4, 1, 1)
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert get_query("newsletter.issues.sent")(year=year, quarter=None, organisation_id=None) == 1
    assert get_query("newsletter.subscribers.active")(year=year, quarter=None, organisation_id=None) == 3
    assert get_query("newsletter.issues.sent")(year=year, quarter=None, organisation_id=world.nyc.pk) == 0
    assert get_query("newsletter.issues.sent")(year=year, quarter=None, organisation_id=world.chiyoda.pk) is None


def test_opens_and_clicks_are_counted_only_where_the_list_switched_them_on(world, client, smtp_server,
                                                                           django_capture_on_commit_callbacks):
    private = magazine(world, slug="private-by-default")
    readers(private, 1, languages=("en",))
    _send_now(world, issue(world, private), django_capture_on_commit_callbacks)
    html = _text(smtp_server.messages[0]["message"], "html")
    assert "/newsletter/o/" not in html and "/newsletter/c/" not in html and "https://www.clair.or.jp/en/" in html
    counted = magazine(world, slug="counted", owner=world.nyc, languages=("en",), track=True)
    readers(counted, 1, languages=("en",), prefix="counted")
    campaign = _send_now(world, issue(world, counted), django_capture_on_commit_callbacks)
    html = _text(smtp_server.messages[-1]["message"], "html")
    assert "/newsletter/o/" in html
    tag = links.delivery_tag(campaign.deliveries.get().pk)
    response = client.get(reverse("newsletter:clicked", args=[tag, 0]))
    assert response.status_code == 302 and response["Location"] == "https://www.clair.or.jp/en/"
    client.get(reverse("newsletter:opened", args=[tag]))
    delivery = campaign.deliveries.get()
    assert delivery.clicked_at and delivery.opened_at
    assert client.get(reverse("newsletter:clicked", args=[tag[:-1] + "0", 0])).status_code == 404


def test_a_test_send_reaches_the_given_addresses_only(world, client_for, smtp_server,
                                                       django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    readers(mailing_list, 3)
    campaign = issue(world, mailing_list)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("hq_staff").post(reverse("newsletter:test_send", args=[campaign.pk]),
                                               {"to": "editor@example.jp"})
    assert response.status_code == 302
    assert sorted(m["message"]["Subject"] for m in smtp_server.messages) == ["[TEST] English subject",
                                                                             "[TEST] 日本語の件名"]
    assert {m["to"][0] for m in smtp_server.messages} == {"editor@example.jp"}
    with pytest.raises(ValidationError):
        services.test_send(by=world.people["hq_staff"], campaign=campaign, to=["nope"])


def test_articles_come_from_library_records_and_events_in_each_parts_language(world):
    from tests.library.conftest import report

    mailing_list = magazine(world)
    campaign = issue(world, mailing_list)
    work = report(world)
    services.add_article(by=world.people["hq_staff"], campaign=campaign, work=work)
    parts = {p.language: p.body for p in campaign.parts.all()}
    assert work.edition_for("ja").title in parts["ja"] and work.edition_for("en").title in parts["en"]
    assert work.get_absolute_url() in parts["en"] and "Read more" in parts["en"] and "続きを読む" in parts["ja"]


def test_subscriber_and_workspace_pages_read_a_fixed_number_of_queries(world, client_for,
                                                                      django_assert_max_num_queries):
    mailing_list = magazine(world)
    readers(mailing_list, 120)
    hq = client_for("hq_staff")
    hq.get(reverse("newsletter:subscribers", args=[mailing_list.slug]))
    with django_assert_max_num_queries(25):
        assert hq.get(reverse("newsletter:subscribers", args=[mailing_list.slug])).status_code == 200
    with django_assert_max_num_queries(25):
        assert hq.get(reverse("newsletter:manage", args=[mailing_list.slug])).status_code == 200


def test_only_the_lists_runners_write_and_send(world, client_for):
    mailing_list = magazine(world, slug="jlgc", owner=world.nyc, languages=("en",))
    campaign = issue(world, mailing_list, by=world.people["office_staff"])
    assert client_for("branch_staff").get(campaign.get_absolute_url()).status_code == 404
    assert client_for("office_staff").get(campaign.get_absolute_url()).status_code == 200
    other = magazine(world, slug="hq-only")
    with pytest.raises(PermissionDenied):
        services.create_campaign(by=world.people["office_staff"], mailing_list=other)


def test_an_event_becomes_an_article_in_each_parts_language(world):
    from tests.events.factories import EventFactory

    event = EventFactory(organiser=world.hq, title="多文化共生セミナー", title_en="Multicultural seminar",
                         description="自治体職員向けのセミナーです。",
                         description_en="A seminar for local government staff.")
    mailing_list = magazine(world)
    campaign = issue(world, mailing_list)
    services.add_article(by=world.people["hq_staff"], campaign=campaign, event=event)
    parts = {p.language: p.body for p in campaign.parts.all()}
    assert "## 多文化共生セミナー" in parts["ja"] and "自治体職員向け" in parts["ja"]
    assert "## Multicultural seminar" in parts["en"] and "for local government staff" in parts["en"]
    assert event.get_absolute_url() in parts["en"]
    services.schedule(by=world.people["hq_staff"], campaign=campaign)  # the article's link passes the checks


def test_the_preview_shows_the_mail_as_sent_and_the_archive_keeps_to_the_sites_policy(world, client_for, client,
                                                                                      smtp_server,
                                                                                      django_capture_on_commit_callbacks):
    mailing_list = magazine(world)
    campaign = issue(world, mailing_list)
    preview = client_for("hq_staff").get(reverse("newsletter:preview", args=[campaign.pk, "en"]))
    policy = preview["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src" not in policy and "default-src 'none'" in policy
    assert 'style="' in preview.content.decode()
    text = client_for("hq_staff").get(reverse("newsletter:preview", args=[campaign.pk, "en"]) + "?format=text")
    assert text["Content-Type"].startswith("text/plain") and "■ News" in text.content.decode()
    readers(mailing_list, 1)
    campaign = _send_now(world, campaign, django_capture_on_commit_callbacks)
    page = client.get(campaign.archive_url("en")).content.decode()
    article = page[page.index("<article"):page.index("</article>")]
    assert "The English body" in article and 'style="' not in article


def test_an_address_the_mail_server_refuses_is_a_hard_bounce_and_the_rest_go_on(world, smtp_server):
    mailing_list = magazine(world)
    people = readers(mailing_list, 3)
    smtp_server.refused.add(people[1].email)
    campaign = transition(issue(world, mailing_list), "schedule", by=world.people["hq_staff"],
                          scheduled_at=timezone.now())
    sending.start(campaign)
    outcome = sending.send(campaign.pk, rate=0)
    assert (outcome.sent, outcome.failed, outcome.finished) == (2, 1, True)
    assert sorted(m["to"][0] for m in smtp_server.messages) == [people[0].email, people[2].email]
    people[1].refresh_from_db()
    assert people[1].status == "bounced"
    assert campaign.deliveries.get(subscription=people[1]).error.startswith("550")


def test_staff_schedule_an_issue_for_a_time_typed_on_the_page(world, client_for):
    mailing_list = magazine(world)
    campaign = issue(world, mailing_list)
    hq = client_for("hq_staff")
    url = reverse("newsletter:campaign_step", args=[campaign.pk, "schedule"])
    when = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    assert hq.post(url, {"scheduled_at": when.strftime("%Y-%m-%dT%H:%M")}).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.status, campaign.scheduled_at) == (CampaignStatus.SCHEDULED, when)
    hq.post(reverse("newsletter:campaign_step", args=[campaign.pk, "unschedule"]))
    campaign.refresh_from_db()
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = hq.post(url, {"scheduled_at": past}, follow=True)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and "これからの日時を選んでください。" in response.content.decode()
