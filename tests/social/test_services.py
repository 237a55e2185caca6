"""The post's steps (each allowed and denied), the four eyes, marking posted, figures, followers, and promotion
requests accepted (a draft post planned) or declined."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.core import audit
from kizuna.social import services
from kizuna.social.models import AccountFigure, Post
from tests.audit_helpers import entry_of

from .conftest import account, hq_account, office_admin, post, promotion

pytestmark = pytest.mark.django_db


def test_submit_post_by_the_office_staff(world):
    p = post(world)
    with audit.watch():
        p = services.submit_post(by=world.people["office_staff"], post=p)
    assert p.status == "in_review"
    assert p.submitted_by == world.people["office_staff"]
    assert entry_of(p, "social.post.submit").changes["status"] == ["draft", "in_review"]


def test_submit_post_denied_to_another_office_or_headquarters(world):
    p = post(world)
    with pytest.raises(PermissionDenied):
        services.submit_post(by=world.people["hq_staff"], post=p)
    with pytest.raises(PermissionDenied):
        services.submit_post(by=world.people["branch_staff"], post=p)


def test_submit_post_refused_without_text(world):
    p = post(world)
    p = services.edit_post(by=world.people["office_staff"], post=p, text="draft")
    with pytest.raises(ValidationError):
        services.edit_post(by=world.people["office_staff"], post=p, text="  ")


def test_approve_post_by_the_office_admin(world):
    p = post(world, status="in_review")
    p = services.approve_post(by=office_admin(world), post=p)
    assert (p.status, p.approved_by) == ("approved", world.nyc_admin)


def test_approve_post_by_headquarters(world):
    p = services.approve_post(by=world.people["hq_staff"], post=post(world, status="in_review"))
    assert p.status == "approved"


def test_approve_post_denied_to_the_office_staff(world):
    p = post(world, status="in_review")
    with pytest.raises(PermissionDenied):
        services.approve_post(by=world.people["office_staff"], post=p)


def test_approve_post_refused_to_the_person_who_sent_it(world):
    admin = office_admin(world)
    p = services.plan_post(by=admin, account=account(world), planned_at=timezone.now() + timedelta(days=1),
                           text="Written by the admin", link="", featured=None, event=None)
    p = services.submit_post(by=admin, post=p)
    with pytest.raises(ValidationError) as refused:
        services.approve_post(by=admin, post=p)
    assert refused.value.code == "four_eyes"
    assert services.approve_post(by=world.people["hq_staff"], post=p).status == "approved"


def test_return_post_to_draft_by_the_approver(world):
    p = services.return_post(by=world.people["hq_staff"], post=post(world, status="approved"), note="typo")
    assert (p.status, p.approved_by, p.approved_at) == ("draft", None, None)


def test_return_post_denied_to_the_office_staff(world):
    with pytest.raises(PermissionDenied):
        services.return_post(by=world.people["office_staff"], post=post(world, status="in_review"))


def test_mark_posted_with_link_and_time(world):
    p = post(world, status="approved")
    when = timezone.now() - timedelta(minutes=10)
    p = services.mark_posted(by=world.people["office_staff"], post=p, posted_url="https://fb.com/p/1",
                             posted_at=when)
    assert (p.status, p.posted_url, p.posted_at) == ("posted", "https://fb.com/p/1", when)


def test_mark_posted_refused_without_link_or_in_the_future(world):
    p = post(world, status="approved")
    with pytest.raises(ValidationError) as no_link:
        services.mark_posted(by=world.people["office_staff"], post=p, posted_url="", posted_at=timezone.now())
    assert "posted_url" in no_link.value.error_dict
    with pytest.raises(ValidationError) as future:
        services.mark_posted(by=world.people["office_staff"], post=p, posted_url="https://fb.com/p/1",
                             posted_at=timezone.now() + timedelta(days=1))
    assert "posted_at" in future.value.error_dict
    p.refresh_from_db()
    assert p.status == "approved"


def test_mark_posted_denied_before_approval_and_to_others(world):
    with pytest.raises(ValidationError):
        services.mark_posted(by=world.people["office_staff"], post=post(world, status="in_review"),
                             posted_url="https://fb.com/p/1", posted_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.mark_posted(by=world.people["branch_staff"], post=post(world, status="approved"),
                             posted_url="https://fb.com/p/1", posted_at=timezone.now())


def test_cancel_post_by_the_office_staff_and_not_once_posted(world):
    p = services.cancel_post(by=world.people["office_staff"], post=post(world, status="approved"))
    assert p.status == "cancelled"
    with pytest.raises(ValidationError):
        services.cancel_post(by=world.people["office_staff"], post=post(world, status="posted"))


def test_cancel_post_denied_to_headquarters(world):
    with pytest.raises(PermissionDenied):
        services.cancel_post(by=world.people["hq_staff"], post=post(world))


def test_edit_post_only_as_a_draft(world):
    p = post(world, status="in_review")
    with pytest.raises(PermissionDenied):
        services.edit_post(by=world.people["office_staff"], post=p, text="changed")


def test_record_figures_of_a_posted_post(world):
    p = post(world, status="posted")
    with audit.watch():
        p = services.record_figures(by=world.people["office_staff"], post=p, reach=1500, impressions=2300,
                                    engagements=87)
    assert (p.reach, p.impressions, p.engagements) == (1500, 2300, 87)
    assert p.figures_updated_at is not None
    assert entry_of(p, "social.post.figures").changes["reach"] == [None, 1500]


def test_record_figures_denied_before_posting_and_to_another_office(world):
    with pytest.raises(PermissionDenied):
        services.record_figures(by=world.people["office_staff"], post=post(world, status="approved"), reach=1)
    with pytest.raises(PermissionDenied):
        services.record_figures(by=world.people["branch_staff"], post=post(world, status="posted"), reach=1)


def test_record_followers_replaces_the_month(world):
    a = account(world)
    day = timezone.localdate()
    services.record_followers(by=world.people["office_staff"], account=a, month=day, followers=100)
    services.record_followers(by=world.people["office_staff"], account=a, month=day, followers=120)
    assert list(AccountFigure.objects.values_list("month", "followers")) == [(day.replace(day=1), 120)]


def test_record_followers_denied_to_another_office(world):
    with pytest.raises(PermissionDenied):
        services.record_followers(by=world.people["branch_staff"], account=account(world),
                                  month=timezone.localdate(), followers=1)


def test_plan_post_refused_on_another_holders_account(world):
    with pytest.raises(PermissionDenied):
        services.plan_post(by=world.people["office_staff"], account=hq_account(world),
                           planned_at=timezone.now(), text="x", link="", featured=None, event=None)


def test_plan_post_refuses_a_featured_organisation_that_is_not_a_local_government(world):
    with pytest.raises(ValidationError) as refused:
        services.plan_post(by=world.people["office_staff"], account=account(world), planned_at=timezone.now(),
                           text="x", link="", featured=world.association, event=None)
    assert "featured" in refused.value.error_dict


def test_accept_promotion_plans_a_draft_post(world):
    r = promotion(world)
    a = account(world)
    r = services.accept_promotion(by=world.people["office_staff"], request=r, account=a)
    assert r.status == "accepted"
    p = Post.objects.get(promotion=r)
    assert (p.status, p.account, p.featured, p.link) == ("draft", a, world.chiyoda, "https://example.jp/festa")
    planned = timezone.localtime(p.planned_at, ZoneInfo(world.nyc.timezone))
    assert (planned.date(), planned.hour) == (r.wanted_from, 12)


def test_accept_promotion_refused_on_another_holders_account(world):
    r = promotion(world)
    with pytest.raises(ValidationError):
        services.accept_promotion(by=world.people["hq_staff"], request=r, account=hq_account(world))
    assert not Post.objects.filter(promotion=r).exists()


def test_accept_promotion_denied_to_the_requester(world):
    with pytest.raises(PermissionDenied):
        services.accept_promotion(by=world.people["municipality_staff"], request=promotion(world),
                                  account=account(world))


def test_decline_promotion_needs_a_reason(world):
    r = promotion(world)
    with pytest.raises(ValidationError):
        services.decline_promotion(by=world.people["office_staff"], request=r, reason=" ")
    r = services.decline_promotion(by=world.people["office_staff"], request=r, reason="Outside our countries")
    assert (r.status, r.reason) == ("declined", "Outside our countries")


def test_file_promotion_only_for_an_organisation_one_works_for(world):
    with pytest.raises(ValidationError) as refused:
        services.file_promotion(by=world.people["municipality_staff"], requester=world.minato, office=world.nyc,
                                title="x", link="https://example.jp", message="m",
                                wanted_from=timezone.localdate(), wanted_until=None, event=None)
    assert "requester" in refused.value.error_dict


def test_file_promotion_denied_to_a_jet_participant(world):
    with pytest.raises(PermissionDenied):
        services.file_promotion(by=world.people["jet"], requester=world.chiyoda, office=world.nyc, title="x",
                                link="https://example.jp", message="m", wanted_from=timezone.localdate(),
                                wanted_until=None, event=None)
