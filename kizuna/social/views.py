"""Social-media pages: the calendar (month and week, by office and account), a post with the steps each person
may take, the accounts with their followers and the figures import, and the promotion requests."""

from datetime import date, timedelta
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.ui import form_page as _form_page
from kizuna.core.ui import import_page
from kizuna.events.models import Event

from . import importing, queries, services
from .enums import FEATURED_KINDS, HOLDER_KINDS, REQUESTER_KINDS
from .forms import (
    AcceptForm,
    AccountForm,
    DeclineForm,
    FiguresForm,
    FiguresImportForm,
    FollowersForm,
    NoteForm,
    PostedForm,
    PostForm,
    PromotionForm,
)
from .models import Account, Post, PromotionRequest


def _post(request, pk, **kwargs):
    return get_object_or_404(Post.objects.visible_to(request.user).select_related(
        "account__holder", "featured", "event", "promotion"), pk=pk)


def _account(request, pk, **kwargs):
    return get_object_or_404(Account.objects.visible_to(request.user).select_related("holder"), pk=pk)


def _promotion(request, pk, **kwargs):
    return get_object_or_404(PromotionRequest.objects.visible_to(request.user).select_related(
        "requester", "office", "event", "account"), pk=pk)


def _zone(office):
    try:
        return ZoneInfo(office.timezone) if office is not None and office.timezone else None
    except (KeyError, ValueError):
        return None


def _zone_note() -> str:
    return _("Times in %(zone)s.") % {"zone": timezone.get_current_timezone_name()}


def in_holders_zone(view):
    """Times of a post are typed and shown in the time zone of the office that holds its account."""
    @wraps(view)
    def wrapped(request, *args, obj, **kwargs):
        holder = obj.holder if isinstance(obj, Account) else obj.account.holder
        with timezone.override(_zone(holder) or timezone.get_current_timezone()):
            return view(request, *args, obj=obj, **kwargs)

    return wrapped


# -- the calendar ----------------------------------------------------------------------------------------------------

@permission_required("social.view_calendar")
def calendar(request):
    """`?view=week&date=2026-12-07&office=bej&account=3`: in the office's time zone when one is chosen."""
    user = request.user
    view = request.GET.get("view") if request.GET.get("view") in queries.VIEWS else "month"
    office = Organisation.objects.filter(kind__in=HOLDER_KINDS, slug=request.GET.get("office") or None).first()
    accounts = Account.objects.visible_to(user).select_related("holder")
    if office is not None:
        accounts = accounts.filter(holder=office)
    account_id = request.GET.get("account", "")
    account = accounts.filter(pk=int(account_id)).first() if account_id.isdigit() and len(account_id) < 10 else None
    zone = _zone(office) or timezone.get_current_timezone()
    with timezone.override(zone):
        try:
            day = parse_date(request.GET.get("date", "")) or timezone.localdate()
        except ValueError:
            day = timezone.localdate()
        day = min(max(day, date(2000, 1, 1)), date(2100, 12, 1))
        cal = queries.calendar(user, view=view, day=day, office=office, account=account)
        plannable = [a for a in accounts if a.is_active and user.has_perm("social.plan_post", a)]
        return render(request, "social/calendar.html", {
            "cal": cal, "office": office, "account": account, "accounts": accounts, "offices": queries.holders(),
            "plannable": plannable, "zone": zone, "today": timezone.localdate()})


# -- posts -----------------------------------------------------------------------------------------------------------

def _post_form(request, data, instance=None, initial=None):
    featured = Organisation.objects.filter(kind__in=FEATURED_KINDS, is_active=True).order_by("code")
    events = Event.objects.visible_to(request.user).filter(
        starts_at__gte=timezone.now() - timedelta(days=365)).order_by("starts_at")
    return PostForm(data, instance=instance, initial=initial, featured=featured, events=events)


