"""The award's rows of the URL × role access table (merged by tests/access.py).

The sample round is FY2026's, open for nominations, blind, municipalities through their prefecture. The sample
nominations are Chiyoda's (the nominating local government: `municipality_staff`), sent to Tokyo (the
prefecture: `prefecture_staff`) or endorsed by it; Minato (`other_municipality_staff`) is another local
government and sees none of them. The judge (`reviewer`) never opens a nomination: they judge the grants
application it becomes, on the grants reviewers' pages."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

CHIYODA = frozenset({"municipality_staff", "municipality_admin"})
TOKYO = frozenset({"prefecture_staff"})
NOMINATORS = CHIYODA | TOKYO | {"association_staff", "other_municipality_staff"}

PERMISSION_ROLES = {
    "awards.view_rounds": ALL,
    "awards.view_winners": ALL,
    "awards.view_round": ALL,
    "awards.manage_round": HQ,
    "awards.nominate": NOMINATORS,
    "awards.view_panel": CLAIR,
    "awards.assign_judges": HQ,
    "awards.decide_winners": HQ,
    "awards.publish_round": HQ,
    "awards.view_nominations": SIGNED_IN,
    "awards.view_nomination": CLAIR | CHIYODA | TOKYO,
    "awards.change_nomination": CHIYODA,
    "awards.send_nomination": CHIYODA,
    "awards.endorse_nomination": TOKYO,
    "awards.check_eligibility": HQ,
}


def _round(w, role):
    from tests.awards.conftest import award_round

    return {"pk": award_round(w).pk}


def _nomination(status, title):
    def sample(w, role):
        from tests.awards.conftest import nomination

        return {"pk": nomination(w, status, title=title).pk}

    return sample


DRAFT = _nomination("draft", "sample draft nomination")
SENT = _nomination("with_prefecture", "sample nomination sent to Tokyo")
NOMINATED = _nomination("nominated", "sample nomination endorsed by Tokyo")

SAMPLES = {
    "awards:round": _round,
    "awards:nominate": _round,
    "awards:panel": _round,
    "awards:panel_assign": _round,
    "awards:panel_decide": _round,
    "awards:publish": _round,
    "awards:nomination": SENT,
    "awards:nomination_edit": DRAFT,
    "awards:nomination_send": DRAFT,
    "awards:nomination_nominate": DRAFT,
    "awards:nomination_withdraw": DRAFT,
    "awards:nomination_endorse": SENT,
    "awards:nomination_return": SENT,
    "awards:nomination_check": NOMINATED,
    "api:awards_panel": lambda w, role: {"round_id": _round(w, role)["pk"]},
    "api:awards_check_eligibility": lambda w, role: {"nomination_id": NOMINATED(w, role)["pk"]},
}


def _mixed(w):
    """A round with nominations of Chiyoda in every state, one of Minato endorsed by Tokyo, Tokyo's own, the
    association's; judged, three winners decided and published; and an earlier year's published round."""
    from kizuna.awards import services
    from tests.awards.conftest import award_round, nomination, score_all

    r = award_round(w)
    for status in ("draft", "with_prefecture", "returned"):
        nomination(w, status, title=f"mixed {status}")
    found = [nomination(w, "eligible", title="mixed chiyoda"),
             nomination(w, "eligible", by="other_municipality_staff", title="mixed minato"),
             nomination(w, "eligible", by="prefecture_staff", title="mixed tokyo"),
             nomination(w, "eligible", by="association_staff", title="mixed association")]
    nomination(w, "ineligible", by="prefecture_staff", title="mixed ineligible")
    judge = w.people["reviewer"]
    services.assign_judge(by=w.people["hq_staff"], round=r, judge=judge)
    score_all(w, judge, r, dict(zip(found, [5, 4, 3, 2], strict=True)))
    services.decide_winners(by=w.people["hq_staff"], round=r,
                            winners={n.pk: {"citation": f"{n.title}の功績"} for n in found[:3]})
    services.publish_round(by=w.people["hq_staff"], round=r)


MIXED = [_mixed]


def _published_winner(user, obj) -> bool:
    """The public winners' list (page and API) names a winner of a published round, with its citation."""
    from kizuna.awards.queries import winners

    return winners().filter(pk=obj.pk).exists()


SHOWN_WITH = {"awards.Nomination": _published_winner}
