"""Pages to read: my requests, filing, a request's thread, office queues, published research."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.countries import country_choices
from kizuna.core.downloads import named
from kizuna.core.fiscal import current_fiscal_year
from kizuna.core.permissions import permission_required, public

from .. import exports, forms, queries, services, sla
from ..enums import ACTIVE, KIND_RULES, Kind, Status
from ..forms import AnswerForm, MessageForm, NoteForm, OfficeForm, PublishForm, RatingForm, ReasonForm, RequestForm
from ..models import Attachment, Request
from ._common import add_errors, form_page, office_of, request_of

QUEUE_PAGE = 50
RESEARCH_PAGE = 20  # answers on a page of published research (summaries are long)
# What happens to a request once filed, said above its form (DOMAIN.md "Overseas-office requests").
KIND_INTROS = {kind: gettext_lazy(
    "It goes to your CLAIR branch, which endorses it; headquarters then assigns the overseas office that "
    "researches it. Allow about two months: the page of the request shows the expected date.")
    if rules.via_branch else gettext_lazy(
    "It goes straight to the overseas office that covers the country, which answers first within a working "
    "day. The page of the request shows the office and the expected date.")
    for kind, rules in KIND_RULES.items()}


@permission_required("requests.view_own_requests")
def mine(request):
    return render(request, "requests/mine.html", {
        "requests": queries.own_requests(request.user), "inbox": queries.inbox(request.user),
        "kinds": Kind.choices, "can_file": request.user.has_perm("requests.file_request")})


@permission_required("requests.file_request")
def new(request):
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        return render(request, "requests/kinds.html", {"kinds": Kind.choices})
    form = RequestForm(request.POST or None, request.FILES or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        requester, uploads = data.pop("requester"), data.pop("file", None) or []
        try:
            filed = services.file_request(by=request.user, requester=requester, kind=kind, data=data,
                                          files=uploads)
        except ValidationError as error:
            add_errors(form, error)
        else:
            expected = sla.expected_answer(filed)
            if sla.later_than_wanted(filed, expected):
                messages.warning(request, _(
                    "The office's target for this kind of request is %(expected)s, later than the date you asked "
                    "for. The office will tell you whether it can answer sooner.")
                    % {"expected": date_format(expected.astimezone(sla.JST).date(), "DATE_FORMAT")})
            return redirect(filed)
    return form_page(request, form=form, title=Kind(kind).label, back="/requests/", multipart=True,
                     intro=KIND_INTROS.get(kind, ""))


def _publish_form(obj):
    shareable = list(services.publishable_attachments(obj))
    return PublishForm(auto_id="publish_%s", attachments=shareable, initial={
        "publish": obj.is_public, "title": obj.public_title or obj.title, "title_en": obj.public_title_en,
        "summary": obj.public_summary, "summary_en": obj.public_summary_en, "answer": obj.publish_answer,
        "files": [a.pk for a in shareable if a.is_public]})


@permission_required("requests.view_request", get_object=request_of)
def detail(request, pk, obj):
    return detail_page(request, obj)


def detail_page(request, obj, *, message_form=None):
    """The request's page; `message_form` is a refused message, shown with its errors beside its fields and what
    was typed (status 400)."""
    user = request.user
    staff = user.has_perm("requests.note_request", obj)
    thread = obj.messages.visible_to(user).select_related("author").prefetch_related("attachments")
    cal = sla.calendars([obj.office]).get(obj.office_id) if obj.office_id else None
    actions = {t.action for t in Request.transitions.available(obj, user)}
    expected = sla.expected_answer(obj, cal) if obj.status in ACTIVE else None
    return render(request, "requests/detail.html", {
        "r": obj, "expected": expected, "late_for_wanted": sla.later_than_wanted(obj, expected),
        "thread": thread, "staff": staff, "minutes_spent": queries.minutes_spent(obj) if staff else None,
        "targets": sla.targets(obj, cal) if cal else [],
        "actions": actions, "can_see_queue": bool(obj.office_id) and user.has_perm("requests.view_queue", obj.office),
        "can_reply": user.has_perm("requests.reply_request", obj),
        "can_publish": user.has_perm("requests.publish_request", obj)
        and obj.status in {Status.ANSWERED, Status.CLOSED},
        "message_form": message_form or (MessageForm(auto_id="msg_%s", staff=staff) if staff or user.has_perm(
            "requests.reply_request", obj) else None),
        "accept_form": OfficeForm(auto_id="accept_%s"),
        "hand_over_form": OfficeForm(auto_id="handover_%s", initial={"office": obj.office_id}),
        "wait_form": ReasonForm(auto_id="wait_%s"), "decline_form": ReasonForm(auto_id="decline_%s"),
        "note_form": NoteForm(auto_id="endorse_%s"), "answer_form": AnswerForm(auto_id="answer_%s"),
        "rating_form": RatingForm(auto_id="rate_%s"), "publish_form": _publish_form(obj),
    }, status=400 if message_form is not None else 200)


@permission_required("requests.view_request", get_object=request_of)
def download(request, pk, file_pk, obj):
    found = get_object_or_404(Attachment.objects.visible_to(request.user), pk=file_pk, message__request=obj)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@permission_required("requests.view_queues")
def queues(request):
    return render(request, "requests/queues.html", {"offices": queries.offices(request.user),
                                                    "inbox": queries.inbox(request.user)})


@permission_required("requests.view_queue", get_object=office_of)
def queue(request, office_pk, obj):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = Paginator(queries.queue(request.user, obj, status=status), QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(request, "requests/queue.html", {
        "office": obj, "requests": queries.listed_rows(page.object_list), "page": page, "status": status,
        "statuses": Status.choices, "can_edit_hours": request.user.has_perm("requests.edit_office_hours", obj)})


@public("requests.view_research")
def research(request):
    q = request.GET.get("q", "")[:100]
    country = request.GET.get("country", "")[:2].upper()
    theme = request.GET.get("theme", "")[:100]
    covered = forms.covered_offices()
    page = Paginator(queries.published_research(query=q, country=country, theme=theme),
                     RESEARCH_PAGE).get_page(request.GET.get("page"))
    capped = bool(q.strip()) and page.paginator.count >= queries.RESEARCH_SHOWN  # a search lists only its best
    return render(request, "requests/research.html", {
        "countries": [(code, name) for code, name in country_choices() if code in covered],
        "page": page, "answers": page.object_list, "capped": capped,
        "q": q, "country": country, "theme": theme, "year": current_fiscal_year()})


@permission_required("requests.export_research")
def research_export(request, year):
    if not 2000 <= year <= 2100:
        raise Http404
    response = HttpResponse(exports.completed_research_xlsx(year),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    named(response, f"research-fy{year}.xlsx")
    return response

