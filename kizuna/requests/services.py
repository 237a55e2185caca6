"""Every write on requests to overseas offices. Each state change goes through core.workflow.transition."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import create_logged, save_logged, update_logged
from kizuna.core.models import CoveredCountry
from kizuna.core.policies import require
from kizuna.core.queries import branch_for
from kizuna.core.rules import is_working_member
from kizuna.core.threads import services as threads
from kizuna.core.threads.services import Thread, working_people
from kizuna.core.uploads import MAX_BYTES, check_upload
from kizuna.core.workflow import transition

from . import effects
from .businesstime import has_public_holidays
from .enums import KIND_NEEDS, KIND_OPTIONS, KIND_RULES, MAX_MINUTES, Kind, Status
from .models import Attachment, Message, OfficeHours, Pause, Request

MAX_FILE_BYTES = MAX_BYTES
MAX_FILES = 10  # per message
REQUEST_FIELDS = ("title", "description", "country", "starts_on", "ends_on", "people", "purpose", "questions",
                  "theme", "wanted_by")
OPTION_FIELDS = ("for_promotion",)  # yes/no, only where KIND_OPTIONS lets the kind say it


def check_needs(kind: str, data: dict) -> None:
    """What each kind needs, refused all at once with one message per missing field."""
    errors = {}
    for name in ("title", "description", *KIND_NEEDS[Kind(kind)]):
        if data.get(name) in (None, ""):
            errors[name] = ValidationError(_("This kind of request needs this."), code="required")
    wanted = data.get("wanted_by")
    if wanted and wanted < timezone.localdate():
        errors["wanted_by"] = ValidationError(_("The date is in the past: choose a date from today."),
                                              code="past_date")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = ValidationError(_("The end date is before the start date."), code="bad_dates")
    if errors:
        raise ValidationError(errors)


def check_files(files) -> None:
    """All of one submit's files, before any is stored: at most MAX_FILES, each at most 20 MB and of an
    accepted kind by its content (`kizuna.core.uploads`). One message per refused file, and nothing saved
    when any is refused."""
    files = list(files or ())
    errors = []
    for f in files:
        try:
            check_upload(f, text=True)
        except ValidationError as error:
            errors.append(error)
    if len(files) > MAX_FILES:
        errors.insert(0, ValidationError(_("Attach at most %(n)d files at once.") % {"n": MAX_FILES},
                                         code="too_many"))
    if errors:
        raise ValidationError({"file": errors})


def _add_files(message: Message, files, *, by) -> None:
    check_files(files)
    for f in files or ():
        create_logged(Attachment, "requests.attachment.add", by=by, message=message, file=f, name=f.name[:200],
                      size=f.size)


def _route(kind: str, requester, country: str) -> dict:
    if KIND_RULES[Kind(kind)].via_branch:
        branch = branch_for(requester)
        if branch is None:
            raise ValidationError(_("No CLAIR branch serves your organisation, so a research request cannot be "
                                    "routed. Please contact headquarters."), code="no_branch")
        return {"status": Status.AWAITING_BRANCH, "branch": branch}
    covered = CoveredCountry.objects.select_related("office").filter(country=country.upper()).first()
    if covered is None:
        raise ValidationError({"country": ValidationError(_("No overseas office covers this country."),
                                                          code="no_office")})
    return {"status": Status.OPEN, "office": covered.office, "routed_at": timezone.now()}


def file_request(*, by, requester, kind: str, data: dict, files=()) -> Request:
    """A local government or association files a request: research goes to its branch, the rest to the office
    that covers the country."""
    require(by, "requests.file_request")
    if not (by.is_superuser or is_working_member(by, requester)):
        raise PermissionDenied("requests.file_request")
    if kind not in Kind.values:
        raise ValidationError({"kind": ValidationError(_("Choose a kind of request."), code="bad_kind")})
    check_needs(kind, data)
    fields = {k: data.get(k) or ("" if k not in {"starts_on", "ends_on", "wanted_by"} else None)
              for k in REQUEST_FIELDS}
    fields["country"] = (fields["country"] or "").upper()
    fields.update({k: bool(data.get(k)) and k in KIND_OPTIONS.get(Kind(kind), ()) for k in OPTION_FIELDS})
    with transaction.atomic():
        request = create_logged(Request, "requests.request.file", by=by, kind=kind, requester=requester,
                                created_by=by, **_route(kind, requester, fields["country"]), **fields)
        if files:
            _add_files(create_logged(Message, "requests.message.post", by=by, request=request, author=by,
                                     body=_("Files attached when filing.")), files, by=by)
        to = effects.emails_of(request.branch if request.branch_id else request.office)
        effects.notify(request, to=to, what=_("A new request was filed."), body=request.description)
    return request


def endorse_request(*, by, request, note: str = "") -> Request:
    return transition(request, "endorse", by=by, note=note)


def accept_request(*, by, request, office, assignee=None, note: str = "") -> Request:
    return transition(request, "accept", by=by, note=note, office=office, assignee=assignee,
                      routed_at=timezone.now())


def decline_request(*, by, request, reason: str) -> Request:
    return transition(request, "decline", by=by, note=reason, reason=reason.strip())


def hand_over_request(*, by, request, office=None, assignee=None, note: str = "") -> Request:
    """To another person at the office or to another office (the clock keeps running)."""
    return transition(request, "hand_over", by=by, note=note, office=office or request.office, assignee=assignee)


def check_minutes(minutes, *, staff: bool) -> None:
    """Time spent with a message: staff's, a whole number of minutes from 1 to a day, or none."""
    if minutes is None:
        return
    if not staff:
        raise ValidationError({"minutes": ValidationError(_("Only the staff working on the request record time "
                                                            "spent."), code="not_staff")})
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError({"minutes": ValidationError(
            _("Give the time spent in whole minutes, from 1 to %(max)d.") % {"max": MAX_MINUTES},
            code="bad_minutes")})


