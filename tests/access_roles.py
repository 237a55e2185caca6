"""The role sets that access tables name."""

ALL = frozenset({
    "anonymous", "municipality_staff", "municipality_admin", "association_staff", "hq_staff", "branch_staff",
    "office_staff", "reviewer", "expert", "jet", "alumnus", "superuser",
    "other_municipality_staff", "prefecture_staff", "former_member", "pa", "counsellor", "chapter_officer",
    "other_pa", "former_participant", "other_counsellor", "counselling_supervisor", "other_chapter_officer",
})
SIGNED_IN = ALL - {"anonymous"}
CLAIR = frozenset({"hq_staff", "branch_staff", "office_staff", "superuser"})
HQ = frozenset({"hq_staff", "superuser"})
