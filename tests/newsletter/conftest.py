"""Mail magazine test helpers: lists, readers and issues written through the services, as staff would."""

import pytest
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_many_logged
from kizuna.newsletter import services
from kizuna.newsletter.enums import Source, SubscriptionStatus
from kizuna.newsletter.models import MailingList, Subscription


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched in English here (the Japanese ones are checked by the translation tests)."""
    from django.utils import translation

    translation.activate("en")
    yield


def magazine(w, *, slug="magazine", owner=None, languages=("ja", "en"), public=True, track=False, by=None):
    found = MailingList.objects.filter(slug=slug).first()
    if found:
        return found
    return services.create_list(by=by or w.people["hq_staff"], kind="magazine" if owner is None else "office",
                                slug=slug, name=f"テストマガジン {slug}", name_en=f"Test magazine {slug}",
                                owner=owner or w.hq, languages=list(languages), from_name="CLAIR",
                                is_public=public, track_engagement=track)


def readers(mailing_list, count: int, *, languages=("ja", "en"), prefix="reader") -> list:
    now = timezone.now()
    rows = [{"mailing_list": mailing_list, "email": f"{prefix}{i:05}@example.org", "language": languages[i % len(
        languages)], "status": SubscriptionStatus.ACTIVE, "source": Source.IMPORT, "consent_at": now,
        "confirmed_at": now} for i in range(count)]
    return create_many_logged(Subscription, "newsletter.subscription.import", by=SYSTEM, rows=rows)


def issue(w, mailing_list, *, by=None, parts=None):
    by = by or w.people["hq_staff"]
    campaign = services.create_campaign(by=by, mailing_list=mailing_list)
    parts = parts or {"ja": ("日本語の件名", "## お知らせ\n\n日本語の本文です。詳しくは https://www.clair.or.jp/ へ。"),
                      "en": ("English subject", "## News\n\nThe English body. More at https://www.clair.or.jp/en/")}
    for language, (subject, body) in parts.items():
        if language in mailing_list.languages:
            services.save_part(by=by, campaign=campaign, language=language, subject=subject, body=body)
    return campaign


def sent_issue(w, mailing_list, **kwargs):
    """An issue sent through the real sender (into Django's memory mail backend)."""
    from django.core.mail import get_connection

    from kizuna.core.workflow import transition
    from kizuna.newsletter import sending

    campaign = issue(w, mailing_list, **kwargs)
    campaign = transition(campaign, "schedule", by=kwargs.get("by") or w.people["hq_staff"],
                          scheduled_at=timezone.now())
    sending.start(campaign)
    sending.send(campaign.pk, rate=0, connection=get_connection("django.core.mail.backends.locmem.EmailBackend"))
    campaign.refresh_from_db()
    return campaign