def _requester_people(request) -> list:
    return [*working_people(request.requester), request.created_by]


def _mail_context(request, message) -> dict:
    return {"request": request, "what": gettext_lazy("A new message on the request."), "body": message.body}


# The request's thread (kizuna/core/threads): the requester's people and the office that handles it (nobody at an
# office before it reaches one); a staff reply's mail answers to the request's signed reply address.
THREAD = Thread(
    model=Message, on="request", action="requests.message.post", reply="requests.reply_request",
    note="requests.note_request", mail="requests/mail/update", parties=_requester_people,
    staff=lambda request: working_people(request.office),
    context=_mail_context,
    reply_to=effects.reply_address)


def post_message(*, by, request, body: str, internal: bool = False, files=(), via_mail: bool = False,
                 minutes: int | None = None) -> Message:
    """A reply (the requester sees it) or an internal note (CLAIR staff only). A requester's reply while the
    office waits for them restarts the clock. Staff may record the minutes they spent (`minutes`, the office's
    workload). A staff reply's mail to the requester answers to the request's signed reply address, so that they
    can reply by mail (`via_mail`: the reply came so, kizuna.requests.inbound)."""

    def then(message, staff):
        _add_files(message, files, by=by)
        request.refresh_from_db(fields=["status", "first_response_at"])
        if staff and not internal and request.first_response_at is None and request.office_id:
            request.first_response_at = timezone.now()
            save_logged(request, "requests.request.first_response", by=by, fields=["first_response_at"])
        if not staff and request.status == Status.WAITING:
            return resume_request(by=by, request=request)
        return request

    return threads.post_message(THREAD, by=by, record=request, body=body, internal=internal,
                                fields={"via_mail": via_mail, "minutes": minutes},
                                check=lambda staff: check_minutes(minutes, staff=staff), then=then)


def wait_for_requester(*, by, request, question: str) -> Request:
    """Ask the requester something; the office's clock stops until they answer or staff resume."""
    now = timezone.now()
    with transaction.atomic():
        request = transition(request, "wait", by=by, note=question,
                             first_response_at=request.first_response_at or now)
        create_logged(Pause, "requests.pause.start", by=by, request=request, started_at=now)
        create_logged(Message, "requests.message.post", by=by, request=request, author=by,
                      body=question.strip() or _("Waiting for you."))
    return request


def resume_request(*, by, request) -> Request:
    with transaction.atomic():
        request = transition(request, "resume", by=by)
        update_logged(Pause.objects.filter(request=request, ended_at__isnull=True), "requests.pause.end", by=by,
                      ended_at=timezone.now())
    return request


