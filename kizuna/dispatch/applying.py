"""Every write on applications to join the expert bank (人材バンク): the applicant's draft, files and submission,
headquarters' vetting (notes and checklist) and its decisions; acceptance makes or updates the person's entry in
the registry from the application itself. Each state change goes through core.workflow.transition."""

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.history import register_action_labels
from kizuna.core.models import User
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from . import queries
from .enums import (
    APPLICATION_OPEN,
    APPLICATION_TRANSITIONS,
    MAX_APPLICATION_FILES,
    ApplicationStatus,
    Programme,
)
from .models import ApplicationFile, Expert, ExpertApplication
from .services import check_report_file

register_action_labels({
    "dispatch.expertapplication.create": gettext_lazy("Started an application to the expert bank"),
    "dispatch.expertapplication.edit": gettext_lazy("Edited the application"),
    "dispatch.expertapplication.vet": gettext_lazy("Wrote the review notes and checklist"),
    "dispatch.applicationfile.add": gettext_lazy("Added a reference or qualification"),
})

# What the applicant writes (pages and API use these names).
APPLICANT_FIELDS = ("name", "name_kana", "affiliation", "career", "programmes", "fields", "languages", "regions",
                    "onsite", "online", "fee_expectation", "profile", "references", "consent")
TEXT_LIMITS = {"name": 100, "name_kana": 100, "affiliation": 200, "career": 10_000, "profile": 5_000,
               "references": 5_000}
VETTING_FIELDS = ("review_notes", "identity_checked", "references_checked", "conflict_checked")
DECIDED = {ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}  # closed


def _invalid(errors: dict) -> ValidationError:
    return ValidationError({k: ValidationError(v, code="invalid") for k, v in errors.items()})


def _is_language(code) -> bool:
    return isinstance(code, str) and len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None


def _check_values(data: dict) -> dict:
    """Each value the applicant gave is one the registry takes (whether it is complete is the submission's)."""
    errors = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = _("Give your name.")
    for name, limit in TEXT_LIMITS.items():
        if len(str(data.get(name) or "")) > limit:
            errors[name] = _("Keep this under %(n)d characters.") % {"n": limit}
    if any(p not in Programme.values for p in data.get("programmes") or []):
        errors["programmes"] = _("Choose programmes from the list.")
    if any(f not in queries.field_choices() for f in data.get("fields") or []):
        errors["fields"] = _("Choose fields of expertise from the list.")
    if any(not _is_language(code) for code in data.get("languages") or []):
        errors["languages"] = _("Give languages as two-letter ISO 639-1 codes (ja, en, zh …).")
    if any(r not in queries.prefecture_codes() for r in data.get("regions") or []):
        errors["regions"] = _("Choose prefectures from the list.")
    fee = data.get("fee_expectation")
    if fee is not None and (isinstance(fee, bool) or not 0 <= fee <= 1_000_000):
        errors["fee_expectation"] = _("Give the fee per hour in yen (at most 1,000,000).")
    return errors


@APPLICATION_TRANSITIONS.guard("complete_application")
def complete_application(application, *, by, **changes) -> None:
    """A submitted application says who, which programme, what, in which language, how, and consents."""
    errors = {}
    if not application.programmes:
        errors["programmes"] = _("Choose at least one programme.")
    if not application.fields:
        errors["fields"] = _("Choose at least one field of expertise.")
    if not application.languages:
        errors["languages"] = _("Give at least one language you work in.")
    if not (application.onsite or application.online):
        errors["onsite"] = _("An expert works on site, online or both.")
    if not application.career.strip():
        errors["career"] = _("Describe your career.")
    if not application.consent:
        errors["consent"] = _("Consent to your profile being published to submit the application.")
    if errors:
        raise _invalid(errors)


@APPLICATION_TRANSITIONS.guard("needs_reason")
def needs_reason(application, *, by, **changes) -> None:
    if not application.decision_reason.strip():
        raise _invalid({"reason": _("Give the reason: it is mailed to the applicant.")})


@APPLICATION_TRANSITIONS.guard("checks_done")
def checks_done(application, *, by, **changes) -> None:
    if not (application.identity_checked and application.references_checked and application.conflict_checked):
        raise ValidationError(_("Check the identity, the references and conflicts of interest before accepting."),
                              code="unchecked")


@APPLICATION_TRANSITIONS.effect("return", "accept", "decline")
def mail_decision(application, *, by, note="") -> None:
    """The applicant hears of the decision and its reason by mail, in their language."""
    person = application.person
    queue_mail(to=person.email, template="dispatch/mail/application_decided",
               language=getattr(person, "preferred_language", "") or "ja",
               context={"a": application, "path": reverse("dispatch:application", args=[application.pk])})


