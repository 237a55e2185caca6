"""Mail from the organisers to an event's registrants: drafts checked beside their fields, one group, each
person in their language with their own values, sent by the task worker through a real SMTP server, once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kizuna.events import links, services
from kizuna.events.models import EventMail, MailDelivery
from kizuna.events.services import guests, mailing
from tests.factories import arrange_update

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(world):
    """HQ's seminar with one seat: Chiyoda's officer holds it, the JET participant waits, a guest waits."""
    event = EventFactory(organiser=world.hq, capacity=1, guests_may_register=True, title="防災セミナー",
                         title_en="Disaster seminar", venue_name="クレア会議室")
    services.register(by=world.people["municipality_staff"], event=event)
    services.register(by=world.people["jet"], event=event)
    guests.confirm(event=event, token=links.request_token(event.pk, {
        "n": "Ana Lima", "m": "ana@example.org", "l": "en", "a": "", "q": {}, "s": []}))
    return event


def _draft(world, event, **fields):
    values = {"group": "all", "subject": "{event}のご案内", "body": "{name} 様\n受付コード：{code}\n{link}",
              "subject_en": "About {event}", "body_en": "Dear {name},\nyour code: {code}\n{link}", **fields}
    return mailing.save_mail(by=world.people["hq_staff"], event=event, **values)


def test_each_person_gets_the_mail_in_their_language_with_their_own_values(
        world, seminar, smtp_server, django_capture_on_commit_callbacks):
    mail = _draft(world, seminar)
    with django_capture_on_commit_callbacks(execute=True):
        mailing.send(by=world.people["hq_staff"], mail=mail)
    mail.refresh_from_db()
    assert (mail.status, mail.recipients, mail.deliveries.filter(sent_at__isnull=False).count()) == ("sent", 3, 3)
    by_address = {m["to"][0]: m["message"] for m in smtp_server.messages}
    officer = seminar.registrations.get(person=world.people["municipality_staff"])
    guest = seminar.registrations.get(by_link=True)
    japanese = by_address[officer.person.email].get_body(("plain",)).get_content()
    english = by_address["ana@example.org"].get_body(("plain",)).get_content()
    assert "防災セミナーのご案内" in by_address[officer.person.email]["Subject"]
    assert officer.code in japanese and f"{officer.person.full_name} 様" in japanese
    assert "About Disaster seminar" in by_address["ana@example.org"]["Subject"]
    assert ("Dear Ana Lima" in english and guest.code in english
            and links.registration_url(guest) in english and "Sent by" in english)


@pytest.mark.parametrize(("group", "who"), [
    ("confirmed", {"municipality_staff"}),
    ("waiting", {"jet", "guest"}),
    ("attended", {"municipality_staff"}),
    ("not_attended", set()),
])
def test_a_group_is_who_it_says(world, seminar, group, who):
    officer = seminar.registrations.get(person=world.people["municipality_staff"])
    arrange_update(seminar.registrations.filter(pk=officer.pk), checked_in_at=timezone.now())
    people = {("guest" if r.by_link else next(k for k, p in world.people.items() if p == r.person))
              for r in mailing.recipients(seminar, group)}
    assert people == who


def test_nobody_in_the_group_refuses_to_send(world, seminar):
    mail = _draft(world, seminar, group="attended")
    with pytest.raises(ValidationError) as refused:
        mailing.send(by=world.people["hq_staff"], mail=mail)
    mail.refresh_from_db()
    assert (refused.value.code, mail.status, MailDelivery.objects.count()) == ("no_recipients", "draft", 0)


def test_bad_drafts_are_refused_beside_their_fields(world, seminar):
    with pytest.raises(ValidationError) as refused:
        _draft(world, seminar, body="{nmae} 様", subject_en="Only a subject", body_en="", group="everyone")
    assert set(refused.value.message_dict) == {"body", "body_en", "group"}
    assert "{nmae}" in refused.value.message_dict["body"][0]
    assert not EventMail.objects.exists()


def test_a_sent_mail_stays_as_sent_and_is_sent_once(world, seminar, smtp_server,
                                                    django_capture_on_commit_callbacks):
    mail = _draft(world, seminar, group="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.send(by=world.people["hq_staff"], mail=mail)
    assert mailing.deliver(mail.pk) == 0  # a second worker finds nothing left
    with pytest.raises(ValidationError):
        mailing.send(by=world.people["hq_staff"], mail=mail)
    with pytest.raises(ValidationError) as refused:
        mailing.save_mail(by=world.people["hq_staff"], event=seminar, mail=mail, group="all", subject="x",
                          body="y")
    assert (refused.value.code, len(smtp_server.messages)) == ("not_a_draft", 1)
    copy = mailing.copy_mail(by=world.people["hq_staff"], mail=mail)
    assert (copy.status, copy.subject, copy.pk != mail.pk) == ("draft", mail.subject, True)


def test_a_stopped_worker_resumes_where_it_stopped(world, seminar, smtp_server):
    mail = _draft(world, seminar)
    mailing.send(by=world.people["hq_staff"], mail=mail)  # not committed: the task is not run
    first = mail.deliveries.first()
    MailDelivery.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(minutes=1))
    assert mailing.deliver(mail.pk) == 2
    assert first.registration.person.email not in [m["to"][0] for m in smtp_server.messages]


def test_an_address_the_mail_server_refuses_is_recorded_and_the_rest_go_on(world, seminar, smtp_server,
                                                                           django_capture_on_commit_callbacks):
    smtp_server.refused.add("ana@example.org")
    mail = _draft(world, seminar)
    with django_capture_on_commit_callbacks(execute=True):
        mailing.send(by=world.people["hq_staff"], mail=mail)
    mail.refresh_from_db()
    refused = mail.deliveries.get(registration__by_link=True)
    assert (mail.status, len(smtp_server.messages), refused.sent_at) == ("sent", 2, None)
    assert refused.error.startswith("550")
    assert mailing.deliver(mail.pk) == 0  # finished: the refused row is not tried again
    page = world.client_for("hq_staff").get(mail.get_absolute_url()).content.decode()
    assert 'data-testid="refused"' in page and "ana@example.org" in page and "550" in page
    listed = world.client_for("hq_staff").get(f"/api/v1/events/events/{seminar.pk}/mails").json()
    assert (listed[0]["delivered"], listed[0]["refused"]) == (2, 1)


def test_the_pages_write_preview_and_send_after_a_confirmation(world, seminar, smtp_server,
                                                              django_capture_on_commit_callbacks):
    staff = world.client_for("hq_staff")
    refused = staff.post(f"/events/{seminar.pk}/mails/", {"group": "confirmed", "subject": "", "body": "{x}"})
    assert refused.status_code == 400 and refused.content.decode().count('class="field-error"') == 2
    page = staff.get(f"/events/{seminar.pk}/mails/").content.decode()
    assert "(1)" in page and "(2)" in page  # the groups with their counts
    created = staff.post(f"/events/{seminar.pk}/mails/", {"group": "waiting", "subject": "{event}：繰上げ状況",
                                                          "body": "{name} 様", "subject_en": "", "body_en": ""})
    mail = EventMail.objects.get()
    assert created["Location"] == mail.get_absolute_url()
    detail = staff.get(mail.get_absolute_url()).content.decode()
    assert 'data-testid="preview"' in detail and "防災セミナー：繰上げ状況" in detail and 'data-testid="send"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/events/mails/{mail.pk}/send/")
    mail.refresh_from_db()
    assert (mail.status, sorted(m["to"][0] for m in smtp_server.messages)) == (
        "sent", sorted(["ana@example.org", world.people["jet"].email]))


def test_co_organisers_see_the_roster_but_do_not_mail(world, seminar):
    seminar.co_organisers.add(world.tokyo)
    mail = _draft(world, seminar)
    prefecture = world.client_for("prefecture_staff")
    assert prefecture.get(f"/events/{seminar.pk}/roster/").status_code == 200
    assert prefecture.get(f"/events/{seminar.pk}/mails/").status_code in (403, 404)
    assert prefecture.post(f"/events/mails/{mail.pk}/send/").status_code == 404
    mail.refresh_from_db()
    assert mail.status == "draft"


def test_the_api_writes_and_sends(world, seminar, smtp_server, django_capture_on_commit_callbacks):
    staff = world.client_for("hq_staff")
    bad = staff.post(f"/api/v1/events/events/{seminar.pk}/mails",
                     {"group": "confirmed", "subject": "x", "body": "{bogus}"}, content_type="application/json")
    assert bad.status_code == 422 and "{bogus}" in bad.json()["detail"]
    made = staff.post(f"/api/v1/events/events/{seminar.pk}/mails",
                      {"group": "confirmed", "subject": "会場変更", "body": "{venue}"}, content_type="application/json")
    assert made.status_code == 200 and made.json()["status"] == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff.post(f"/api/v1/events/mails/{made.json()['id']}/send")
    listed = staff.get(f"/api/v1/events/events/{seminar.pk}/mails").json()
    assert (sent.json()["status"], listed[0]["status"], listed[0]["delivered"]) == ("sending", "sent", 1)
    assert "クレア会議室" in smtp_server.messages[-1]["message"].get_body(("plain",)).get_content()


def test_the_list_page_counts_in_few_queries(world, seminar, django_assert_max_num_queries):
    for n in range(5):
        _draft(world, seminar, subject=f"案内{n}")
    staff = world.client_for("hq_staff")
    staff.get(f"/events/{seminar.pk}/mails/")
    with django_assert_max_num_queries(25):
        assert staff.get(f"/events/{seminar.pk}/mails/").status_code == 200
