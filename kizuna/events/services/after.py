"""Afterwards: attendance imported from a webinar tool's CSV, the survey, certificates of completion."""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, delete_logged, save_logged, update_logged
from kizuna.core.imports import ImportReport
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload

from ..enums import Status
from ..models import Certificate, Event, Material, Registration, SurveyResponse

EMAIL_HEADERS = ("email", "user email", "メールアドレス", "e-mail", "attendee email")


def _email_column(header: list[str]) -> int:
    for i, name in enumerate(header):
        if name.strip().lower().lstrip("\ufeff") in EMAIL_HEADERS:
            return i
    raise ValidationError(_("No e-mail column found (expected one of: %(names)s).")
                          % {"names": ", ".join(EMAIL_HEADERS)}, code="no_email_column")


def import_attendance(*, by, event: Event, content: bytes) -> ImportReport:
    """Mark confirmed registrants as attended from a webinar CSV: every row must match, or nothing is saved."""
    require(by, "events.check_in", event)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp932", errors="strict")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValidationError(_("The file is empty."), code="empty")
    column = _email_column(rows[0])
    by_email = {r.person.email.lower(): r for r in Registration.objects.filter(event=event)
                .select_related("person")}
    report, seen, now = ImportReport(saved=False), set(), timezone.now()
    for line, row in enumerate(rows[1:], start=2):
        email = row[column].strip().lower() if len(row) > column else ""
        found = by_email.get(email)
        if email in seen:
            report.rows.append((line, email, "skipped", _("Already in the file (joined twice).")))
        elif found is None:
            report.rows.append((line, email, "error", _("No registration with this e-mail.")))
        elif found.status != Status.CONFIRMED:
            report.rows.append((line, email, "error", _("Registration not confirmed (%(s)s).")
                                % {"s": found.get_status_display()}))
        else:
            report.rows.append((line, email, "ok", _("Attended.")))
        seen.add(email)
    if report.errors:
        return report
    with transaction.atomic():
        ids = [by_email[email].pk for (_line, email, outcome, _m) in report.rows if outcome == "ok"]
        update_logged(Registration.objects.filter(pk__in=ids, checked_in_at__isnull=True),
                      "events.registration.import_attendance", by=by, checked_in_at=now, checked_in_by=by)
    report.saved = True
    return report


def answer_survey(*, by, registration: Registration, satisfaction: int, answers: dict) -> SurveyResponse:
    require(by, "events.answer_survey", registration)
    if registration.checked_in_at is None:
        raise ValidationError(_("Only people who attended can answer the survey."), code="not_attended")
    if SurveyResponse.objects.filter(registration=registration).exists():
        raise ValidationError(_("You have already answered this survey."), code="already_answered")
    if not 1 <= int(satisfaction) <= 5:
        raise ValidationError(_("Satisfaction is from 1 to 5."), code="bad_rating")
    keys = {q["key"]: q for q in registration.event.survey_questions}
    clean = {k: str(v)[:2000] for k, v in answers.items() if k in keys}
    return create_logged(SurveyResponse, "events.surveyresponse.answer", by=by, registration=registration,
                         satisfaction=int(satisfaction), answers=clean)


def survey_summary(event: Event) -> dict:
    """Counts per rating (1-5) for overall satisfaction and each rating question, the mean, and text answers."""
    responses = list(SurveyResponse.objects.filter(registration__event=event).values_list("satisfaction",
                                                                                          "answers"))
    def counts(values):
        found = [int(v) for v in values if str(v).isdigit() and 1 <= int(v) <= 5]
        bars = [(n, found.count(n)) for n in range(1, 6)]
        top = max([c for _n, c in bars] or [0]) or 1
        return {"bars": [(n, c, round(100 * c / top)) for n, c in bars],
                "mean": round(sum(found) / len(found), 2) if found else None, "count": len(found)}

    summary = {"responses": len(responses), "satisfaction": counts([s for s, _a in responses]), "questions": []}
    for q in event.survey_questions:
        values = [a.get(q["key"], "") for _s, a in responses]
        if q.get("kind") == "rating":
            summary["questions"].append({"label": q["label"], "kind": "rating", **counts(values)})
        else:
            summary["questions"].append({"label": q["label"], "kind": "text", "texts": [v for v in values if v]})
    return summary


def issue_certificate(*, by, registration: Registration) -> Certificate:
    """For attendees of events that give certificates; issuing twice returns the same certificate."""
    require(by, "events.download_certificate", registration)
    if not registration.event.gives_certificate:
        raise ValidationError(_("This event gives no certificate."), code="no_certificate")
    if registration.checked_in_at is None:
        raise ValidationError(_("Certificates are for people who attended."), code="not_attended")
    with transaction.atomic():
        Registration.objects.select_for_update().get(pk=registration.pk)  # one certificate, even when asked twice
        found = Certificate.objects.filter(registration=registration).first()
        return found or create_logged(Certificate, "events.certificate.issue", by=by, registration=registration)


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when it is needed

    r = certificate.registration
    html = render_to_string("events/certificate.html", {
        "certificate": certificate, "registration": r, "event": r.event,
        "verify_url": settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()})
    return HTML(string=html).write_pdf()


# -- materials -------------------------------------------------------------------------------------------------

def add_material(*, by, event, title: str, kind: str, upload=None, url: str = "", before_the_event: bool = False):
    """Slides, a recording or a document for the people who held a seat: a file (checked by its content) or a
    link. Shown to them from the event's end, or at once when shared before the event."""
    require(by, "events.manage_materials", event)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = ValidationError(_("Give the material a title."), code="required")
    if bool(upload) == bool(url):
        errors["upload"] = ValidationError(_("Give a file or a link, one of the two."), code="file_or_link")
    content_type = ""
    if upload and "upload" not in errors:
        try:
            content_type = check_upload(upload)
        except ValidationError as error:
            errors["upload"] = error
    if errors:
        raise ValidationError(errors)
    material = Material(event=event, title=title, kind=kind, url=url or "", added_by=by,
                        available_from=timezone.now() if before_the_event else event.ends_at)
    if upload:
        material.file.save(upload.name, upload, save=False)
        material.name, material.content_type, material.size = upload.name[:200], content_type, upload.size
    material.full_clean(exclude=["added_by"])
    with transaction.atomic():
        save_logged(material, "events.material.add", by=by)
    return material


def remove_material(*, by, material) -> None:
    require(by, "events.manage_materials", material.event)
    with transaction.atomic():
        delete_logged(material, "events.material.remove", by=by)
