"""The delegations' rows of the URL × role access table (merged by tests/access.py).

Everyone at CLAIR reads the programmes, delegations and members. Headquarters set up programmes and print a whole
programme's documents; headquarters and the offices register delegations. The sample delegation is the Chinese
one, handled by the New York office: its staff and headquarters manage it, see the members' needs and print its
documents. The sample visit is to Chiyoda: Chiyoda's working members see it (and not the delegation's page)."""

from tests.access_roles import CLAIR, HQ

OFFICE = frozenset({"office_staff"})
HANDLERS = HQ | OFFICE
CHIYODA = frozenset({"municipality_staff", "municipality_admin"})
LOCAL = CHIYODA | {"association_staff", "other_municipality_staff", "prefecture_staff"}

PERMISSION_ROLES = {
    "delegations.view_programmes": CLAIR,
    "delegations.view_programme": CLAIR,
    "delegations.add_programme": HQ,
    "delegations.manage_programme": HQ,
    "delegations.add_delegation": HANDLERS,
    "delegations.print_programme": HQ,
    "delegations.view_delegation": CLAIR,
    "delegations.manage_delegation": HANDLERS,
    "delegations.view_needs": HANDLERS,
    "delegations.print_delegation": HANDLERS,
    "delegations.view_member": CLAIR,
    "delegations.view_visit": CLAIR | CHIYODA,
    "delegations.view_visits": CLAIR | LOCAL,
    "delegations.manage_visit": HANDLERS,
}


def _programme(w, role):
    from tests.delegations.conftest import programme

    return {"pk": programme(w).pk}


def _delegation(**extra):
    def sample(w, role):
        from tests.delegations.conftest import chinese

        return {"pk": chinese(w).pk, **extra}

    return sample


def _member(w, role):
    from tests.delegations.conftest import chinese

    d = chinese(w)
    return {"pk": d.pk, "member_pk": d.members.get(role="interpreter").pk}


def _visit(w, role):
    from tests.delegations.conftest import visit

    return {"pk": visit(w).pk}


SAMPLES = {
    "delegations:programme": _programme,
    "delegations:programme_edit": _programme,
    "delegations:programme_badges": _programme,
    "delegations:programme_list": _programme,
    "delegations:delegation_new": _programme,
    "delegations:delegation": _delegation(),
    "delegations:delegation_edit": _delegation(),
    "delegations:delegation_step": _delegation(action="confirm"),
    "delegations:delegation_cancel": _delegation(),
    "delegations:delegation_badges": _delegation(),
    "delegations:delegation_list": _delegation(),
    "delegations:delegation_itinerary": _delegation(),
    "delegations:member_new": _delegation(),
    "delegations:members_import": _delegation(),
    "delegations:member_edit": _member,
    "delegations:member_remove": _member,
    "delegations:visit_new": _delegation(),
    "delegations:visit": _visit,
    "delegations:visit_edit": _visit,
    "delegations:visit_remove": _visit,
    "api:delegations_get": lambda w, role: {"delegation_id": _delegation()(w, role)["pk"]},
    "api:delegations_members": lambda w, role: {"delegation_id": _delegation()(w, role)["pk"]},
}


def _visit_hosted_by_mine(user, obj) -> bool:
    """The visits page of a host local government names the delegation that visits it."""
    from kizuna.delegations.models import Visit

    return Visit.objects.visible_to(user).filter(delegation=obj).exists()


SHOWN_WITH = {"delegations.Delegation": _visit_hosted_by_mine}


def _mixed(w):
    """The Chinese delegation (New York) visiting Chiyoda, the Korean one (headquarters) visiting Minato, and a
    cancelled French one."""
    from django.utils import timezone

    from kizuna.delegations import services
    from tests.delegations.conftest import chinese, korean, programme

    chinese(w)
    kr = korean(w)
    services.add_visit(by=w.people["hq_staff"], delegation=kr, host=w.minato, starts_at=timezone.now(),
                       ends_at=None, place="港区役所", purpose="視察")
    fr = services.register_delegation(by=w.people["hq_staff"], programme=programme(w), handled_by=w.hq,
                                      name="Délégation française", name_en="French delegation", country="FR",
                                      government=None, notes="")
    services.cancel_delegation(by=w.people["hq_staff"], delegation=fr, reason="annulé")


MIXED = [_mixed]