@permission_required("social.plan_post", get_object=_account)
@in_holders_zone
def post_new(request, pk, obj):
    try:
        day = parse_date(request.GET.get("date", "")[:10])
    except ValueError:  # well formed but not a day (2026-02-30)
        day = None
    initial = {"planned_at": f"{day.isoformat()}T12:00"} if day else {}
    form = _post_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.plan_post(by=request.user, account=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The post is planned as a draft. Send it for review when it is ready."))
            return redirect(post)
    title = _("New post on %(account)s") % {"account": obj}
    return _form_page(request, form, title, reverse("social:calendar"),
                      intro=" ".join([_("Write the post in the account's language: %(language)s.")
                                      % {"language": obj.get_language_display()}, _zone_note()]))


@permission_required("social.edit_post", get_object=_post)
@in_holders_zone
def post_edit(request, pk, obj):
    form = _post_form(request, request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(by=request.user, post=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the post"), obj.get_absolute_url())


@permission_required("social.view_post", get_object=_post)
@in_holders_zone
def post(request, pk, obj):
    user = request.user
    return render(request, "social/post.html", {
        "post": obj, "actions": [t for t in obj.transitions.available(obj, user) if t.action in STEPS],
        "can_edit": user.has_perm("social.edit_post", obj),
        "can_mark_posted": any(t.action == "mark_posted" for t in obj.transitions.available(obj, user)),
        "can_record": user.has_perm("social.record_figures", obj), "note_form": NoteForm(),
        "irreversible": IRREVERSIBLE, "confirm_question": _("This cannot be undone.")})


# Steps that cannot be taken back ask first.
IRREVERSIBLE = ("cancel",)
STEPS = {
    "submit": (lambda by, post, note: services.submit_post(by=by, post=post),
               gettext_lazy("Sent for review.")),
    "approve": (lambda by, post, note: services.approve_post(by=by, post=post), gettext_lazy("Approved.")),
    "return": (lambda by, post, note: services.return_post(by=by, post=post, note=note),
               gettext_lazy("Returned to draft.")),
    "cancel": (lambda by, post, note: services.cancel_post(by=by, post=post, note=note),
               gettext_lazy("The post is cancelled.")),
}
STEP_PERMISSIONS = {"submit": "social.draft_post", "cancel": "social.draft_post",
                    "approve": "social.approve_post", "return": "social.approve_post"}


def _step(request, obj, action):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    step, success = STEPS[action]
    return run_and_return(request, obj, lambda: step(request.user, obj, form.cleaned_data["note"]), success)


@require_POST
@permission_required("social.draft_post", get_object=_post)
def post_step(request, pk, action, obj):
    """The holder's steps: send for review, cancel."""
    if STEP_PERMISSIONS.get(action) != "social.draft_post":
        raise Http404
    return _step(request, obj, action)


@require_POST
@permission_required("social.approve_post", get_object=_post)
def post_review(request, pk, action, obj):
    """The approver's steps: approve, return to draft."""
    if STEP_PERMISSIONS.get(action) != "social.approve_post":
        raise Http404
    return _step(request, obj, action)


@permission_required("social.draft_post", get_object=_post)
@in_holders_zone
def post_posted(request, pk, obj):
    form = PostedForm(request.POST or None, initial={"posted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_posted(by=request.user, post=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The post is recorded as posted."))
            return redirect(obj)
    return _form_page(request, form, _("Mark as posted"), obj.get_absolute_url(),
                      intro=" ".join([_("Once it is recorded as posted, the post cannot go back to the plan."),
                                      _zone_note()]),
                      submit_label=_("Record as posted"))


@permission_required("social.record_figures", get_object=_post)
def post_figures(request, pk, obj):
    form = FiguresForm(request.POST or None, initial={n: getattr(obj, n) for n in services.FIGURES})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_figures(by=request.user, post=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The figures are saved."))
            return redirect(obj)
    return _form_page(request, form, _("Reach and engagement"), obj.get_absolute_url(),
                      intro=_("As the platform's insights show them; a later entry replaces these."))


# -- accounts --------------------------------------------------------------------------------------------------------

@permission_required("social.view_calendar")
def accounts(request):
    rows = queries.with_followers(Account.objects.visible_to(request.user).select_related("holder"))
    return render(request, "social/accounts.html", {
        "accounts": rows, "can_add": request.user.has_perm("social.add_account")})


@permission_required("social.add_account")
def account_new(request):
    ids = [o.pk for o in working_orgs(request.user, HOLDER_KINDS)]
    holders = queries.holders() if is_hq_staff(request.user) else queries.holders().filter(pk__in=ids)
    form = AccountForm(request.POST or None, holders=holders)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "holder"}
        try:
            account = services.save_account(by=request.user, holder=form.cleaned_data["holder"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The account is added."))
            return redirect(account)
    return _form_page(request, form, _("New social-media account"), reverse("social:accounts"))


@permission_required("social.manage_account", get_object=_account)
def account_edit(request, pk, obj):
    form = AccountForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_account(by=request.user, account=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url())


@permission_required("social.view_account", get_object=_account)
def account(request, pk, obj):
    user = request.user
    return render(request, "social/account.html", {
        "account": obj, "figures": obj.figures.order_by("-month")[:24],
        "posts": obj.posts.order_by("-planned_at")[:20],
        "can_manage": user.has_perm("social.manage_account", obj),
        "can_plan": user.has_perm("social.plan_post", obj),
        "can_import": user.has_perm("social.import_figures", obj),
        "followers_form": FollowersForm() if user.has_perm("social.record_followers", obj) else None})


@require_POST
@permission_required("social.record_followers", get_object=_account)
def account_followers(request, pk, obj):
    form = FollowersForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.record_followers(by=request.user, account=obj,
                                                                          **form.cleaned_data),
                          _("The followers are saved."))


@permission_required("social.import_figures", get_object=_account)
def figures_import(request, pk, obj):
    """Reach and engagement from the platform's export: all or nothing, row by row."""
    form = FiguresImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "social/import.html", lambda content, filename: importing.import_figures(
        by=request.user, account=obj, content=content, filename=filename), account=obj)


# -- promotion requests ----------------------------------------------------------------------------------------------

@permission_required("social.view_promotions")
def promotions(request):
    rows = (PromotionRequest.objects.visible_to(request.user).select_related("requester", "office", "event")
            .order_by("-created_at", "-pk"))
    return render(request, "social/promotions.html", {
        "promotions": rows[:200], "can_file": request.user.has_perm("social.file_promotion")})


@permission_required("social.file_promotion")
def promotion_new(request):
    """Prefilled from the links of an event's page (`?event=`) and of an overseas-office request (`?office=`)."""
    user = request.user
    requesters = Organisation.objects.filter(pk__in=[o.pk for o in working_orgs(user, REQUESTER_KINDS)])
    events = Event.objects.visible_to(user).filter(is_published=True, starts_at__gte=timezone.now()).order_by(
        "starts_at")
    initial = {}
    event_id = request.GET.get("event", "")
    event = events.filter(pk=int(event_id)).first() if event_id.isdigit() and len(event_id) < 10 else None
    if event is not None:
        initial.update(event=event.pk, title=event.title, wanted_from=timezone.localdate(),
                       link=request.build_absolute_uri(event.get_absolute_url()))
    office = queries.holders().filter(slug=request.GET.get("office") or None).first()
    if office is not None:
        initial["office"] = office.pk
    form = PromotionForm(request.POST or None, initial=initial, requesters=requesters, offices=queries.holders(),
                         events=events)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("requester", "office")}
        try:
            promotion = services.file_promotion(by=user, requester=form.cleaned_data["requester"],
                                                office=form.cleaned_data["office"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to the office."))
            return redirect(promotion)
    return _form_page(request, form, _("Ask an overseas office to promote this"), reverse("social:promotions"),
                      intro=_("The office promotes local governments' events and news on its social-media "
                              "accounts in the country's language. It answers here."),
                      submit_label=_("Send the request"))


def _office_accounts(promotion):
    return Account.objects.filter(holder=promotion.office, is_active=True).order_by("platform", "name")


@permission_required("social.view_promotion", get_object=_promotion)
def promotion(request, pk, obj):
    decide = request.user.has_perm("social.decide_promotion", obj) and obj.status == "submitted"
    return render(request, "social/promotion.html", {
        "promotion": obj, "decide": decide, "post": getattr(obj, "post", None),
        "accept_form": AcceptForm(accounts=_office_accounts(obj)) if decide else None,
        "decline_form": DeclineForm() if decide else None})


@require_POST
@permission_required("social.decide_promotion", get_object=_promotion)
def promotion_accept(request, pk, obj):
    form = AcceptForm(request.POST, accounts=_office_accounts(obj))
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.accept_promotion(
        by=request.user, request=obj, account=form.cleaned_data["account"]),
        _("Accepted: a draft post is planned on the calendar."))


@require_POST
@permission_required("social.decide_promotion", get_object=_promotion)
def promotion_decline(request, pk, obj):
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.decline_promotion(
        by=request.user, request=obj, reason=form.cleaned_data["reason"]), _("Declined."))
