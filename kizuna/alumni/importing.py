"""Alumni from the lists kept before Kizuna (CSV or Excel, up to 100,000 rows), all or nothing.

Every row is checked first; one refused row and nothing is saved, and the report says row by row why (or what
the row will do). Each row is then one of:

- **matched** — its JET number is an alumnus's already: the empty fields of that record are filled, the
  placement and chapter are added if missing; nothing already there is overwritten;
- **new, from the programme's record** — its JET number is a participant's in Kizuna: the alumnus is made from
  that record (account and placements carried over, as on departure), with the row's contacts;
- **new** — otherwise; and when an alumnus (or an earlier row) has the same name, birth date and overlapping
  years on the programme, the two are recorded as a **possible duplicate** for headquarters to merge or keep
  apart (`PossibleDuplicate`): never merged by the import.

Consent: the list was gathered under a consent whose words the importer gives (kept on every record), with
its date per row (`consented_on`) or the date given for the whole file.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_many_logged, save_logged
from kizuna.core.codes import normalise_code, with_check_digit
from kizuna.core.enums import OrgKind
from kizuna.core.imports import ImportReport, read_table
from kizuna.core.imports import cell_country as _country
from kizuna.core.imports import cell_date as _date
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.jet.enums import Position
from kizuna.jet.models import Participant

from .enums import AlumnusStatus, Source
from .models import Alumnus, Chapter, ChapterMember, Placement, PossibleDuplicate, search_key
from .services import placements_of

MAX_ROWS = 100_000
CHUNK = 2_000  # rows written at once: their records, audit entries and report lines (bench/alumni.py)
MAX_BYTES = 40 * 1024 * 1024

COLUMNS = {
    "jet_number": ("jet number", "jet no", "jet no.", "jet番号"),
    "full_name": ("name", "full name", "氏名", "名前"),
    "family_name": ("family name", "surname", "姓"),
    "given_names": ("given names", "given name", "first name", "名"),
    "full_name_kana": ("katakana", "name in katakana", "カタカナ", "フリガナ", "氏名カナ"),
    "birth_date": ("date of birth", "birthday", "born", "生年月日"),
    "country": ("nationality", "国籍", "国"),
    "email": ("e-mail", "email address", "メールアドレス", "メール"),
    "city": ("city where you live", "居住都市", "都市"),
    "employer": ("勤務先", "company"),
    "position": ("職種",),
    "organisation": ("contracting organisation", "host", "host code", "任用団体", "任用団体コード"),
    "started": ("from", "start", "start year", "arrived", "着任", "着任年", "開始"),
    "ended": ("until", "end", "end year", "left", "離任", "離任年", "終了"),
    "chapter": ("jetaa chapter", "支部", "所属支部"),
    "consented_on": ("consent date", "consented", "同意日"),
}
REQUIRED = ("country",)


@dataclass
class _Row:
    line: int
    number: str
    values: dict
    placement: dict | None
    chapter: Chapter | None
    consented_at: datetime
    participant: Participant | None = None
    matched: Alumnus | None = None
    created: bool = False


def _year_or_date(value: str, *, start: bool) -> date | None:
    """2015 → 1 August 2015 (a start) or 31 July 2015 (an end): the programme's year; or a date."""
    text = normalise_code(value)
    if re.fullmatch(r"(19|20)\d{2}", text):
        return date(int(text), 8, 1) if start else date(int(text), 7, 31)
    return _date(value)


class _Lookups:
    """What the rows refer to, read once for the whole file."""

    def __init__(self, rows):
        numbers = {normalise_code(r["jet_number"]) for r in rows if r["jet_number"]}
        self.alumni = {a.jet_number: a for a in Alumnus.objects.filter(jet_number__in=numbers)}
        self.participants = {p.jet_number: p for p in Participant.objects.filter(jet_number__in=numbers)
                             .select_related("host__organisation", "person")}
        taken_people = set(Alumnus.objects.filter(person__isnull=False).values_list("person_id", flat=True))
        self.taken_people = taken_people
        kinds = [OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD, OrgKind.CONTRACTING]
        self.orgs_by_code = {o.code: o for o in Organisation.objects.filter(kind__in=kinds, code__isnull=False)
                             .only("pk", "code", "name", "name_en", "prefecture_id", "kind")}
        self.orgs_by_name = {}
        for org in self.orgs_by_code.values():
            for name in (org.name, org.name_en):
                if name:
                    self.orgs_by_name.setdefault(name.strip().lower(), org)
        self.chapters = {}
        for chapter in Chapter.objects.select_related("organisation"):
            for name in (chapter.organisation.name, chapter.organisation.name_en):
                if name:
                    self.chapters[name.strip().lower()] = chapter
        # who is already recorded, for possible duplicates: (name, birth date) → [(pk, start, end)]
        self.people = {}
        for pk, name, born, start, end in (Alumnus.objects.filter(birth_date__isnull=False)
                                           .values_list("pk", "search_name", "birth_date", "placements__started_on",
                                                        "placements__ended_on")):
            self.people.setdefault((name, born), []).append((pk, start, end))

    def organisation(self, value: str):
        text = value.strip()
        code = normalise_code(text)
        if len(code) == 5 and code.isdigit():
            code = with_check_digit(code)
        return self.orgs_by_code.get(code) or self.orgs_by_name.get(text.lower())