def answer_request(*, by, request, deliverable: str, files=()) -> Request:
    now = timezone.now()
    with transaction.atomic():
        request = transition(request, "answer", by=by, deliverable=deliverable.strip(), answered_at=now,
                             first_response_at=request.first_response_at or now)
        if files:
            _add_files(create_logged(Message, "requests.message.post", by=by, request=request, author=by,
                                     body=_("The deliverable.")), files, by=by)
    return request


def rate_request(*, by, request, rating, comment: str = "") -> Request:
    return transition(request, "rate", by=by, rating=rating, rating_comment=comment.strip())


def withdraw_request(*, by, request, reason: str = "") -> Request:
    with transaction.atomic():
        request = transition(request, "withdraw", by=by, note=reason)
        update_logged(Pause.objects.filter(request=request, ended_at__isnull=True), "requests.pause.end", by=by,
                      ended_at=timezone.now())
    return request


def publish_research(*, by, request, publish: bool, title: str = "", title_en: str = "", summary: str = "",
                     summary_en: str = "", answer: bool = False, files=()) -> Request:
    """Staff choose what of an answered research request is public: a title and a summary, in ja and en, and
    for the library the answer's text (`answer`) and the attachments (`files`, ids) that go with it. Only
    attachments of the thread's messages to the requester can be chosen, never an internal note's."""
    require(by, "requests.publish_request", request)
    if request.status not in {Status.ANSWERED, Status.CLOSED}:
        raise ValidationError(_("Only answered research can be published."), code="not_answered")
    if publish and not (title.strip() and summary.strip()):
        raise ValidationError(_("A published answer needs a title and a summary."), code="incomplete")
    chosen = {int(pk) for pk in files}
    shareable = {a.pk: a for a in publishable_attachments(request)}
    if chosen - set(shareable):
        raise ValidationError(_("Only files sent to the requester can be published."), code="bad_file")
    with transaction.atomic():
        for attachment in shareable.values():
            if attachment.is_public != (attachment.pk in chosen):
                attachment.is_public = attachment.pk in chosen
                save_logged(attachment, "requests.attachment.publish", by=by, fields=["is_public"])
        request = Request.objects.select_for_update().get(pk=request.pk)
        request.is_public, request.public_title, request.public_title_en = publish, title.strip(), title_en.strip()
        request.public_summary, request.public_summary_en = summary.strip(), summary_en.strip()
        request.publish_answer = answer
        save_logged(request, "requests.request.publish", by=by,
                    fields=["is_public", "public_title", "public_title_en", "public_summary", "public_summary_en",
                            "publish_answer"])
    return request


def publishable_attachments(request):
    """The files of the thread that the requester could see (not an internal note's)."""
    return Attachment.objects.filter(message__request=request, message__internal=False).order_by("pk")


def set_office_hours(*, by, office, opens, closes, weekdays, holiday_country: str = "") -> OfficeHours:
    """An office's working hours, days and public-holiday country, from which its targets are counted (every
    open request's deadlines follow at once)."""
    require(by, "requests.edit_office_hours", office)
    country = (holiday_country or "").strip().upper()
    errors = {}
    if opens is None or closes is None or closes <= opens:
        errors["closes"] = ValidationError(_("The office must close after it opens."), code="bad_hours")
    days = sorted(set(weekdays or ()))
    if not days or not all(0 <= d <= 6 for d in days):
        errors["weekdays"] = ValidationError(_("Choose at least one working day."), code="no_days")
    if country and not has_public_holidays(country):
        errors["holiday_country"] = ValidationError(
            _("Kizuna has no public-holiday calendar for “%(code)s”; give another ISO country code or leave it "
              "empty.") % {"code": country}, code="bad_country")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hours = OfficeHours.objects.select_for_update().filter(office=office).first() or OfficeHours(office=office)
        hours.opens, hours.closes, hours.weekdays, hours.holiday_country = opens, closes, days, country
        save_logged(hours, "requests.officehours.set", by=by,
                    fields=None if hours.pk is None else ["opens", "closes", "weekdays", "holiday_country"])
    return hours
