"""Every write of the sister-city registry: partners, proposals and their decisions (approving applies the
proposed values to the registry), the states of affiliations, and the "looking for a partner" entries. Each
write checks the permission (`require`) and leaves an audit entry (`create_logged`, `save_logged`, or a
transition)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.countries import is_country_code
from kizuna.core.enums import OrgKind
from kizuna.core.policies import require
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from .enums import (
    AFFILIATION_TRANSITIONS,
    HOLDER_KINDS,
    PROPOSAL_TRANSITIONS,
    AffiliationStatus,
    ExchangeField,
    ProposalKind,
)
from .models import WIKIDATA, Affiliation, ForeignPartner, PartnerWanted, Proposal

# What an affiliation records (and a proposal proposes) besides its partner and local government.
AFFILIATION_FIELDS = ("affiliation_type", "signed_on", "signatories", "assembly_approved_on", "exchange_fields",
                      "ends_on", "renewed_on", "heads_signed", "several_fields", "assembly_approved", "note")
PARTNER_FIELDS = ("partner_country", "partner_name", "partner_name_en", "partner_region", "partner_latitude",
                  "partner_longitude")
PROPOSAL_FIELDS = (*AFFILIATION_FIELDS, *PARTNER_FIELDS, "partner", "dissolved_on", "document")
WANTED_FIELDS = ("wished_countries", "wished_regions", "population", "population_on", "area_km2", "outline", "url",
                 "wished_traits", "pr_notes", "is_published")


def _unknown(fields, allowed, what) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} cannot change {sorted(unknown)}")


def proposes_for(user) -> list:
    """The local governments a person may propose for: those they work for and, for a prefecture's staff, the
    municipalities of their prefecture (see rules.py)."""
    from kizuna.core.models import Organisation  # noqa: PLC0415 - core models import core rules (cycle)

    own = working_orgs(user, HOLDER_KINDS)
    prefectures = [o.pk for o in own if o.kind == OrgKind.PREFECTURE]
    found = {o.pk: o for o in own}
    if prefectures:
        for org in Organisation.objects.filter(prefecture__in=prefectures, kind__in=HOLDER_KINDS, is_active=True):
            found.setdefault(org.pk, org)
    return sorted(found.values(), key=lambda o: o.code or "")


def may_propose_for(user, local_government) -> bool:
    if local_government is None or local_government.kind not in HOLDER_KINDS:
        return False
    ids = {o.pk for o in working_orgs(user, HOLDER_KINDS)}
    return local_government.pk in ids or (local_government.prefecture_id in ids)


def clean_exchange_fields(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in ExchangeField.values]
    if unknown:
        raise ValidationError({"exchange_fields": _("Unknown field of exchange: %(fields)s.")
                                                  % {"fields": ", ".join(map(str, unknown))}})
    return values


def check_dates(values: dict) -> dict:
    """Problems with the dates of an affiliation (or a proposal), by field."""
    problems = {}
    today = timezone.localdate()
    signed = values.get("signed_on")
    if signed is None:
        problems["signed_on"] = _("Give the affiliation date (the day the agreement was signed).")
    elif signed > today:
        problems["signed_on"] = _("The affiliation date cannot be in the future.")
    for name in ("assembly_approved_on", "renewed_on", "dissolved_on"):
        value = values.get(name)
        if value and value > today:
            problems[name] = _("This date cannot be in the future.")
    ends = values.get("ends_on")
    if signed and ends and ends < signed:
        problems["ends_on"] = _("The end of the term cannot come before the affiliation date.")
    renewed = values.get("renewed_on")
    if signed and renewed and renewed < signed and "renewed_on" not in problems:
        problems["renewed_on"] = _("A renewal cannot come before the affiliation date.")
    dissolved = values.get("dissolved_on")
    if signed and dissolved and dissolved < signed and "dissolved_on" not in problems:
        problems["dissolved_on"] = _("The affiliation cannot be dissolved before it was signed.")
    return problems


# -- partners ------------------------------------------------------------------------------------------------------

def find_partner(country: str, name: str) -> ForeignPartner | None:
    """The partner of `country` whose local or English name is `name` (any case)."""
    name = (name or "").strip()
    if not name:
        return None
    return (ForeignPartner.objects.filter(country=country, name__iexact=name).first()
            or ForeignPartner.objects.filter(country=country, name_en__iexact=name).first())


def check_partner(country: str, name: str, wikidata_id: str = "") -> dict:
    problems = {}
    if not is_country_code(country or ""):
        problems["partner_country"] = _("Choose the partner's country.")
    if not (name or "").strip():
        problems["partner_name"] = _("Give the partner's name.")
    if wikidata_id:
        try:
            WIKIDATA(wikidata_id)
        except ValidationError as error:
            problems["wikidata_id"] = error.messages[0]
    return problems


def partner_for(*, by, country: str, name: str, name_en: str = "", region: str = "", **extra) -> ForeignPartner:
    """The partner of `country` named `name` (local or English), created when new (an audited write)."""
    found = find_partner(country, name) or (find_partner(country, name_en) if name_en else None)
    if found is not None:
        return found
    problems = check_partner(country, name, extra.get("wikidata_id", ""))
    if problems:
        raise ValidationError(problems)
    for key in ("latitude", "longitude"):
        if isinstance(extra.get(key), float):
            extra[key] = Decimal(str(round(extra[key], 6)))
    partner = ForeignPartner(country=country, name=name.strip(), name_en=(name_en or "").strip(),
                             region=(region or "").strip(), **extra)
    partner.full_clean()
    return create_logged(ForeignPartner, "exchange.foreignpartner.create", by=by, country=country,
                         name=partner.name, name_en=partner.name_en, region=partner.region, **extra)


# -- proposals -----------------------------------------------------------------------------------------------------

def _check_proposal(proposal: Proposal) -> None:
    problems = check_dates({n: getattr(proposal, n) for n in ("signed_on", "assembly_approved_on", "ends_on",
                                                              "renewed_on", "dissolved_on")})
    try:
        proposal.exchange_fields = clean_exchange_fields(proposal.exchange_fields)
    except ValidationError as error:
        problems.update(error.message_dict)
    if proposal.kind == ProposalKind.ADD and proposal.partner_id is None:
        problems.update(check_partner(proposal.partner_country, proposal.partner_name))
        if proposal.dissolved_on:
            problems["dissolved_on"] = _("A new affiliation cannot be proposed as dissolved.")
    if proposal.kind == ProposalKind.ADD and not problems:
        partner = proposal.partner or find_partner(proposal.partner_country, proposal.partner_name)
        if partner is not None and Affiliation.objects.filter(
                local_government=proposal.local_government_id, partner=partner,
                status=AffiliationStatus.ACTIVE).exists():
            problems["partner_name"] = _("This affiliation is already in the registry: propose a change to it "
                                         "instead.")
    if problems:
        raise ValidationError(problems)


def _take_document(document):
    if document:
        check_upload(document)
    return document


@transaction.atomic
def propose(*, by, local_government, affiliation: Affiliation | None = None, **values) -> Proposal:
    """A proposal of `local_government` (one the person may propose for) to add an affiliation, or to change
    `affiliation` (its own); the values are those proposed."""
    _unknown(values, PROPOSAL_FIELDS, "propose")
    require(by, "exchange.propose")
    if not may_propose_for(by, local_government):
        raise ValidationError({"local_government": _("Choose a local government you may propose for.")})
    if affiliation is not None:
        require(by, "exchange.propose_change", affiliation)
        if affiliation.local_government_id != local_government.pk:
            raise ValidationError(_("This affiliation belongs to another local government."))
    try:
        _take_document(values.get("document"))
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    kind = ProposalKind.CHANGE if affiliation is not None else ProposalKind.ADD
    if affiliation is not None:
        values["partner"] = affiliation.partner
    proposal = Proposal(kind=kind, local_government=local_government, affiliation=affiliation, proposed_by=by,
                        **values)
    _check_proposal(proposal)
    proposal.full_clean(exclude=["document"])
    save_logged(proposal, "exchange.proposal.submit", by=by)
    return proposal


@transaction.atomic
def edit_proposal(*, by, proposal: Proposal, **values) -> Proposal:
    """Changes to a returned proposal, which is then sent again."""
    _unknown(values, PROPOSAL_FIELDS, "edit_proposal")
    require(by, "exchange.edit_proposal", proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if "document" in values and not values["document"]:
        values.pop("document")
    try:
        _take_document(values.get("document"))
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    if proposal.kind == ProposalKind.CHANGE:
        values.pop("partner", None)
    for name, value in values.items():
        setattr(proposal, name, value)
    _check_proposal(proposal)
    proposal.full_clean(exclude=["document"])
    save_logged(proposal, "exchange.proposal.update", by=by, fields=list(values))
    return transition(proposal, "resubmit", by=by)


@PROPOSAL_TRANSITIONS.guard("not_own")
def _not_own(proposal, *, by, **changes) -> None:
    if proposal.proposed_by_id == getattr(by, "pk", None):
        raise ValidationError(_("Someone other than the person who proposed it approves it."), code="four_eyes")
    _check_proposal(proposal)


@PROPOSAL_TRANSITIONS.guard("reason_given")
def _reason_given(proposal, *, by, **changes) -> None:
    if not (proposal.reason or "").strip():
        raise ValidationError({"reason": _("Say why, for the local government.")})


@PROPOSAL_TRANSITIONS.effect("approve")
def _apply(proposal, *, by, note=""):
    """The proposed values written to the registry: a new affiliation (and partner), or the changes."""
    values = {name: getattr(proposal, name) for name in AFFILIATION_FIELDS}
    if proposal.document:
        values["document"] = proposal.document.name
    if proposal.kind == ProposalKind.ADD:
        partner = proposal.partner or partner_for(by=by, country=proposal.partner_country, name=proposal.partner_name,
                                                  name_en=proposal.partner_name_en, region=proposal.partner_region,
                                                  latitude=proposal.partner_latitude,
                                                  longitude=proposal.partner_longitude)
        affiliation = Affiliation(local_government=proposal.local_government, partner=partner, **values)
        affiliation.full_clean(exclude=["document"])
        save_logged(affiliation, "exchange.affiliation.create", by=by, data={"proposal": proposal.pk})
        proposal.affiliation = affiliation
        save_logged(proposal, "exchange.proposal.apply", by=by, fields=["affiliation"])
        return
    affiliation = Affiliation.objects.select_for_update().get(pk=proposal.affiliation_id)
    if "document" not in values:
        values.pop("document", None)
    for name, value in values.items():
        setattr(affiliation, name, value)
    affiliation.full_clean(exclude=["document"])
    save_logged(affiliation, "exchange.affiliation.update", by=by, fields=list(values),
                data={"proposal": proposal.pk})
    if proposal.dissolved_on and affiliation.status != AffiliationStatus.DISSOLVED:
        transition(affiliation, "dissolve", by=by, note=_("Proposal %(n)s") % {"n": proposal.pk},
                   dissolved_on=proposal.dissolved_on)


def approve_proposal(*, by, proposal: Proposal, note: str = "") -> Proposal:
    return transition(proposal, "approve", by=by, note=note, decided_by=by, decided_at=timezone.now(),
                      reason=(note or "").strip())


def return_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    return transition(proposal, "return", by=by, reason=(reason or "").strip(), decided_by=by,
                      decided_at=timezone.now())


def reject_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    return transition(proposal, "reject", by=by, reason=(reason or "").strip(), decided_by=by,
                      decided_at=timezone.now())


DECISIONS = {"approve": approve_proposal, "return": return_proposal, "reject": reject_proposal}


# -- affiliations --------------------------------------------------------------------------------------------------

@AFFILIATION_TRANSITIONS.guard("dissolved_on")
def _dissolved_on(affiliation, *, by, **changes) -> None:
    problems = check_dates({"signed_on": affiliation.signed_on, "dissolved_on": affiliation.dissolved_on})
    if affiliation.dissolved_on is None:
        problems["dissolved_on"] = _("Give the day the affiliation was dissolved.")
    if problems:
        raise ValidationError(problems)


def lapse_affiliation(*, by, affiliation: Affiliation, note: str = "") -> Affiliation:
    return transition(affiliation, "lapse", by=by, note=note)


def reinstate_affiliation(*, by, affiliation: Affiliation, renewed_on=None, ends_on=None,
                          note: str = "") -> Affiliation:
    if renewed_on and renewed_on > timezone.localdate():
        raise ValidationError({"renewed_on": _("This date cannot be in the future.")})
    return transition(affiliation, "reinstate", by=by, note=note, renewed_on=renewed_on or affiliation.renewed_on,
                      ends_on=ends_on)


def dissolve_affiliation(*, by, affiliation: Affiliation, dissolved_on, note: str = "") -> Affiliation:
    return transition(affiliation, "dissolve", by=by, note=note, dissolved_on=dissolved_on)


@transaction.atomic
def record_affiliation(*, by, local_government, partner: ForeignPartner, status=AffiliationStatus.ACTIVE,
                       dissolved_on=None, action: str = "exchange.affiliation.create", **values) -> Affiliation:
    """An affiliation written by headquarters directly (the import): the same checks as a proposal."""
    _unknown(values, (*AFFILIATION_FIELDS, "document"), "record_affiliation")
    require(by, "exchange.import_affiliations")
    if local_government is None or local_government.kind not in HOLDER_KINDS:
        raise ValidationError({"local_government": _("Choose a prefecture, a municipality or a ward.")})
    problems = check_dates({**values, "dissolved_on": dissolved_on})
    if status == AffiliationStatus.DISSOLVED and dissolved_on is None:
        problems["dissolved_on"] = _("Give the day the affiliation was dissolved.")
    values["exchange_fields"] = clean_exchange_fields(values.get("exchange_fields"))
    if values.get("document"):
        try:
            check_upload(values["document"])
        except ValidationError as error:
            problems["document"] = error.messages
    if problems:
        raise ValidationError(problems)
    affiliation = Affiliation(local_government=local_government, partner=partner, status=status,
                              dissolved_on=dissolved_on, **values)
    affiliation.full_clean(exclude=["document"])
    save_logged(affiliation, action, by=by)
    return affiliation


# -- looking for a partner -----------------------------------------------------------------------------------------

@transaction.atomic
def save_wanted(*, by, local_government=None, entry: PartnerWanted | None = None, **values) -> PartnerWanted:
    """A local government's own "looking for a partner" entry (one per government), new or changed."""
    _unknown(values, WANTED_FIELDS, "save_wanted")
    countries = values.get("wished_countries")
    if countries is not None:
        bad = [c for c in countries if not is_country_code(c)]
        if bad:
            raise ValidationError({"wished_countries": _("Unknown country: %(codes)s.") % {"codes": ", ".join(bad)}})
        values["wished_countries"] = list(dict.fromkeys(countries))
    if values.get("population_on") and values["population_on"] > timezone.localdate():
        raise ValidationError({"population_on": _("This date cannot be in the future.")})
    if entry is None:
        require(by, "exchange.add_wanted")
        if not (is_hq_staff(by) or local_government in working_orgs(by, HOLDER_KINDS)):
            raise ValidationError({"local_government": _("Choose a local government you work for.")})
        if PartnerWanted.objects.filter(local_government=local_government).exists():
            raise ValidationError(_("This local government already has an entry: change it instead."))
        entry = PartnerWanted(local_government=local_government, **values)
        entry.full_clean()
        save_logged(entry, "exchange.partnerwanted.create", by=by)
        return entry
    require(by, "exchange.edit_wanted", entry)
    entry = PartnerWanted.objects.select_for_update().get(pk=entry.pk)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    save_logged(entry, "exchange.partnerwanted.update", by=by, fields=list(values))
    return entry

