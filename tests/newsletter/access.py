"""The mail magazine's rows of the URL × role access table (merged by tests/access.py).

The sample list is the New York office's newsletter (public, counting opens and clicks): everyone reads its page,
subscribes and reads its sent issue; the New York office's staff and headquarters run it. A reader's signed link
(preferences, unsubscribe) opens for whoever holds it, anonymous included."""

from tests.access_roles import ALL, HQ

RUNNERS = frozenset({"hq_staff", "office_staff", "superuser"})

PERMISSION_ROLES = {
    "newsletter.view_lists": ALL,
    "newsletter.view_list": ALL,
    "newsletter.read_issue": ALL,
    "newsletter.use_link": ALL,  # the signed link decides, not a login
    "newsletter.view_image": ALL,  # the address carries the image's hash
    "newsletter.view_workspace": RUNNERS,
    "newsletter.add_list": HQ,
    "newsletter.manage_list": RUNNERS,
    "newsletter.view_campaign": RUNNERS,
    "newsletter.edit_campaign": RUNNERS,
    "newsletter.send_campaign": RUNNERS,
    "newsletter.feed_bounces": HQ,
    "newsletter.manage_subscription": RUNNERS,
}


def _list(w):
    from tests.newsletter.conftest import magazine

    return magazine(w, slug="jlgc", owner=w.nyc, languages=("en", "ja"), track=True)


def _sent(w):
    from tests.newsletter.conftest import readers, sent_issue

    mailing_list = _list(w)
    found = mailing_list.campaigns.filter(status="sent").first()
    if found:
        return found
    readers(mailing_list, 2, prefix="sample")
    return sent_issue(w, mailing_list)


def _draft(w):
    from tests.newsletter.conftest import issue

    mailing_list = _list(w)
    return mailing_list.campaigns.filter(status="draft").first() or issue(w, mailing_list)


def _link(w):
    from kizuna.newsletter import links

    subscription = _sent(w).mailing_list.subscriptions.order_by("pk").first()
    return {"pk": subscription.pk, "token": links.token_for(subscription)}


def _delivery_tag(w):
    from kizuna.newsletter import links

    return links.delivery_tag(_sent(w).deliveries.order_by("pk").first().pk)


def _image(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.newsletter import services

    draft = _draft(w)
    image = draft.images.first()
    if image is None:
        png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
               b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
               b"\xaeB`\x82")
        image = services.add_image(by=w.people["hq_staff"], campaign=draft,
                                   upload=SimpleUploadedFile("dot.png", png))
    return {"pk": image.pk, "digest": image.sha256[:16]}


SAMPLES = {
    "newsletter:list": lambda w, role: {"slug": _list(w).slug},
    "newsletter:issue": lambda w, role: {"slug": _list(w).slug, "number": _sent(w).number},
    "newsletter:preferences": lambda w, role: _link(w),
    "newsletter:unsubscribe": lambda w, role: _link(w),
    "newsletter:opened": lambda w, role: {"tag": _delivery_tag(w)},
    "newsletter:clicked": lambda w, role: {"tag": _delivery_tag(w), "n": 0},
    "newsletter:image": lambda w, role: _image(w),
    "newsletter:manage": lambda w, role: {"slug": _list(w).slug},
    "newsletter:edit_list": lambda w, role: {"slug": _list(w).slug},
    "newsletter:add_topic": lambda w, role: {"slug": _list(w).slug},
    "newsletter:invite": lambda w, role: {"slug": _list(w).slug},
    "newsletter:subscribers": lambda w, role: {"slug": _list(w).slug},
    "newsletter:import": lambda w, role: {"slug": _list(w).slug},
    "newsletter:create_campaign": lambda w, role: {"slug": _list(w).slug},
    "newsletter:campaign": lambda w, role: {"pk": _sent(w).pk},
    "newsletter:part": lambda w, role: {"pk": _draft(w).pk, "language": "en"},
    "newsletter:preview": lambda w, role: {"pk": _draft(w).pk, "language": "en"},
    "newsletter:add_article": lambda w, role: {"pk": _draft(w).pk},
    "newsletter:add_image": lambda w, role: {"pk": _draft(w).pk},
    "newsletter:test_send": lambda w, role: {"pk": _draft(w).pk},
    "newsletter:campaign_step": lambda w, role: {"pk": _draft(w).pk, "action": "cancel"},
    "newsletter:subscription_step": lambda w, role: {
        "pk": _sent(w).mailing_list.subscriptions.order_by("pk").first().pk, "action": "remove"},
    "api:newsletter_subscribers": lambda w, role: {"list_id": _list(w).pk},
    "api:newsletter_campaigns": lambda w, role: {"list_id": _list(w).pk},
    "api:newsletter_campaign": lambda w, role: {"campaign_id": _sent(w).pk},
}

LISTS_WITH_ARGUMENTS = {"newsletter:list", "newsletter:manage", "newsletter:subscribers",
                        "api:newsletter_subscribers", "api:newsletter_campaigns"}


def _mixed(w):
    """Two lists of different owners, one of them not public, with topics, readers, a sent issue and a draft
    with an image each, and a bounce of each."""
    from kizuna.newsletter import bounces, services
    from tests.newsletter.conftest import issue, magazine, readers, sent_issue

    public = _list(w)
    private = magazine(w, slug="hq-internal", public=False)
    for mailing_list, prefix in ((public, "mixed"), (private, "internal")):
        services.add_topic(by=w.people["hq_staff"], mailing_list=mailing_list, slug="topic", name="話題")
        readers(mailing_list, 3, prefix=prefix)
        sent = sent_issue(w, mailing_list)
        bounces.record(kind="soft", delivery=sent.deliveries.order_by("pk").first(), recipient="x@example.org")
        issue(w, mailing_list)
    _image(w)


MIXED = [_mixed]
