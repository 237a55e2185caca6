"""Intake by spreadsheet: headquarters imports the year's new arrivals, a contracting organisation its own
placements, from CSV or Excel. Every row is checked first (JET number, names, position, countries, arrival
group, dates, the contracting organisation's code); one refused row and nothing is saved, and the report says
why each row was refused, in the importer's language. When all pass, each participant is placed (logged) and
invited by email to the contracting organisation with the JET role; accepting links the account to the record.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kizuna.core.codes import normalise_code, with_check_digit
from kizuna.core.enums import OrgKind, Role
from kizuna.core.imports import ImportReport, read_table
from kizuna.core.imports import cell_country as _country
from kizuna.core.imports import cell_date as _date
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.services import invite_member

from . import services
from .enums import Cohort, Position
from .models import JetHost, Participant

COLUMNS = {
    "jet_number": ("jet number", "jet no", "jet番号", "jet no."),
    "family_name": ("family name", "surname", "姓", "氏"),
    "given_names": ("given names", "given name", "first name", "名"),
    "name_katakana": ("katakana", "name in katakana", "カタカナ", "氏名カナ", "カタカナ氏名"),
    "email": ("e-mail", "email address", "メールアドレス", "メール"),
    "position": ("職種",),
    "nationality": ("国籍",),
    "recruiting_country": ("recruiting country", "招致国"),
    "cohort": ("arrival group", "group", "来日グループ", "グループ"),
    "expected_arrival": ("expected arrival", "arrival date", "arrival", "来日予定日", "来日日"),
    "host_code": ("contracting organisation", "contracting organisation code", "organisation code",
                  "任用団体コード", "任用団体", "団体コード"),
}
REQUIRED = ("jet_number", "family_name", "given_names", "email", "position", "nationality", "cohort",
            "expected_arrival", "host_code")
COHORTS = {"a": Cohort.GROUP_A, "group a": Cohort.GROUP_A, "aグループ": Cohort.GROUP_A,
           "b": Cohort.GROUP_B, "group b": Cohort.GROUP_B, "bグループ": Cohort.GROUP_B,
           "april": Cohort.APRIL, "4月": Cohort.APRIL, "other": Cohort.OTHER, "その他": Cohort.OTHER}
COHORTS.update({c.value: c for c in Cohort})


class _Hosts:
    """Contracting organisations by the code in the file: an existing one, or (for headquarters) a local
    government from the reference data that becomes one. All the file's codes are looked up at once."""

    def __init__(self, by, codes):
        self.by, self.may_create, self.allowed = by, by.has_perm("jet.manage_hosts"), {}
        keys = {self.key(code) for code in codes}
        slugs = {code.strip() for code in codes}
        self.by_code, self.by_slug = {}, {}
        for host in JetHost.objects.select_related("organisation").filter(
                Q(organisation__code__in=keys) | Q(organisation__slug__in=slugs)):
            self.by_code[host.organisation.code] = host
            self.by_slug[host.organisation.slug] = host
        self.organisations = {org.code: org for org in Organisation.objects.filter(
            code__in=keys - set(self.by_code), kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY])}

    @staticmethod
    def key(code: str) -> str:
        key = normalise_code(code)
        return with_check_digit(key) if len(key) == 5 and key.isdigit() else key  # written without its check digit

    def get(self, code: str) -> tuple[JetHost | Organisation | None, str]:
        key = self.key(code)
        found = self.by_code.get(key) or self.by_slug.get(code.strip()) or self.organisations.get(key)
        if found is None:
            return None, _("No local government or contracting organisation has the code “%(code)s”.") % {
                "code": code}
        if isinstance(found, JetHost):
            if found.pk not in self.allowed:
                self.allowed[found.pk] = self.by.has_perm("jet.place_participants", found)
            if not self.allowed[found.pk]:
                return None, _("You may only import placements of your own contracting organisation.")
            return found, ""
        if not self.may_create:
            return None, _("%(org)s is not a contracting organisation yet: headquarters records it first.") % {
                "org": found}
        return found, ""


