"""Pages of the mail magazine and the newsletters: the public lists with their subscribe forms and archives, the
reader's own pages reached by the signed link in their mail (confirm, preferences, one-click unsubscribe), and
the workspace where staff keep their lists, import subscribers, write, test and send issues and read figures."""

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.enums import OrgKind
from kizuna.core.forms import add_service_errors
from kizuna.core.i18n import speak
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required, public
from kizuna.core.ratelimit import allow, client_address
from kizuna.core.ui import import_page
from kizuna.events.models import Event
from kizuna.library.models import Work

from . import compose, importing, links, queries, services
from .enums import CampaignStatus, Language, SubscriptionStatus
from .forms import (
    ArticleForm,
    ImageForm,
    ImportForm,
    InviteForm,
    ListForm,
    PartForm,
    PreferencesForm,
    ScheduleForm,
    SubscribeForm,
    TestSendForm,
    TopicForm,
)
from .models import Campaign, Delivery, Image, MailingList, Subscription
from .sending import render_part

PAGE = 50
SUBSCRIBES_PER_HOUR = 20  # from one address: a bot cannot make the form flood many mailboxes
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
         b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _list(request, slug, **kwargs):
    return get_object_or_404(MailingList.objects.visible_to(request.user), slug=slug)


def _managed_list(request, slug, **kwargs):
    return get_object_or_404(MailingList.objects.visible_to(request.user, "newsletter.manage_list"), slug=slug)


def _campaign(request, pk, **kwargs):
    return get_object_or_404(Campaign.objects.visible_to(request.user, "newsletter.view_campaign")
                             .select_related("mailing_list__owner"), pk=pk)


def _form_page(request, form, title, back, **extra):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back, **extra},
                  status=400 if form.is_bound and form.errors else 200)


# -- public -------------------------------------------------------------------------------------------------------

@public("newsletter.view_lists")
def index(request):
    lists = MailingList.objects.filter(is_public=True).select_related("owner").order_by("kind", "name")
    return render(request, "newsletter/index.html", {
        "lists": lists, "may_work": request.user.has_perm("newsletter.view_workspace")})


@permission_required("newsletter.view_list", get_object=_list)
@require_http_methods(["GET", "POST"])
def mailing_list(request, slug, obj):
    """The list's page: what it is, the subscribe form (or one button for a signed-in person), its archive."""
    shown = translation.get_language() or "ja"
    form = SubscribeForm(request.POST or None, mailing_list=obj, initial={
        "language": shown if shown in obj.languages else obj.main_language})
    member = request.user.is_authenticated and request.user.email
    if request.method == "POST" and not obj.is_public:
        raise Http404
    if request.method == "POST" and request.POST.get("member") and member:
        services.subscribe_member(user=request.user, mailing_list=obj)
        messages.success(request, _("You are subscribed with %(email)s.") % {"email": request.user.email})
        return redirect(obj)
    if request.method == "POST" and form.is_valid() and not allow(
            f"newsletter.subscribe.{client_address(request)}", limit=SUBSCRIBES_PER_HOUR, seconds=3600):
        form.add_error(None, _("Too many subscriptions were asked from your network in the last hour. Try again "
                               "later."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subscribe(by=request.user, mailing_list=obj, email=data["email"], language=data["language"],
                               name=data["name"], topics=form.chosen_topics())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"{obj.get_absolute_url()}?asked=1")
    issues = Paginator(queries.sent_issues(obj), 20).get_page(request.GET.get("page"))
    return render(request, "newsletter/list.html", {
        "list": obj, "form": form, "issues": issues, "asked": request.GET.get("asked") == "1",
        "member": member, "may_manage": request.user.has_perm("newsletter.manage_list", obj)},
        status=400 if form.is_bound and form.errors else 200)


def _issue(request, slug, number, **kwargs):
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("mailing_list"),
                             mailing_list__slug=slug, number=number)


@permission_required("newsletter.read_issue", get_object=_issue)
def issue(request, slug, number, obj):
    """An issue as a web page, in the language asked for (by the fallback rule) with links to the others."""
    wanted = request.GET.get("lang") or translation.get_language() or "ja"
    part = obj.part_for(wanted)
    if part is None:
        raise Http404
    body = compose.render(part.body, site="", for_mail=False)
    return render(request, "newsletter/issue.html", {
        "campaign": obj, "list": obj.mailing_list, "part": part, "body": body.html,
        "parts": obj.parts.all(), "may_manage": request.user.has_perm("newsletter.view_campaign", obj)})


def _image(request, pk, digest, **kwargs):
    image = get_object_or_404(Image.objects.visible_to(request.user), pk=pk)
    if not image.sha256.startswith(digest) or len(digest) < 16:
        raise Http404
    return image


