"""Bounces (DSN) and complaints (ARF) fed back by the command and the API; subscribers imported from a
spreadsheet, all or nothing, with consent dates."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kizuna.newsletter import bounces, links
from kizuna.newsletter.enums import SubscriptionStatus
from kizuna.newsletter.importing import import_subscribers
from kizuna.newsletter.models import Bounce, Subscription
from tests.newsletter.conftest import magazine, readers, sent_issue


def dsn(delivery, *, status="5.1.1", action="failed", via_verp=True) -> bytes:
    """A delivery status notification (RFC 3464) as Postfix writes it."""
    to = links.bounce_address(delivery.pk) if via_verp else "bounces@kizuna.example.jp"
    return (f"""From: MAILER-DAEMON@mx.example.org
To: {to}
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

This is the mail system at host mx.example.org.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {delivery.subscription.email}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 {status} User unknown

--b1
Content-Type: text/rfc822-headers

Message-ID: {delivery.message_id}
Subject: whatever

--b1--
""").replace("\n", "\r\n").encode()


def arf(delivery) -> bytes:
    return (f"""From: feedback@mailbox.example
To: {links.bounce_address(delivery.pk)}
Subject: Complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

--b2
Content-Type: text/plain

A complaint.

--b2
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Mailbox/1.0
Version: 1

--b2--
""").replace("\n", "\r\n").encode()


@pytest.fixture
def sent(world):
    mailing_list = magazine(world)
    readers(mailing_list, 3)
    return sent_issue(world, mailing_list)


def test_a_hard_bounce_stops_the_address_at_once(sent):
    delivery = sent.deliveries.order_by("pk").first()
    bounce = bounces.feed(dsn(delivery))
    delivery.subscription.refresh_from_db()
    assert (bounce.kind, delivery.subscription.status) == ("hard", SubscriptionStatus.BOUNCED)
    delivery.refresh_from_db()
    assert delivery.bounce == "hard"


def test_soft_bounces_stop_it_after_three_and_an_unsigned_address_is_matched_by_message_id(sent):
    delivery = sent.deliveries.order_by("pk").last()
    for expected in (SubscriptionStatus.ACTIVE, SubscriptionStatus.ACTIVE, SubscriptionStatus.BOUNCED):
        bounces.feed(dsn(delivery, status="4.2.2", action="delayed", via_verp=False))
        delivery.subscription.refresh_from_db()
        assert delivery.subscription.status == expected
    assert delivery.subscription.soft_bounces == 3


def test_a_complaint_stops_the_address_and_foreign_mail_is_refused(sent):
    delivery = sent.deliveries.order_by("pk")[1]
    bounces.feed(arf(delivery))
    delivery.subscription.refresh_from_db()
    assert delivery.subscription.status == SubscriptionStatus.COMPLAINED
    with pytest.raises(bounces.NotABounce):
        bounces.feed(b"From: someone@example.org\r\nSubject: hello\r\n\r\nA reply to the magazine.\r\n")
    forged = dsn(delivery).replace(links.delivery_tag(delivery.pk).encode(), f"{delivery.pk}-0000000000".encode())
    forged = forged.replace(delivery.message_id.encode(), b"<other@example.org>")
    with pytest.raises(bounces.NotABounce):
        bounces.feed(forged)


def test_the_command_feeds_a_report_from_the_mail_servers_pipe(sent, tmp_path):
    from django.core.management import call_command

    delivery = sent.deliveries.order_by("pk").first()
    path = tmp_path / "bounce.eml"
    path.write_bytes(dsn(delivery))
    out = io.StringIO()
    call_command("newsletter_bounce", str(path), stdout=out)
    assert "hard" in out.getvalue()
    assert Bounce.objects.count() == 1


def test_the_api_takes_a_report_from_headquarters_only(world, sent, client_for):
    delivery = sent.deliveries.order_by("pk").first()
    url = reverse("api:newsletter_feed_bounce")
    payload = {"message": dsn(delivery).decode()}
    assert client_for("office_staff").post(url, payload, content_type="application/json").status_code == 403
    response = client_for("hq_staff").post(url, payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["subscription_status"] == "bounced"
    response = client_for("hq_staff").post(url, {"message": "not a mail"}, content_type="application/json")
    assert response.status_code == 422


CSV = """メールアドレス,氏名,言語,同意日,トピック
a@example.org,Aさん,ja,2025-04-01,jet
b@example.org,B,en,2025/4/2,
"""


def test_an_import_adds_readers_with_their_consent(world):
    mailing_list = magazine(world)
    from kizuna.newsletter import services

    services.add_topic(by=world.people["hq_staff"], mailing_list=mailing_list, slug="jet", name="JET")
    report = import_subscribers(by=world.people["hq_staff"], mailing_list=mailing_list, content=CSV.encode(),
                                filename="readers.csv")
    assert report.saved and report.ok == 2
    a = Subscription.objects.get(email="a@example.org")
    consented = timezone.localtime(a.consent_at).date().isoformat()
    assert (a.status, a.source, consented, [t.slug for t in a.topics.all()]) == ("active", "import", "2025-04-01",
                                                                                 ["jet"])


def test_a_bad_import_is_refused_whole_with_the_reason_of_each_row(world, client_for):
    mailing_list = magazine(world)
    readers(mailing_list, 1, prefix="left")
    from kizuna.newsletter import services

    services.unsubscribe(Subscription.objects.get(email="left00000@example.org"))
    bad = ("email,consent_date,language\n"
           "good@example.org,2025-01-01,en\n"
           "not-an-address,2025-01-01,en\n"
           "noconsent@example.org,,en\n"
           "future@example.org,2999-01-01,en\n"
           "korean@example.org,2025-01-01,ko\n"
           "good@example.org,2025-01-01,en\n"
           "left00000@example.org,2025-01-01,en\n")
    before = Subscription.objects.count()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("hq_staff").post(reverse("newsletter:import", args=[mailing_list.slug]),
                                           {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('data-outcome="error"') == 5 and page.count('data-outcome="skipped"') == 1
    assert Subscription.objects.count() == before
    with translation.override("en"), pytest.raises(ValidationError, match="no column"):
        import_subscribers(by=world.people["hq_staff"], mailing_list=mailing_list,
                           content=b"email,name\na@example.org,A\n", filename="x.csv")