def _check(row, hosts: _Hosts, seen: set, taken: set) -> tuple[dict | None, str]:
    """The participant's data from a row, or the reason the row is refused."""
    number = normalise_code(row["jet_number"])
    problems = []
    if not re.fullmatch(r"20\d{9}", number):
        problems.append(_("A JET number has 11 digits and starts with 20 (e.g. 20260012345)."))
    elif number in seen:
        problems.append(_("The JET number is twice in the file."))
    elif number in taken:
        problems.append(_("A participant with this JET number is already recorded."))
    for name, label in (("family_name", _("family name")), ("given_names", _("given names")),
                        ("email", _("email address"))):
        if not row[name]:
            problems.append(_("The %(column)s is missing.") % {"column": label})
    position = row["position"].strip().lower()
    if position not in Position.values:
        problems.append(_("The position must be ALT, CIR or SEA (not “%(value)s”).") % {"value": row["position"]})
    nationality = _country(row["nationality"])
    recruiting = _country(row["recruiting_country"]) if row["recruiting_country"] else nationality
    if nationality is None:
        problems.append(_("Unknown country “%(value)s” (use a code such as US, or the English name).")
                        % {"value": row["nationality"]})
    elif recruiting is None:
        problems.append(_("Unknown country “%(value)s” (use a code such as US, or the English name).")
                        % {"value": row["recruiting_country"]})
    cohort = COHORTS.get(normalise_code(row["cohort"]).lower())
    if cohort is None:
        problems.append(_("The arrival group must be A, B, April or Other (not “%(value)s”).")
                        % {"value": row["cohort"]})
    arrival = _date(row["expected_arrival"])
    if arrival is None:
        problems.append(_("The expected arrival “%(value)s” is not a date (write 2026-07-26).")
                        % {"value": row["expected_arrival"]})
    host, problem = hosts.get(row["host_code"])
    if problem:
        problems.append(problem)
    if problems:
        return None, " ".join(problems)
    data = {"jet_number": number, "family_name": row["family_name"], "given_names": row["given_names"],
            "name_katakana": row["name_katakana"], "email": row["email"].strip().lower(), "position": position,
            "nationality": nationality, "recruiting_country": recruiting, "cohort": cohort,
            "expected_arrival": arrival, "host": host}
    candidate = Participant(**{**data, "host": host if isinstance(host, JetHost) else None})
    try:
        # The check constraints (position, arrival group, state, year) are what this function has just checked;
        # each costs a query per row (Django validates them in SQL), and the service checks them again on saving.
        candidate.full_clean(exclude=["host"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return None, " ".join(f"{m}" for messages in error.message_dict.values() for m in messages)
    return data, ""


def import_participants(*, by, content: bytes, filename: str, invite: bool = True) -> ImportReport:
    """Check every row; when all pass, place each participant and invite them (all or nothing)."""
    require(by, "jet.import_participants")
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    if table.missing:
        raise ValidationError(_("Columns missing: %(names)s.") % {"names": ", ".join(table.missing)},
                              code="missing_columns")
    numbers = {normalise_code(row["jet_number"]) for row in table.rows}
    taken = set(Participant.objects.filter(jet_number__in=numbers).values_list("jet_number", flat=True))
    hosts, seen, checked, report = _Hosts(by, [row["host_code"] for row in table.rows]), set(), [], ImportReport()
    for row in table.rows:
        data, problem = _check(row, hosts, seen, taken)
        seen.add(normalise_code(row["jet_number"]))
        if problem:
            report.add(row.line, row["jet_number"], "error", problem)
        else:
            report.add(row.line, data["jet_number"], "ok", _("To be placed at %(org)s.") % {
                "org": data["host"].organisation if isinstance(data["host"], JetHost) else data["host"]})
            checked.append(data)
    if report.errors or not checked:
        return report
    with transaction.atomic():
        created_hosts = {}
        for data in checked:
            host = data["host"]
            if isinstance(host, Organisation):
                host = created_hosts.get(host.pk) or services.create_host(
                    by=by, organisation=host, coordinating_body=services.coordinating_body_of(host))
                created_hosts[host.organisation_id] = host
            participant = services.add_participant(by=by, data={**data, "host": host})
            if invite:
                invite_member(by=by, organisation=host.organisation, email=participant.email, role=Role.JET,
                              language="en")
    report.saved = True
    return report
