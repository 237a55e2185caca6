"""Who may see and do what with the people and bodies of the field.

Managers: the public directory shows those who consented to be listed; withdrawing hides them at once (the lists
and the search ask the same condition). A manager with an account sees their own entry, and, once they joined
the network, the other managers who joined it (with their contact address). CLAIR staff see every entry;
headquarters certifies, enters earlier years and edits. A manager (or headquarters, on their word) gives or
withdraws the consents.

Associations and NGOs: their listed profiles are public; the organisation's working members and CLAIR staff
see the unlisted ones; the organisation's working members and headquarters keep them. NGO staff register their
organisation's profile; headquarters registers any NGO.

The Plaza's consultations and their notes are headquarters' work (the Plaza is run by headquarters).
"""

from kizuna.core.enums import OrgKind
from kizuna.core.policies import ANYONE, Field, IsUser, Policy, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs

from .models import Manager


def is_network_member(user) -> bool:
    """A certified manager with an account in Kizuna who joined the network."""
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_kizuna_network_member", None)  # getattr: request.user is a lazy object
    if cache is None:
        cache = user._kizuna_network_member = Manager.objects.filter(person=user, in_network=True).exists()
    return cache


def is_ngo_staff(user) -> bool:
    return bool(working_orgs(user, {OrgKind.NGO}))


NETWORK_MEMBER = Who(is_network_member, "network_member")
LISTED = Field("is_listed", True)


class NetworksPolicy(Policy):
    """Pages about no record in particular."""

    actions = {
        "networks.view_directories": ANYONE,
        "networks.add_manager": HQ_STAFF,
        "networks.certify_managers": HQ_STAFF,
        "networks.view_network": NETWORK_MEMBER,
        "networks.add_association": HQ_STAFF,
        "networks.add_ngo": Who(is_ngo_staff, "ngo_staff") | HQ_STAFF,
        "networks.view_consultations": HQ_STAFF,
        "networks.add_consultation": HQ_STAFF,
    }


class ManagerPolicy(Policy):
    model = "networks.Manager"
    view = "networks.view_manager"
    actions = {
        "networks.view_manager": LISTED | IsUser("person") | (Field("in_network", True) & NETWORK_MEMBER)
        | CLAIR_STAFF,
        # The contact address: the person, the network, CLAIR.
        "networks.view_manager_contact": IsUser("person") | (Field("in_network", True) & NETWORK_MEMBER)
        | CLAIR_STAFF,
        "networks.change_manager": HQ_STAFF,
        "networks.change_consent": IsUser("person") | HQ_STAFF,
    }


ORGANISATION = WorksFor("organisation")


class AssociationProfilePolicy(Policy):
    model = "networks.AssociationProfile"
    view = "networks.view_association"
    actions = {
        "networks.view_association": LISTED | ORGANISATION | CLAIR_STAFF,
        "networks.change_association": ORGANISATION | HQ_STAFF,
    }


class NgoProfilePolicy(Policy):
    model = "networks.NgoProfile"
    view = "networks.view_ngo"
    actions = {
        "networks.view_ngo": LISTED | ORGANISATION | CLAIR_STAFF,
        "networks.change_ngo": ORGANISATION | HQ_STAFF,
    }


class ConsultationPolicy(Policy):
    model = "networks.Consultation"
    view = "networks.view_consultation"
    actions = {
        "networks.view_consultation": HQ_STAFF,
        "networks.work_consultation": HQ_STAFF,
    }


class ConsultationNotePolicy(Policy):
    model = "networks.ConsultationNote"
    view = "networks.view_consultation_note"
    actions = {"networks.view_consultation_note": HQ_STAFF}


for _policy in (NetworksPolicy, ManagerPolicy, AssociationProfilePolicy, NgoProfilePolicy, ConsultationPolicy,
                ConsultationNotePolicy):
    register(_policy())