@permission_required("newsletter.view_image", get_object=_image)
def image(request, pk, digest, obj):
    response = FileResponse(obj.file.open("rb"), content_type=obj.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# -- the reader's signed link -------------------------------------------------------------------------------------

def _linked(pk, token) -> Subscription:
    subscription = Subscription.objects.select_related("mailing_list").filter(pk=pk).first()
    if subscription is None:
        raise Http404
    try:
        links.check_token(subscription, token)
    except links.BadLink:
        raise Http404 from None
    return subscription


@public("newsletter.use_link")
@require_http_methods(["GET", "POST"])
def preferences(request, pk, token):
    """Confirm a subscription, change its language and topics, or leave: no account, the link is the key."""
    subscription = _linked(pk, token)
    speak(request, subscription.language)
    mailing_list = subscription.mailing_list
    form = PreferencesForm(request.POST if request.POST.get("save") else None, mailing_list=mailing_list, initial={
        "language": subscription.language, "name": subscription.name,
        "topics": [str(t) for t in subscription.topics.values_list("pk", flat=True)]})
    if request.method == "POST" and request.POST.get("confirm"):
        services.confirm(subscription)
        messages.success(request, _("Thank you: your subscription is confirmed."))
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(subscription, language=form.cleaned_data["language"],
                                      topics=form.chosen_topics(), name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect(request.path)
    return render(request, "newsletter/preferences.html", {
        "s": subscription, "list": mailing_list, "form": form,
        "unsubscribe_url": reverse("newsletter:unsubscribe", args=[pk, token]),
        "active": subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING),
        "left": subscription.status == SubscriptionStatus.UNSUBSCRIBED,
        "may_confirm": subscription.status in (SubscriptionStatus.PENDING, SubscriptionStatus.UNSUBSCRIBED)},
        status=400 if form.is_bound and form.errors else 200)


@public("newsletter.use_link")
@csrf_exempt  # RFC 8058: the mailbox provider posts "List-Unsubscribe=One-Click" without a page or a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, pk, token):
    """GET shows one button (link checkers open links: a GET never unsubscribes); POST unsubscribes at once,
    from that button or from the mail program's own (RFC 8058)."""
    subscription = _linked(pk, token)
    campaign = None
    if (request.GET.get("c") or "").isdigit() and len(request.GET["c"]) < 10:
        campaign = Campaign.objects.filter(pk=int(request.GET["c"]), mailing_list=subscription.mailing_list).first()
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(subscription, campaign=campaign, via="one-click (RFC 8058)" if one_click else
                             "signed link")
        if one_click:
            return HttpResponse(status=200)
        speak(request, subscription.language)
        return render(request, "newsletter/unsubscribed.html", {
            "s": subscription, "list": subscription.mailing_list,
            "preferences_url": reverse("newsletter:preferences", args=[pk, token])})
    speak(request, subscription.language)
    return render(request, "newsletter/unsubscribe.html", {"s": subscription, "list": subscription.mailing_list,
                                                             "left": subscription.status != SubscriptionStatus.ACTIVE
                                                             and subscription.status != SubscriptionStatus.PENDING})


def _tracked(tag) -> Delivery | None:
    pk = links.delivery_of_tag(tag)
    if pk is None:
        return None
    return Delivery.objects.select_related("campaign__mailing_list").filter(
        pk=pk, campaign__mailing_list__track_engagement=True).first()


@public("newsletter.use_link")
def opened(request, tag):
    """The open counter's image (only in the mail of a list that counts opens)."""
    delivery = _tracked(tag)
    if delivery is not None and delivery.opened_at is None:
        Delivery.objects.filter(pk=delivery.pk, opened_at=None).update(opened_at=timezone.now())
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@public("newsletter.use_link")
def clicked(request, tag, n):
    """The click counter: the issue's `n`-th link, counted once per reader, then followed."""
    delivery = _tracked(tag)
    if delivery is None:
        raise Http404
    part = delivery.campaign.parts.filter(language=delivery.language).first()
    # The links in the order the mail numbered them (the body alone: no template is rendered for a click)
    targets = compose.render(part.body, site=settings.SITE_URL).links if part else []
    if n >= len(targets):
        raise Http404
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, clicked_at=None).update(clicked_at=now)
    Delivery.objects.filter(pk=delivery.pk, opened_at=None).update(opened_at=now)
    return HttpResponseRedirect(targets[n])


# -- the workspace ------------------------------------------------------------------------------------------------

