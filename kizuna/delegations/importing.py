"""Members of a delegation from a spreadsheet (the list a delegation sends, CSV or Excel). All or nothing: every
row is checked as the form would check it; if any row is refused nothing is saved, and the report says why, row
by row. Times are read in the time zone of the programme's venue (the page makes it the current one).

Columns (any case; English or Japanese): name (Name, 氏名), name_latin (Latin name, Passport name, ローマ字),
name_kana (Reading, フリガナ), role (Role, 役割: head, deputy, member, interpreter, secretariat, accompanying, or
their Japanese or English labels), position (Title, Position, 役職), arrival_at (Arrival, 到着日時), arrival_flight
(Arrival flight, 到着便), departure_at (Departure, 出発日時), departure_flight (Departure flight, 出発便), hotel
(Hotel, ホテル), room (Room, 部屋), interpretation (Interpretation, 通訳言語: ja, zh-hans, ko, …), dietary (Dietary
needs, 食事), accessibility (Accessibility needs, 配慮事項)."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kizuna.core.audit import save_logged
from kizuna.core.imports import ImportReport, read_table
from kizuna.core.policies import require
from kizuna.library.enums import Language

from .enums import MemberRole
from .models import Delegation, Member
from .services import check_member, ensure_open

MAX_ROWS = 500
COLUMNS = {
    "name": ("name", "氏名", "名前", "name in their script"),
    "name_latin": ("latin name", "name in latin letters", "passport name", "ローマ字", "ローマ字氏名"),
    "name_kana": ("reading", "japanese reading", "フリガナ", "よみがな", "読み"),
    "role": ("role", "役割"),
    "position": ("title", "position", "title or position", "役職"),
    "arrival_at": ("arrival", "arrives at", "到着日時", "到着"),
    "arrival_flight": ("arrival flight", "到着便"),
    "departure_at": ("departure", "leaves at", "出発日時", "出発"),
    "departure_flight": ("departure flight", "出発便"),
    "hotel": ("hotel", "ホテル", "宿泊先"),
    "room": ("room", "部屋", "部屋番号"),
    "interpretation": ("interpretation", "interpretation into", "通訳言語", "通訳"),
    "dietary": ("dietary needs", "dietary", "食事", "食事制限"),
    "accessibility": ("accessibility needs", "accessibility", "配慮事項"),
}
TEXTS = ("name", "name_latin", "name_kana", "position", "arrival_flight", "departure_flight", "hotel", "room",
         "dietary", "accessibility")


def _choice(value: str, choices) -> str | None:
    """A choice by its value or its label in Japanese or English ("" → "")."""
    text = value.strip().lower()
    if not text:
        return ""
    for code, label in choices:
        names = {code.lower()}
        for language in ("ja", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if text in names:
            return code
    return None


def _when(value: str):
    text = value.strip().replace("/", "-")
    if not text:
        return None
    try:
        found = parse_datetime(text.replace(" ", "T", 1)) if "T" not in text else parse_datetime(text)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(value)
    return timezone.make_aware(found) if timezone.is_naive(found) else found


def _member(delegation, row, order) -> tuple[Member | None, str]:
    values = {name: row[name].strip() for name in TEXTS}
    role = _choice(row["role"], MemberRole.choices)
    if role is None:
        return None, _("Unknown role “%(value)s”.") % {"value": row["role"]}
    language = _choice(row["interpretation"], Language.choices)
    if language is None:
        return None, _("Unknown interpretation language “%(value)s”.") % {"value": row["interpretation"]}
    times = {}
    for name in ("arrival_at", "departure_at"):
        try:
            times[name] = _when(row[name])
        except ValueError:
            return None, _("Not a date and time (2026-12-07 14:30): “%(value)s”.") % {"value": row[name]}
    member = Member(delegation=delegation, order=order, role=role or MemberRole.MEMBER, interpretation=language,
                    **values, **times)
    problems = check_member(member)
    if problems:
        return None, " ".join(f"{Member._meta.get_field(f).verbose_name if f != '__all__' else ''}: {m}".lstrip(": ")
                              for f, m in problems.items())
    return member, ""


def import_members(*, by, delegation: Delegation, content: bytes, filename: str) -> ImportReport:
    require(by, "delegations.manage_delegation", delegation)
    ensure_open(delegation)
    table = read_table(content, filename, columns=COLUMNS, required=("name", "name_latin"), max_rows=MAX_ROWS)
    if table.missing:
        raise ValidationError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(table.missing)},
                              code="missing_columns")
    report, members = ImportReport(), []
    order = (delegation.members.count() + 1) * 10
    heads = delegation.members.filter(role=MemberRole.HEAD).count()
    for row in table.rows:
        key = row["name_latin"] or row["name"]
        member, problem = _member(delegation, row, order)
        if member is not None and member.role == MemberRole.HEAD:
            heads += 1
            if heads > 1:
                member, problem = None, _("The delegation already has a head.")
        if member is None:
            report.add(row.line, key, "error", problem)
            continue
        members.append(member)
        order += 10
        report.add(row.line, key, "ok", f"{member.get_role_display()} {member.name}")
    if report.errors or not members:
        if not members and not report.errors:
            report.add(1, "", "error", _("The file has no rows."))
        return report
    with transaction.atomic():
        Delegation.objects.select_for_update().get(pk=delegation.pk)
        for member in members:
            save_logged(member, "delegations.member.import", by=by)
    report.saved = True
    return report


