"""The sister-city registry's rows of the URL × role access table (merged by tests/access.py).

The registry, its partners, counts, map, open data and the published "looking for a partner" entries are public.
The sample affiliation and proposals are Chiyoda's: its working members and the Tokyo prefecture's staff (who may
propose for the prefecture's municipalities) propose changes, read the proposals, the history and the
agreement; another municipality (Minato) proposes only for itself. Headquarters decide, record states and
import."""

from tests.access_roles import ALL, HQ

CHIYODA = frozenset({"municipality_staff", "municipality_admin"})
CONCERNED = CHIYODA | {"prefecture_staff"}
PROPOSERS = CONCERNED | {"other_municipality_staff"}

PERMISSION_ROLES = {
    "exchange.view_registry": ALL,
    "exchange.view_partner": ALL,
    "exchange.view_affiliation": ALL,
    "exchange.view_affiliation_history": HQ | CONCERNED,
    "exchange.view_agreement": HQ | CONCERNED,
    "exchange.manage_affiliation": HQ,
    "exchange.propose_change": CONCERNED,
    "exchange.import_affiliations": HQ,
    "exchange.view_proposal": HQ | CONCERNED,
    "exchange.view_proposals": HQ | PROPOSERS,
    # Django grants superusers a permission checked without a record (the page opens; they act for no government)
    "exchange.propose": PROPOSERS | {"superuser"},
    "exchange.decide_proposal": HQ,
    "exchange.edit_proposal": CONCERNED,
    "exchange.view_wanted": ALL,
    "exchange.edit_wanted": HQ | CHIYODA,
    "exchange.add_wanted": PROPOSERS | {"superuser"},
}


def _affiliation(w, role):
    from tests.exchange.conftest import affiliation

    return {"pk": affiliation(w).pk}


def _agreement(w, role):
    from tests.exchange.conftest import with_agreement

    return {"pk": with_agreement(w).pk}


def _proposal(status, **extra):
    def sample(w, role):
        from tests.exchange.conftest import proposal

        return {"pk": proposal(w, status).pk, **extra}

    return sample


def _wanted(w, role):
    from tests.exchange.conftest import wanted

    return {"pk": wanted(w).pk}


def _partner(w, role):
    from tests.exchange.conftest import affiliation

    return {"pk": affiliation(w).partner_id}


SAMPLES = {
    "exchange:government": lambda w, role: {"code": "131016"},
    "exchange:affiliation": _affiliation,
    "exchange:agreement": _agreement,
    "exchange:affiliation_step": lambda w, role: {**_affiliation(w, role), "action": "lapse"},
    "exchange:proposal_change": _affiliation,
    "exchange:partner": _partner,
    "exchange:proposal": _proposal("submitted"),
    "exchange:proposal_edit": _proposal("returned"),
    "exchange:proposal_decide": _proposal("submitted", action="reject"),
    "exchange:wanted": _wanted,
    "exchange:wanted_edit": _wanted,
    "api:exchange_get_affiliation": lambda w, role: {"affiliation_id": _affiliation(w, role)["pk"]},
    "api:exchange_get_proposal": lambda w, role: {"proposal_id": _proposal("submitted")(w, role)["pk"]},
    "api:exchange_decide_proposal": lambda w, role: {"proposal_id": _proposal("submitted")(w, role)["pk"]},
}


def _mixed(w):
    """Affiliations of Chiyoda (counted) and Minato (not counted), proposals of Chiyoda in every state, a
    change proposal, and the entries of Chiyoda and Minato in the "looking for a partner" list."""
    from kizuna.exchange import services
    from tests.exchange.conftest import affiliation, not_counted, proposal, wanted

    a = affiliation(w)
    not_counted(w)
    for status in ("submitted", "returned", "approved", "rejected"):
        proposal(w, status, name=f"Westminster {status}")
    services.propose(by=w.people["municipality_staff"], local_government=w.chiyoda, affiliation=a,
                     affiliation_type="sister", signed_on=a.signed_on, exchange_fields=["education", "sports"])
    wanted(w)
    entry = wanted(w, government=w.minato)
    services.save_wanted(by=w.people["other_municipality_staff"], entry=entry, is_published=False)


MIXED = [_mixed]
