"""Affiliations from a spreadsheet (CSV or .xlsx, e.g. CLAIR's yearly survey): all or nothing. Every row is
checked first; if any is refused nothing is written, and the report says why, row by row, in the reader's
language.

Columns (any case; English or Japanese): local_government_code (団体コード; six digits with the check digit, or
the first five), local_government (団体名; used when there is no code: it must name one local government),
country (国; a code, or a name in English), partner (提携先; the partner's name in the local language),
partner_en (提携先(英語)), region (州・省等), type (種別: sister/friendship/partner/other, 姉妹/友好/パートナー/その他),
signed_on (提携日), signatories (署名者), assembly_approved_on (議会議決日), fields (交流分野: codes or names
separated by ; or 、), ends_on (期限), renewed_on (更新日), status (状態: active/lapsed/dissolved,
継続/失効/解消), dissolved_on (解消日), heads_signed, several_fields, assembly_approved (CLAIR's three
conditions: yes/no, 1/0, ○/×, はい/いいえ; blank means yes).

The partner is matched by country and name (local or English) and created when new."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kizuna.core.codes import normalise_code, validate_lgcode, with_check_digit
from kizuna.core.imports import ImportReport, cell_country, cell_date, read_table
from kizuna.core.models import Organisation
from kizuna.core.policies import require

from . import services
from .enums import HOLDER_KINDS, AffiliationStatus, AffiliationType, ExchangeField
from .models import Affiliation

MAX_ROWS = 5_000
COLUMNS = {
    "local_government_code": ("code", "lg code", "団体コード", "地方公共団体コード", "自治体コード"),
    "local_government": ("local government", "japanese local government", "団体名", "自治体名", "自治体"),
    "country": ("country", "country code", "国", "国名", "国・地域"),
    "partner": ("partner", "partner name", "提携先", "提携先名", "相手先"),
    "partner_en": ("partner (english)", "partner name (english)", "提携先(英語)", "提携先（英語）"),
    "region": ("state", "province", "region", "州・省等", "州", "地域"),
    "type": ("affiliation type", "種別", "提携種別"),
    "signed_on": ("date", "affiliation date", "signed", "提携日", "提携年月日"),
    "signatories": ("署名者",),
    "assembly_approved_on": ("assembly approval", "議会議決日", "議決日"),
    "fields": ("exchange fields", "fields of exchange", "交流分野"),
    "ends_on": ("end", "ends", "期限", "終了日"),
    "renewed_on": ("renewed", "更新日"),
    "status": ("状態",),
    "dissolved_on": ("dissolved", "解消日"),
    "heads_signed": ("首長署名",),
    "several_fields": ("複数分野",),
    "assembly_approved": ("議会承認",),
}
REQUIRED = ("country", "partner", "signed_on")
TYPES = {"sister": AffiliationType.SISTER, "姉妹": AffiliationType.SISTER, "姉妹都市": AffiliationType.SISTER,
         "friendship": AffiliationType.FRIENDSHIP, "友好": AffiliationType.FRIENDSHIP,
         "友好都市": AffiliationType.FRIENDSHIP, "partner": AffiliationType.PARTNER,
         "パートナー": AffiliationType.PARTNER, "パートナー都市": AffiliationType.PARTNER,
         "other": AffiliationType.OTHER, "その他": AffiliationType.OTHER, "": AffiliationType.SISTER}
STATUSES = {"active": AffiliationStatus.ACTIVE, "継続": AffiliationStatus.ACTIVE, "": AffiliationStatus.ACTIVE,
            "lapsed": AffiliationStatus.LAPSED, "失効": AffiliationStatus.LAPSED,
            "dissolved": AffiliationStatus.DISSOLVED, "解消": AffiliationStatus.DISSOLVED}
YES = {"", "yes", "y", "true", "1", "○", "〇", "はい", "有"}
NO = {"no", "n", "false", "0", "×", "いいえ", "無"}
DATES = ("signed_on", "assembly_approved_on", "ends_on", "renewed_on", "dissolved_on")
CONDITIONS = ("heads_signed", "several_fields", "assembly_approved")


def _field_names() -> dict:
    """Each field of exchange by its code and by its name in English and in Japanese."""
    names = {v: v for v in ExchangeField.values}
    for language in ("en", "ja"):
        with translation.override(language):
            for value, label in ExchangeField.choices:
                names[str(label).lower()] = value
    return names


def _government(row, by_code, by_name) -> tuple[Organisation | None, str]:
    code = normalise_code(row["local_government_code"])
    if code:
        if len(code) == 5 and code.isdigit():
            code = with_check_digit(code)
        try:
            validate_lgcode(code)
        except ValidationError as error:
            return None, error.messages[0]
        found = by_code.get(code)
        return (found, "") if found else (None, _("No local government has the code %(code)s.") % {"code": code})
    name = row["local_government"].strip()
    if not name:
        return None, _("Give the local-government code or its name.")
    matches = by_name.get(name, [])
    if len(matches) > 1:
        return None, _("Several local governments are named “%(name)s”: give the code.") % {"name": name}
    if not matches:
        return None, _("No local government is named “%(name)s”.") % {"name": name}
    return matches[0], ""


def _row_values(row) -> tuple[dict, list[str]]:
    problems, values = [], {}
    kind = TYPES.get(row["type"].strip().lower())
    if kind is None:
        problems.append(_("Unknown type “%(value)s” (sister, friendship, partner or other).") % {"value": row["type"]})
    values["affiliation_type"] = kind
    status = STATUSES.get(row["status"].strip().lower())
    if status is None:
        problems.append(_("Unknown status “%(value)s” (active, lapsed or dissolved).") % {"value": row["status"]})
    values["status"] = status
    for name in DATES:
        text = row[name].strip()
        day = cell_date(text) if text else None
        if text and day is None:
            problems.append(_("“%(value)s” is not a date (write 2026-04-01).") % {"value": text})
        values[name] = day
    known, fields = _field_names(), []
    for piece in re.split(r"[;、,／/]", row["fields"]):
        piece = piece.strip().lower()
        if not piece:
            continue
        if piece not in known:
            problems.append(_("Unknown field of exchange “%(value)s”.") % {"value": piece})
        else:
            fields.append(known[piece])
    values["exchange_fields"] = list(dict.fromkeys(fields))
    for name in CONDITIONS:
        text = row[name].strip().lower()
        if text in YES:
            values[name] = True
        elif text in NO:
            values[name] = False
        else:
            problems.append(_("“%(value)s” is neither yes nor no.") % {"value": row[name]})
    values["signatories"] = row["signatories"].strip()[:300]
    return values, problems


def import_affiliations(*, by, content: bytes, filename: str) -> ImportReport:
    require(by, "exchange.import_affiliations")
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    report = ImportReport()
    if table.missing:
        report.add(1, "", "error", _("Columns missing: %(columns)s.") % {"columns": ", ".join(table.missing)})
        return report
    governments = list(Organisation.objects.filter(kind__in=HOLDER_KINDS).only("pk", "code", "name", "kind"))
    by_code = {o.code: o for o in governments if o.code}
    by_name: dict[str, list] = {}
    for o in governments:
        by_name.setdefault(o.name, []).append(o)
    existing = set(Affiliation.objects.filter(status=AffiliationStatus.ACTIVE).values_list(
        "local_government", "partner__country", "partner__name"))
    planned, seen = [], set()
    for row in table.rows:
        government, problem = _government(row, by_code, by_name)
        country = cell_country(row["country"])
        partner = row["partner"].strip()
        key = " – ".join(p for p in (row["local_government_code"] or row["local_government"], partner) if p)
        values, problems = _row_values(row)
        if problem:
            problems.insert(0, problem)
        if country is None:
            problems.append(_("Unknown country “%(value)s”.") % {"value": row["country"]})
        if not partner:
            problems.append(_("Give the partner's name."))
        if values.get("signed_on") is None and not row["signed_on"].strip():
            problems.append(_("Give the affiliation date (the day the agreement was signed)."))
        if not problems:
            dates = services.check_dates({n: values[n] for n in DATES})
            problems.extend(dict.fromkeys(dates.values()))
        if not problems and values["status"] == AffiliationStatus.DISSOLVED and values["dissolved_on"] is None:
            problems.append(_("Give the day the affiliation was dissolved."))
        if not problems:
            pair = (government.pk, country, partner.lower())
            if pair in seen:
                problems.append(_("The same affiliation is in the file twice."))
            elif (government.pk, country, partner) in existing:
                problems.append(_("This affiliation is already in the registry."))
            seen.add(pair)
        if problems:
            report.add(row.line, key, "error", " ".join(problems))
            continue
        new = services.find_partner(country, partner) is None
        planned.append((government, country, partner, row, values))
        message = _("%(government)s – %(partner)s (%(date)s)") % {
            "government": government.name, "partner": partner, "date": values["signed_on"].isoformat()}
        if new:
            message += " " + _("(a new partner)")
        report.add(row.line, key, "ok", message)
    if report.errors or not planned:
        if not planned and not report.errors:
            report.add(1, "", "error", _("The file has no rows."))
        return report
    with transaction.atomic():
        for government, country, partner, row, values in planned:
            found = services.partner_for(by=by, country=country, name=partner, name_en=row["partner_en"].strip(),
                                         region=row["region"].strip())
            status, dissolved_on = values.pop("status"), values.pop("dissolved_on")
            services.record_affiliation(by=by, local_government=government, partner=found, status=status,
                                        dissolved_on=dissolved_on, action="exchange.affiliation.import", **values)
    report.saved = True
    return report