@permission_required("newsletter.view_workspace")
def workspace(request):
    lists = queries.list_table(request.user)
    recent = (Campaign.objects.visible_to(request.user, "newsletter.view_campaign").select_related("mailing_list")
              .prefetch_related("parts").order_by("-created_at")[:20])
    return render(request, "newsletter/workspace.html", {
        "lists": lists, "recent": recent, "may_add": request.user.has_perm("newsletter.add_list")})


def _owners():
    """Who may run a list: headquarters and the overseas offices."""
    return Organisation.objects.filter(kind__in=(OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE)).order_by(
        "kind", "name")


@permission_required("newsletter.add_list")
@require_http_methods(["GET", "POST"])
def create_list(request):
    form = ListForm(request.POST or None, owners=_owners())
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_list(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The list is created."))
            return redirect("newsletter:manage", created.slug)
    return _form_page(request, form, _("New mailing list"), reverse("newsletter:workspace"))


@permission_required("newsletter.manage_list", get_object=_managed_list)
@require_http_methods(["GET", "POST"])
def edit_list(request, slug, obj):
    form = ListForm(request.POST or None, instance=obj, owners=_owners())
    form.fields.pop("slug")
    if not request.user.has_perm("newsletter.add_list"):
        form.fields.pop("owner")
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form.fields}
        obj.refresh_from_db()  # the ModelForm wrote into the instance: the service compares with the stored one
        try:
            services.save_list(by=request.user, mailing_list=obj, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The list's settings are saved."))
            return redirect("newsletter:manage", obj.slug)
    return _form_page(request, form, _("List settings"), reverse("newsletter:manage", args=[obj.slug]))


@permission_required("newsletter.manage_list", get_object=_managed_list)
def manage(request, slug, obj):
    campaigns = obj.campaigns.prefetch_related("parts").order_by("-number")[:50]
    return render(request, "newsletter/manage.html", {
        "list": obj, "figures": queries.list_figures(obj), "campaigns": campaigns, "topic_form": TopicForm(),
        "topics": obj.topics.all(), "invite_form": InviteForm(user=request.user)})


@permission_required("newsletter.manage_list", get_object=_managed_list)
@require_POST
def invite(request, slug, obj):
    form = InviteForm(request.POST, user=request.user)
    back = reverse("newsletter:manage", args=[slug])
    if not form.is_valid():
        return back_with_form_errors(request, back, form)
    asked = services.invite_members(by=request.user, mailing_list=obj, organisation=form.cleaned_data["organisation"])
    messages.success(request, _("%(n)s members were asked to confirm their subscription.") % {"n": asked})
    return redirect(back)


@permission_required("newsletter.manage_list", get_object=_managed_list)
@require_POST
def add_topic(request, slug, obj):
    form = TopicForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, reverse("newsletter:manage", args=[slug]), form)
    return run_and_return(request, reverse("newsletter:manage", args=[slug]), lambda: services.add_topic(
        by=request.user, mailing_list=obj, **form.cleaned_data), _("The topic is added."))


@permission_required("newsletter.manage_list", get_object=_managed_list)
def subscribers(request, slug, obj):
    found = obj.subscriptions.order_by("email")
    status = request.GET.get("status", "")
    if status in SubscriptionStatus.values:
        found = found.filter(status=status)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        found = found.filter(email__icontains=q)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, "newsletter/subscribers.html", {
        "list": obj, "page": page, "rows": page.object_list, "status": status, "q": q,
        "statuses": SubscriptionStatus.choices})


def _subscription(request, pk, **kwargs):
    found = get_object_or_404(Subscription.objects.visible_to(request.user).select_related("mailing_list"), pk=pk)
    return found.mailing_list


@permission_required("newsletter.manage_list", get_object=_subscription)
@require_POST
def subscription_step(request, pk, action, obj):
    subscription = get_object_or_404(Subscription, pk=pk, mailing_list=obj)
    back = reverse("newsletter:subscribers", args=[obj.slug])
    if action == "remove":
        return run_and_return(request, back, lambda: services.remove(by=request.user, subscription=subscription,
                                                                     note=request.POST.get("reason", "")),
                              _("The address is removed from the list."))
    if action == "reactivate":
        return run_and_return(request, back, lambda: services.reactivate(by=request.user, subscription=subscription),
                              _("The address receives the list again."))
    raise Http404


@permission_required("newsletter.manage_list", get_object=_managed_list)
@require_http_methods(["GET", "POST"])
def import_subscribers(request, slug, obj):
    form = ImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "newsletter/import.html", lambda content, filename: importing.import_subscribers(
        by=request.user, mailing_list=obj, content=content, filename=filename), list=obj)