def _check_files(files) -> list[str]:
    errors, kinds = [], []
    for upload in files:
        try:
            kinds.append(check_report_file(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({"files": errors})
    return kinds


def save_application(*, by, data: dict, application=None, files=(), submit: bool = False) -> ExpertApplication:
    """Start (application=None) or edit the applicant's application, add its files and, with `submit`, submit
    (or resubmit) it: one transaction, every file checked by its content before any is stored, nothing saved
    when anything is refused. A person has one open application at a time."""
    if application is None:
        require(by, "dispatch.apply_expert")
    else:
        require(by, "dispatch.edit_expert_application", application)
    values = {k: data[k] for k in APPLICANT_FIELDS if k in data}
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    errors = _check_values({**({} if application is None else {"name": application.name}), **values})
    files = list(files or ())
    try:
        kinds = _check_files(files)
    except ValidationError as error:
        errors["files"] = error.error_dict["files"]
    if errors:
        raise ValidationError({k: v if isinstance(v, list) else ValidationError(v, code="invalid")
                               for k, v in errors.items()})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).first()  # one open application, even at once
        if application is None:
            if ExpertApplication.objects.filter(person=by, status__in=APPLICATION_OPEN).exists():
                raise ValidationError(_("You already have an application in progress."), code="open")
            application = create_logged(ExpertApplication, "dispatch.expertapplication.create", by=by, person=by,
                                        **values)
        else:
            application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
            require(by, "dispatch.edit_expert_application", application)
            changed = [k for k, v in values.items() if getattr(application, k) != v]
            for k in changed:
                setattr(application, k, values[k])
            if changed:
                save_logged(application, "dispatch.expertapplication.edit", by=by, fields=changed)
        if application.files.count() + len(files) > MAX_APPLICATION_FILES:
            raise ValidationError({"files": ValidationError(
                _("An application holds at most %(n)d files.") % {"n": MAX_APPLICATION_FILES}, code="too_many")})
        for upload, kind in zip(files, kinds, strict=True):
            create_logged(ApplicationFile, "dispatch.applicationfile.add", by=by, application=application,
                          file=upload, name=upload.name[:200], content_type=kind, size=upload.size, uploaded_by=by)
        if submit:
            action = "resubmit" if application.status == ApplicationStatus.RETURNED else "submit"
            application = transition(application, action, by=by, submitted_at=timezone.now())
    return application


def vet_application(*, by, application, data: dict) -> ExpertApplication:
    """Headquarters' notes and checklist (identity, references, conflicts of interest) while it is undecided."""
    require(by, "dispatch.review_expert_application", application)
    with transaction.atomic():
        application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
        if application.status in DECIDED:
            raise ValidationError(_("This application is closed: it was decided or withdrawn."), code="decided")
        changed = [k for k in VETTING_FIELDS if k in data and getattr(application, k) != data[k]]
        for k in changed:
            setattr(application, k, data[k])
        if changed:
            save_logged(application, "dispatch.expertapplication.vet", by=by, fields=changed)
    return application


def start_review(*, by, application) -> ExpertApplication:
    return transition(application, "review", by=by)


def withdraw_application(*, by, application) -> ExpertApplication:
    """The applicant withdraws before the decision: the application is kept, closed, and they may apply again."""
    return transition(application, "withdraw", by=by, decided_at=timezone.now())


def return_application(*, by, application, reason: str) -> ExpertApplication:
    return transition(application, "return", by=by, decision_reason=(reason or "").strip())


def decline_application(*, by, application, reason: str) -> ExpertApplication:
    return transition(application, "decline", by=by, decision_reason=(reason or "").strip(),
                      decided_at=timezone.now())


def accept_application(*, by, application, programme: str, hourly_fee: int, reason: str = "") -> ExpertApplication:
    """Accept: the person's entry in the registry is made (or, when they have one, updated) from the application,
    with the programme headquarters chose among those applied for and the fee it sets; in the same transaction
    as the step, so a refused step leaves no expert behind."""
    require(by, "dispatch.review_expert_application", application)
    errors = {}
    if programme not in application.programmes:
        errors["programme"] = _("Choose one of the programmes applied for.")
    if hourly_fee is None or isinstance(hourly_fee, bool) or not 0 <= hourly_fee <= 1_000_000:
        errors["hourly_fee"] = _("Give the fee per hour in yen (at most 1,000,000).")
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        application = ExpertApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.UNDER_REVIEW:
            return transition(application, "accept", by=by)  # refused with the state it is in
        values = {"name": application.name, "programme": programme, "fields": application.fields,
                  "languages": application.languages, "regions": application.regions,
                  "onsite": application.onsite, "online": application.online, "hourly_fee": hourly_fee,
                  "bio": application.profile or application.career, "is_active": True}
        expert = Expert.objects.filter(person=application.person).first()
        if expert is None:
            expert = create_logged(Expert, "dispatch.expert.create", by=by, person=application.person,
                                   data={"application": application.pk}, **values)
        else:
            changed = [k for k, v in values.items() if getattr(expert, k) != v]
            for k in changed:
                setattr(expert, k, values[k])
            save_logged(expert, "dispatch.expert.update_profile", by=by, fields=changed,
                        data={"application": application.pk})
        return transition(application, "accept", by=by, expert=expert, decision_reason=(reason or "").strip(),
                          decided_at=timezone.now())
