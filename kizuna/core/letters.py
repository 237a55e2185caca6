"""What every official letter (公文書) shares: the addressee as the head of the body it is sent to.

A letter to a local government is addressed to its head, not to the body: 千代田区長 様, 東京都知事 様. The kind
of body comes from the reference data (`Organisation.kind`, `Organisation.municipality_type`)."""

from .enums import MunicipalityType, OrgKind

# The head's title after the body's name, by the type of local government.
HEADS = {
    MunicipalityType.PREFECTURE: "知事",
    MunicipalityType.DESIGNATED_CITY: "長",
    MunicipalityType.CITY: "長",
    MunicipalityType.SPECIAL_WARD: "長",
    MunicipalityType.TOWN: "長",
    MunicipalityType.VILLAGE: "長",
    MunicipalityType.WARD: "長",
}


def head_of_body(organisation) -> str:
    """The head of the body as a letter names them: 千代田区長, 東京都知事; for another organisation (an
    association, an NPO) its name and 代表者, the title every one of them has."""
    title = HEADS.get(organisation.municipality_type)
    if title is None and organisation.kind == OrgKind.PREFECTURE:
        title = "知事"
    if title is None and organisation.kind in (OrgKind.MUNICIPALITY, OrgKind.WARD):
        title = "長"
    if title is None:
        return f"{organisation.name} 代表者"
    return f"{organisation.name}{title}"


def addressee(organisation=None, person=None) -> str:
    """The letter's addressee with its honorific: 千代田区長 様, or a person's name 様."""
    if organisation is not None:
        return f"{head_of_body(organisation)} 様"
    return f"{person.full_name or person.email} 様"
