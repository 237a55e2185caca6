"""The networks' rows of the URL × role access table (merged by tests/access.py).

The directories are public: anyone opens the lists and the listed entries. The sample manager is listed (so
everyone opens it); headquarters edits; the consents are the manager's (the sample has no account) and
headquarters'. The sample association is Tokyo's: its working members and headquarters keep it. The network is
for managers who joined it (no role of the world has joined). The Plaza's consultations are headquarters'."""

from tests.access_roles import ALL, HQ

PERMISSION_ROLES = {
    "networks.view_directories": ALL,
    "networks.view_manager": ALL,
    "networks.add_manager": HQ,
    "networks.certify_managers": HQ,
    "networks.change_manager": HQ,
    "networks.change_consent": HQ,
    "networks.view_manager_contact": frozenset({"hq_staff", "branch_staff", "office_staff", "superuser"}),
    "networks.view_network": frozenset({"superuser"}),  # Django grants superusers what no rule denies
    "networks.view_association": ALL,
    "networks.add_association": HQ,
    "networks.change_association": HQ | {"association_staff"},
    "networks.view_ngo": ALL,
    "networks.add_ngo": HQ,
    "networks.change_ngo": HQ,
    "networks.view_consultations": HQ,
    "networks.add_consultation": HQ,
    "networks.view_consultation": HQ,
    "networks.work_consultation": HQ,
}


def _manager(w, role):
    from tests.networks.conftest import manager

    return {"pk": manager(w).pk}


def _association(w, role):
    from tests.networks.conftest import association

    return {"pk": association(w).pk}


def _ngo(w, role):
    from tests.networks.conftest import ngo

    return {"pk": ngo(w).pk}


def _consultation(status, **extra):
    def sample(w, role):
        from tests.networks.conftest import consultation

        return {"pk": consultation(w, status).pk, **extra}

    return sample


SAMPLES = {
    "networks:manager": _manager,
    "networks:manager_edit": _manager,
    "networks:manager_consent": _manager,
    "networks:association": _association,
    "networks:association_edit": _association,
    "networks:ngo": _ngo,
    "networks:ngo_edit": _ngo,
    "networks:consultation": _consultation("received"),
    "networks:consultation_step": _consultation("received", action="take"),
    "networks:consultation_note": _consultation("received"),
    "api:networks_get_manager": lambda w, role: {"manager_id": _manager(w, role)["pk"]},
    "api:networks_set_consent": lambda w, role: {"manager_id": _manager(w, role)["pk"]},
    "api:networks_get_association": lambda w, role: {"association_id": _association(w, role)["pk"]},
    "api:networks_change_association": lambda w, role: {"association_id": _association(w, role)["pk"]},
    "api:networks_get_ngo": lambda w, role: {"ngo_id": _ngo(w, role)["pk"]},
    "api:networks_change_ngo": lambda w, role: {"ngo_id": _ngo(w, role)["pk"]},
}


def _mixed(w):
    """Managers listed and unlisted, in and out of the network (one certified from a training, with an account);
    the Tokyo association listed and another unlisted; NGOs listed and unlisted (one of an NGO's own staff);
    consultations in every state with a note."""
    from kizuna.core.enums import OrgKind
    from kizuna.networks import services
    from tests.factories import OrganisationFactory
    from tests.networks.conftest import association, consultation, manager, ngo, ngo_staff, training

    manager(w)
    manager(w, name="上原 良", kana="うえはら りょう", romaji="Uehara Ryo", listed=False, network=True)
    manager(w, name="金子 由紀", kana="かねこ ゆき", romaji="Kaneko Yuki", listed=False, network=False)
    services.certify_from_event(by=w.people["hq_staff"], event=training(w))
    association(w)
    other = OrganisationFactory(kind=OrgKind.ASSOCIATION, name="大阪府国際交流財団", prefecture=w.osaka)
    services.add_association(by=w.people["hq_staff"], organisation=other, area=w.osaka, fields=["health"],
                             is_listed=False)
    ngo(w)
    ngo(w, name="準備中の交流会", kana="じゅんびちゅうのこうりゅうかい", listed=False)
    staff = ngo_staff(w)
    services.register_ngo(by=staff, organisation=w.ngo_org, fields=["education"], regions=["kanto"],
                          languages=["ja", "pt"], is_listed=False)
    for status in ("received", "in_progress", "answered", "closed"):
        case = consultation(w, status)
    services.add_note(by=w.people["hq_staff"], consultation=case, text="確認済み。")


MIXED = [_mixed]
