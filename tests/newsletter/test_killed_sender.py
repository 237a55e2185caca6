"""The sender killed mid-send, for real: `kizuna send_newsletters` runs in its own process against this test's
database and a real SMTP server (aiosmtpd); it is stopped with SIGTERM (what a restart sends) and killed with
SIGKILL (a crash), and started again. Every reader gets the issue; after SIGTERM nobody gets it twice; after
SIGKILL the one mail the dead sender may have had in flight is handed over again with the same Message-ID."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_many_logged, unlogged
from kizuna.core.enums import OrgKind
from kizuna.newsletter.enums import CampaignStatus, Source, SubscriptionStatus
from kizuna.newsletter.models import Campaign, MailingList, Part, Subscription
from tests.factories import OrganisationFactory

READERS = 40
PROJECT = Path(__file__).resolve().parents[2]


def _world() -> Campaign:
    hq = OrganisationFactory(kind=OrgKind.HEADQUARTERS, slug="hq", name="本部", name_en="HQ")
    now = timezone.now()
    with unlogged("arranging a test: an issue due now, as the schedule step leaves it"):
        mailing_list = MailingList.objects.create(kind="magazine", slug="kill", name="テスト", owner=hq,
                                                  languages=["ja", "en"], from_name="CLAIR")
        campaign = Campaign.objects.create(mailing_list=mailing_list, number=1, status=CampaignStatus.SCHEDULED,
                                           scheduled_at=now)
        for language, subject in (("ja", "件名"), ("en", "Subject")):
            Part.objects.create(campaign=campaign, language=language, subject=subject, body="本文 body")
    create_many_logged(Subscription, "newsletter.subscription.import", by=SYSTEM, rows=[
        {"mailing_list": mailing_list, "email": f"r{i:03}@example.org", "language": ("ja", "en")[i % 2],
         "status": SubscriptionStatus.ACTIVE, "source": Source.IMPORT, "consent_at": now, "confirmed_at": now}
        for i in range(READERS)])
    return campaign


class _Database:
    """This test's database, as another process sees it (SQLite: a copy of the in-memory one in a file)."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "kill.sqlite3"
            with sqlite3.connect(self.path) as target:
                connection.ensure_connection()
                connection.connection.backup(target)
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            user = settings["USER"] or "postgres"
            host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
            self.url = f"postgres://{user}@{host}:{port}/{settings['NAME']}"

    def status(self, campaign_id: int) -> str:
        if self.path is None:
            return Campaign.objects.get(pk=campaign_id).status
        with sqlite3.connect(self.path) as db:
            return db.execute("SELECT status FROM newsletter_campaign WHERE id = ?", [campaign_id]).fetchone()[0]


def _sender(database, smtp_port: int, campaign_id: int, rate: int) -> subprocess.Popen:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "KIZUNA_DEV": "1",
           "DATABASE_URL": database.url, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port),
           "KIZUNA_NEWSLETTER_LEASE_SECONDS": "1", "KIZUNA_NEWSLETTER_RATE": str(rate),
           "MEDIA_ROOT": str(database.tmp)}
    return subprocess.Popen([sys.executable, "-m", "kizuna", "send_newsletters", "--campaign", str(campaign_id)],
                            cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_for(smtp, count: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(smtp.messages) < count:
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline, f"only {len(smtp.messages)} mails after {timeout} s"
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_a_sender_stopped_and_killed_mid_send_is_resumed_without_duplicates_or_gaps(tmp_path, smtp_server,
                                                                                      settings):
    # The task queue keeps what it is given (no worker here): the processes below are the senders.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    from kizuna.newsletter import sending

    campaign = _world()
    sending.start(campaign)  # the send-out list, as the task worker would write it when the time comes
    database = _Database(tmp_path)
    port = settings.EMAIL_PORT  # the smtp_server fixture's

    # 1. stopped cleanly (a restart): the mail in hand is finished and recorded
    first = _sender(database, port, campaign.pk, rate=25)
    _wait_for(smtp_server, 8, first)
    first.send_signal(signal.SIGTERM)
    output = first.communicate(timeout=30)[0].decode()
    assert first.returncode == 0 and "stopped" in output, output
    after_stop = [m["to"][0] for m in smtp_server.messages]
    assert 8 <= len(after_stop) < READERS and len(set(after_stop)) == len(after_stop)
    assert database.status(campaign.pk) == CampaignStatus.SENDING

    # 2. killed (a crash): no chance to record the mail in flight
    second = _sender(database, port, campaign.pk, rate=25)
    _wait_for(smtp_server, len(after_stop) + 8, second)
    second.kill()
    second.communicate(timeout=30)
    assert len(smtp_server.messages) < READERS + 1

    # 3. the next run takes over once the dead sender's lease has run out, and finishes
    time.sleep(1.2)
    third = _sender(database, port, campaign.pk, rate=0)
    output = third.communicate(timeout=60)[0].decode()
    assert third.returncode == 0 and "finished" in output, output
    assert database.status(campaign.pk) == CampaignStatus.SENT

    received = Counter(m["to"][0] for m in smtp_server.messages)
    assert set(received) == {f"r{i:03}@example.org" for i in range(READERS)}  # nobody skipped
    twice = [address for address, n in received.items() if n > 1]
    assert len(twice) <= 1  # at most the one mail in flight when the sender was killed
    for address in twice:
        ids = {m["message"]["Message-ID"] for m in smtp_server.messages if m["to"][0] == address}
        assert len(ids) == 1  # handed over again as the same message
