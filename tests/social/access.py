"""The social-media calendar's rows of the URL × role access table (merged by tests/access.py).

Everyone at CLAIR reads the calendar, the accounts and the posts. The sample account is the New York office's:
its staff plan, send for review and mark posted; headquarters (the office here has no administrator in the
world) approve and return, and manage the account. Promotion requests: local governments, associations and CLAIR
ask; the sample request is Chiyoda's to New York, seen by Chiyoda's working members, the office and headquarters."""

from tests.access_roles import CLAIR, HQ

OFFICE = frozenset({"office_staff"})
ASKERS = frozenset({"municipality_staff", "municipality_admin", "association_staff", "other_municipality_staff",
                    "prefecture_staff"}) | CLAIR

PERMISSION_ROLES = {
    "social.view_calendar": CLAIR,
    "social.view_post": CLAIR,
    "social.view_account": CLAIR,
    "social.add_account": HQ | OFFICE,
    "social.manage_account": HQ,
    "social.plan_post": OFFICE,
    "social.record_followers": HQ | OFFICE,
    "social.import_figures": HQ | OFFICE,
    "social.edit_post": OFFICE,
    "social.draft_post": OFFICE,
    "social.approve_post": HQ,
    "social.record_figures": HQ | OFFICE,
    "social.view_promotions": ASKERS,
    "social.file_promotion": ASKERS,
    "social.view_promotion": HQ | OFFICE | {"municipality_staff", "municipality_admin"},
    "social.decide_promotion": HQ | OFFICE,
}


def _account(w, role):
    from tests.social.conftest import account

    return {"pk": account(w).pk}


def _post(status, **extra):
    def sample(w, role):
        from tests.social.conftest import sample_post

        return {"pk": sample_post(w, status).pk, **extra}

    return sample


def _promotion(w, role):
    from tests.social.conftest import promotion

    return {"pk": promotion(w).pk}


SAMPLES = {
    "social:post_new": _account,
    "social:account": _account,
    "social:account_edit": _account,
    "social:account_followers": _account,
    "social:figures_import": _account,
    "social:post": _post("draft"),
    "social:post_edit": _post("draft"),
    "social:post_step": _post("draft", action="submit"),
    "social:post_review": _post("in_review", action="approve"),
    "social:post_posted": _post("approved"),
    "social:post_figures": _post("posted"),
    "social:promotion": _promotion,
    "social:promotion_accept": _promotion,
    "social:promotion_decline": _promotion,
    "api:social_get_post": lambda w, role: {"post_id": _post("posted")(w, role)["pk"]},
}


def _mixed(w):
    """Accounts of New York and headquarters with follower figures, posts in every state on both, and promotion
    requests of Chiyoda and Minato."""
    from datetime import timedelta

    from django.utils import timezone

    from kizuna.social import services
    from tests.social.conftest import account, hq_account, post, promotion

    nyc, hq = account(w), hq_account(w)
    month = timezone.localdate().replace(day=1)
    services.record_followers(by=w.people["office_staff"], account=nyc, month=month, followers=1200)
    services.record_followers(by=w.people["hq_staff"], account=hq, month=month, followers=5400)
    for status in ("draft", "in_review", "approved", "posted", "cancelled"):
        post(w, status=status, text=f"New York {status}")
    services.plan_post(by=w.people["hq_staff"], account=hq, planned_at=timezone.now() + timedelta(days=2),
                       text="本部の投稿", link="", featured=None, event=None)
    promotion(w)
    promotion(w, requester=w.minato, title="港区 ハロウィン")


MIXED = [_mixed]
