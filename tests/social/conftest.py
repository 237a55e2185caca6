"""Arrangements of the social-media tests: the New York office's Facebook page and headquarters' X account, the
office's administrator (who approves), and posts in each state, all written through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.core.enums import Role
from kizuna.social import services
from kizuna.social.models import Account, Post, PromotionRequest
from tests.factories import MembershipFactory, UserFactory, add_totp


def office_admin(w):
    """The New York office's administrator: approves the office's posts."""
    found = getattr(w, "nyc_admin", None)
    if found is None:
        found = UserFactory(email="nyc-admin@example.jp", full_name="Nyc Admin")
        MembershipFactory(person=found, organisation=w.nyc, role=Role.ADMIN)
        add_totp(found)
        w.nyc_admin = found
    return found


def account(w, name="CLAIR New York Facebook"):
    found = Account.objects.filter(holder=w.nyc, name=name).first()
    return found or services.save_account(by=w.people["hq_staff"], holder=w.nyc, platform="facebook", name=name,
                                          handle="@clairny", url="https://www.facebook.com/clairny", language="en",
                                          is_active=True)


def hq_account(w):
    found = Account.objects.filter(holder=w.hq, platform="x").first()
    return found or services.save_account(by=w.people["hq_staff"], holder=w.hq, platform="x", name="CLAIR X",
                                          handle="@clair_japan", url="https://x.com/clair_japan", language="ja",
                                          is_active=True)


def post(w, status="draft", text="Chiyoda's autumn festival in New York", on=None, when=None, **fields):
    """A post of the New York office taken through the services up to `status`."""
    on = on or account(w)
    staff = w.people["office_staff"]
    when = when or timezone.now() + timedelta(days=3)
    p = services.plan_post(by=staff, account=on, planned_at=when, text=text, link="https://example.jp/festival",
                           featured=fields.pop("featured", w.chiyoda), **fields)
    if status == "draft":
        return p
    p = services.submit_post(by=staff, post=p)
    if status == "in_review":
        return p
    p = services.approve_post(by=w.people["hq_staff"], post=p)
    if status == "approved":
        return p
    if status == "cancelled":
        return services.cancel_post(by=staff, post=p)
    p = services.mark_posted(by=staff, post=p, posted_url=f"https://www.facebook.com/clairny/posts/{p.pk}0001",
                             posted_at=timezone.now() - timedelta(hours=1))
    return p


def promotion(w, requester=None, title="千代田区 国際交流フェスタ"):
    requester = requester or w.chiyoda
    person = w.people["municipality_staff" if requester == w.chiyoda else "other_municipality_staff"]
    found = PromotionRequest.objects.filter(requester=requester, title=title).first()
    return found or services.file_promotion(
        by=person, requester=requester, office=w.nyc, title=title, link="https://example.jp/festa",
        message="ニューヨークの皆さんに紹介してください。", wanted_from=timezone.localdate() + timedelta(days=10),
        wanted_until=None, event=None)


def sample_post(w, status):
    """One post per state for the access tables (made once)."""
    text = f"sample {status} post"
    found = Post.objects.filter(text=text).first()
    return found or post(w, status=status, text=text)


@pytest.fixture
def nyc_account(world):
    return account(world)