def _overlaps(start, end, other_start, other_end) -> bool:
    if start is None or other_start is None:
        return True  # no years on one side: the name and birth date decide
    return start <= (other_end or date.max) and other_start <= (end or date.max)


def _check(row, lookups: _Lookups, seen: set, default_consent: datetime) -> tuple[_Row | None, str]:
    problems = []
    number = normalise_code(row["jet_number"])
    if number and not re.fullmatch(r"20\d{9}|\d{5,11}", number):
        problems.append(_("A JET number is written in digits (“%(value)s” is not).") % {"value": row["jet_number"]})
    elif number and number in seen:
        problems.append(_("The JET number is twice in the file."))
    name = row["full_name"] or " ".join(x for x in (row["given_names"], row["family_name"]) if x)
    if not name.strip():
        problems.append(_("The name is missing (a column “name”, or “family name” and “given names”)."))
    country = _country(row["country"])
    if country is None:
        problems.append(_("Unknown country “%(value)s” (use a code such as US, or the English name).")
                        % {"value": row["country"]})
    born = None
    if row["birth_date"]:
        born = _date(row["birth_date"])
        if born is None or not date(1940, 1, 1) <= born <= date(2010, 1, 1):
            problems.append(_("The date of birth “%(value)s” is not a date (write 1990-04-01).")
                            % {"value": row["birth_date"]})
    email = row["email"].strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not an email address.") % {"value": row["email"]})
    consented_at = default_consent
    if row["consented_on"]:
        day = _date(row["consented_on"])
        if day is None:
            problems.append(_("The consent date “%(value)s” is not a date (write 2024-05-01).")
                            % {"value": row["consented_on"]})
        else:
            consented_at = timezone.make_aware(datetime.combine(day, time(12)))
    placement = None
    if row["organisation"] or row["started"] or row["position"]:
        org = lookups.organisation(row["organisation"]) if row["organisation"] else None
        if row["organisation"] and org is None:
            problems.append(_("No local government or contracting organisation is “%(value)s” (use its code or "
                              "name).") % {"value": row["organisation"]})
        position = row["position"].strip().lower()
        if position not in Position.values:
            problems.append(_("The position must be ALT, CIR or SEA (not “%(value)s”).") % {"value": row["position"]})
        started = _year_or_date(row["started"], start=True)
        ended = _year_or_date(row["ended"], start=False) if row["ended"] else None
        if started is None:
            problems.append(_("The start “%(value)s” is not a year or a date (write 2015 or 2015-08-01).")
                            % {"value": row["started"]})
        elif ended is not None and ended < started:
            problems.append(_("The placement ends before it starts."))
        if row["ended"] and ended is None:
            problems.append(_("The end “%(value)s” is not a year or a date (write 2018 or 2018-07-31).")
                            % {"value": row["ended"]})
        if org is not None and started is not None:
            prefecture = org.pk if org.kind == OrgKind.PREFECTURE else org.prefecture_id
            placement = {"organisation_id": org.pk, "organisation_name": org.name, "prefecture_id": prefecture,
                         "position": position, "started_on": started, "ended_on": ended}
        elif started is not None:
            placement = {"organisation_id": None, "organisation_name": row["organisation"] or "—",
                         "prefecture_id": None, "position": position, "started_on": started, "ended_on": ended}
    chapter = None
    if row["chapter"]:
        chapter = lookups.chapters.get(row["chapter"].strip().lower())
        if chapter is None:
            problems.append(_("No JETAA chapter is named “%(value)s”.") % {"value": row["chapter"]})
    if problems:
        return None, " ".join(problems)
    values = {"full_name": name.strip(), "full_name_kana": row["full_name_kana"].strip(), "jet_number": number,
              "birth_date": born, "country": country, "email": email, "city": row["city"].strip()[:120],
              "employer": row["employer"].strip()[:200]}
    checked = _Row(row.line, number, values, placement, chapter, consented_at)
    if number:
        checked.matched = lookups.alumni.get(number)
        participant = lookups.participants.get(number)
        if checked.matched is None and participant is not None:
            checked.participant = participant
    return checked, ""