@permission_required("newsletter.manage_list", get_object=_managed_list)
@require_POST
def create_campaign(request, slug, obj):
    topic = obj.topics.filter(pk=request.POST.get("topic") or 0).first() if (
        request.POST.get("topic") or "").isdigit() else None
    campaign = services.create_campaign(by=request.user, mailing_list=obj, topic=topic)
    return redirect(campaign)


@permission_required("newsletter.view_campaign", get_object=_campaign)
def campaign(request, pk, obj):
    user = request.user
    parts = {p.language: p for p in obj.parts.all()}
    languages = [(code, label, parts.get(code)) for code, label in obj.mailing_list.language_choices()]
    return render(request, "newsletter/campaign.html", {
        "c": obj, "list": obj.mailing_list, "languages": languages, "images": obj.images.all(),
        "may_edit": user.has_perm("newsletter.edit_campaign", obj),
        "actions": obj.transitions.available(obj, user),
        "figures": queries.campaign_figures(obj) if obj.status in (CampaignStatus.SENDING, CampaignStatus.SENT)
        else None,
        "test_form": TestSendForm(initial={"to": user.email}), "schedule_form": ScheduleForm(),
        "article_form": ArticleForm(), "image_form": ImageForm()})


@permission_required("newsletter.edit_campaign", get_object=_campaign)
@require_http_methods(["GET", "POST"])
def part(request, pk, language, obj):
    if language not in obj.mailing_list.languages:
        raise Http404
    found = obj.parts.filter(language=language).first()
    form = PartForm(request.POST or None, initial={"subject": found.subject, "preheader": found.preheader,
                                                   "body": found.body} if found else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_part(by=request.user, campaign=obj, language=language, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The part is saved."))
            return redirect(obj)
    label = dict(Language.choices).get(language, language)
    return _form_page(request, form, _("Issue No. %(number)s: %(language)s part") % {
        "number": obj.number, "language": label}, obj.get_absolute_url(), lang=language)


@permission_required("newsletter.view_campaign", get_object=_campaign)
@csp({"default-src": [NONE], "style-src": ["'unsafe-inline'"], "img-src": [SELF, "data:"],
      "frame-ancestors": [NONE], "form-action": [NONE], "base-uri": [NONE]})  # the mail's own inline styles
def preview(request, pk, language, obj):
    """The mail as a reader of `language` gets it (HTML, or ?format=text), links not personal."""
    found = obj.part_for(language)
    if found is None:
        raise Http404
    html, text = render_part(obj, found).personal({"unsubscribe": "#", "preferences": "#", "delivery": "0-preview"})
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@permission_required("newsletter.edit_campaign", get_object=_campaign)
@require_POST
def add_article(request, pk, obj):
    form = ArticleForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)

    def call():
        work = event = None
        if form.cleaned_data.get("work"):
            work = Work.objects.visible_to(request.user).filter(pk=form.cleaned_data["work"]).first()
            if work is None:
                raise ValidationError(_("No published library record has this number."))
        else:
            event = Event.objects.visible_to(request.user).filter(pk=form.cleaned_data["event"]).first()
            if event is None:
                raise ValidationError(_("No event you may see has this number."))
        services.add_article(by=request.user, campaign=obj, work=work, event=event)

    return run_and_return(request, obj, call, _("The article is added to every part."))


@permission_required("newsletter.edit_campaign", get_object=_campaign)
@require_POST
def add_image(request, pk, obj):
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.add_image(by=request.user, campaign=obj,
                                                                   upload=form.cleaned_data["file"]),
                          _("The image is uploaded: put its address in a part."))


@permission_required("newsletter.view_campaign", get_object=_campaign)
@require_POST
def test_send(request, pk, obj):
    form = TestSendForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    to = [a.strip() for a in form.cleaned_data["to"].replace("、", ",").split(",")]
    return run_and_return(request, obj, lambda: services.test_send(by=request.user, campaign=obj, to=to),
                          _("The test is sent: one mail per language."))


@permission_required("newsletter.send_campaign", get_object=_campaign)
@require_POST
def campaign_step(request, pk, action, obj):
    note = request.POST.get("reason", "")
    if action == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return back_with_form_errors(request, obj, form)
        when = form.cleaned_data.get("scheduled_at")
        return run_and_return(request, obj, lambda: services.schedule(by=request.user, campaign=obj, when=when),
                              _("The issue is scheduled.") if when else _("The issue is being sent."))
    if action == "unschedule":
        return run_and_return(request, obj, lambda: services.unschedule(by=request.user, campaign=obj, note=note),
                              _("The issue is a draft again."))
    if action == "cancel":
        return run_and_return(request, obj, lambda: services.cancel(by=request.user, campaign=obj, note=note),
                              _("The issue is cancelled."))
    raise Http404
