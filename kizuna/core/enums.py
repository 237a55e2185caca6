"""Organisation kinds and membership roles shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    HEADQUARTERS = "hq", _("CLAIR headquarters")
    BRANCH = "branch", _("CLAIR branch")
    OVERSEAS_OFFICE = "office", _("CLAIR overseas office")
    PREFECTURE = "prefecture", _("Prefecture")
    MUNICIPALITY = "municipality", _("Municipality")
    WARD = "ward", _("Designated-city ward")
    ASSOCIATION = "association", _("Regional international association")
    CONTRACTING = "contracting", _("Contracting organisation (private school)")
    NGO = "ngo", _("NGO / NPO")
    FOREIGN_GOVERNMENT = "foreign_gov", _("Foreign local government")
    JETAA_CHAPTER = "jetaa", _("JETAA chapter")
    COMPANY = "company", _("Company (career fairs, internships)")
    EXPERT_POOL = "experts", _("Expert and adviser pool")
    OTHER = "other", _("Other organisation")


CLAIR_KINDS = frozenset({OrgKind.HEADQUARTERS, OrgKind.BRANCH, OrgKind.OVERSEAS_OFFICE})
LOCAL_GOVERNMENT_KINDS = frozenset({OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD})
# Kinds that staff may create in pages; the rest come from reference data.
USER_CREATABLE_KINDS = frozenset(
    {OrgKind.ASSOCIATION, OrgKind.CONTRACTING, OrgKind.NGO, OrgKind.FOREIGN_GOVERNMENT, OrgKind.JETAA_CHAPTER,
     OrgKind.COMPANY, OrgKind.OTHER}
)


class MunicipalityType(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    DESIGNATED_CITY = "designated_city", _("Designated city")
    CITY = "city", _("City")
    SPECIAL_WARD = "special_ward", _("Special ward (Tokyo)")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    WARD = "ward", _("Ward of a designated city")
    NONE = "", _("Not a local government")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    REVIEWER = "reviewer", _("Reviewer")
    EXPERT = "expert", _("Expert / adviser")
    JET = "jet", _("JET participant")
    PA = "pa", _("Prefectural Advisor")
    COUNSELLOR = "counsellor", _("Counsellor")
    COUNSELLING_SUPERVISOR = "counselling_supervisor", _("Counselling supervisor")
    ALUMNUS = "alumnus", _("JET alumnus")
    CHAPTER_OFFICER = "chapter_officer", _("JETAA chapter officer")


# Roles that act for the organisation (as opposed to people attached to it).
WORKING_ROLES = frozenset({Role.ADMIN, Role.STAFF})