def import_alumni(*, by, content: bytes, filename: str, consent_wording: str,
                  consented_on: date | None = None) -> ImportReport:
    """Check every row; when all pass, write them (all or nothing). Returns the row-by-row report."""
    require(by, "alumni.add_alumnus")
    if not (consent_wording or "").strip():
        raise ValidationError(_("Give the words of the consent under which the list was gathered."),
                              code="no_wording")
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS,
                       max_bytes=MAX_BYTES)
    if table.missing:
        raise ValidationError(_("Columns missing: %(names)s.") % {"names": ", ".join(table.missing)},
                              code="missing_columns")
    default_consent = timezone.make_aware(datetime.combine(consented_on or timezone.localdate(), time(12)))
    lookups = _Lookups(table.rows)
    report, checked, seen = ImportReport(), [], set()
    rows, table = table.rows, None
    for i, row in enumerate(rows):
        rows[i] = None  # the file's cells are let go of as soon as they are checked
        result, problem = _check(row, lookups, seen, default_consent)
        if result is None:
            report.add(row.line, row["jet_number"] or row["full_name"] or row["family_name"], "error", problem)
            continue
        if result.number:
            seen.add(result.number)
        checked.append(result)
    if report.errors or not checked:
        report.rows.sort()
        return report
    with transaction.atomic():  # all or nothing, written a chunk at a time
        while checked:
            chunk, checked[:CHUNK] = checked[:CHUNK], []  # a written chunk is let go of: memory stays flat
            _write(by, chunk, lookups, consent_wording.strip(), report)
    report.rows.sort()
    report.saved = True
    return report


def _write(by, rows: list[_Row], lookups: _Lookups, wording: str, report: ImportReport) -> None:
    new_rows = [r for r in rows if r.matched is None]
    for row in new_rows:
        person = row.participant.person if row.participant else None
        if person is not None and person.pk in lookups.taken_people:
            person = None  # an account has one record: this row becomes a record without one
        elif person is not None:
            lookups.taken_people.add(person.pk)
        row.values["person"] = person
    created = create_many_logged(Alumnus, "alumni.alumnus.import", by=by, rows=[
        {**r.values, "search_name": search_key(r.values["full_name"], r.values["full_name_kana"]),
         "status": AlumnusStatus.LISTED, "source": Source.IMPORT, "consent_wording": wording,
         "consented_at": r.consented_at} for r in new_rows], batch_size=1000)
    for row, alumnus in zip(new_rows, created, strict=True):
        row.matched, row.created = alumnus, True
    placements, members = [], []
    existing = [r.matched.pk for r in rows if not r.created]
    live = set(ChapterMember.objects.filter(alumnus__in=existing, left_on__isnull=True)
               .values_list("alumnus_id", "chapter_id"))
    had = {}
    for alumnus_id, start in Placement.objects.filter(alumnus__in=existing).values_list("alumnus_id", "started_on"):
        had.setdefault(alumnus_id, set()).add(start)
    today = timezone.localdate()
    duplicates = []
    for row in rows:
        alumnus, created = row.matched, row.created
        if row.participant is not None and created:
            for carried in placements_of(row.participant):
                participant, organisation = carried.pop("participant"), carried.pop("organisation")
                placements.append({**carried, "participant_id": participant.pk, "organisation_id": organisation.pk,
                                   "alumnus_id": alumnus.pk})
        elif row.placement and row.placement["started_on"] not in had.get(alumnus.pk, set()):
            placements.append({**row.placement, "alumnus_id": alumnus.pk})
            had.setdefault(alumnus.pk, set()).add(row.placement["started_on"])
        if row.chapter is not None and (alumnus.pk, row.chapter.pk) not in live:
            members.append({"alumnus": alumnus, "chapter": row.chapter, "joined_on": today})  # loaded: the log
            # entry names them (`str`) without reading them again
            live.add((alumnus.pk, row.chapter.pk))
        if not created:
            filled = [name for name in ("full_name_kana", "birth_date", "email", "city", "employer")
                      if row.values[name] and not getattr(alumnus, name)]
            for name in filled:
                setattr(alumnus, name, row.values[name])
            if filled:
                if "full_name_kana" in filled:
                    alumnus.search_name = search_key(alumnus.full_name, alumnus.full_name_kana)
                    filled.append("search_name")
                save_logged(alumnus, "alumni.alumnus.import_update", by=by, fields=filled)
            report.add(row.line, row.number or alumnus.full_name, "ok",
                       _("Matched to %(name)s by JET number: empty fields filled.") % {"name": alumnus.full_name})
            continue
        key = (alumnus.search_name, alumnus.birth_date)
        start = row.placement["started_on"] if row.placement else None
        end = row.placement["ended_on"] if row.placement else None
        same = [pk for pk, s, e in lookups.people.get(key, []) if pk != alumnus.pk and _overlaps(start, end, s, e)] \
            if alumnus.birth_date else []
        for other in sorted(set(same)):
            duplicates.append({"alumnus": alumnus, "other_id": other})
        if alumnus.birth_date:
            lookups.people.setdefault(key, []).append((alumnus.pk, start, end))
        if same:
            report.add(row.line, row.number or alumnus.full_name, "ok",
                       _("Added; may be the same person as a record already there: shown for headquarters to "
                         "merge or keep apart."))
        elif row.participant is not None:
            report.add(row.line, row.number, "ok", _("Added from the programme's record of %(name)s.")
                       % {"name": row.participant})
        else:
            report.add(row.line, row.number or alumnus.full_name, "ok", _("Added."))
    create_many_logged(Placement, "alumni.placement.import", by=by, rows=placements, batch_size=1000)
    create_many_logged(ChapterMember, "alumni.chaptermember.import", by=by, rows=members, batch_size=1000)
    create_many_logged(PossibleDuplicate, "alumni.possibleduplicate.create", by=by, rows=duplicates)
