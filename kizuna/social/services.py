"""Every write of the social-media calendar: accounts, posts through their states, figures, followers, and
promotion requests (accepting one plans a draft post on the office's account)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.policies import require
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.workflow import transition

from .enums import FEATURED_KINDS, HOLDER_KINDS, POST_TRANSITIONS, PROMOTION_TRANSITIONS, REQUESTER_KINDS
from .models import Account, AccountFigure, Post, PromotionRequest

ACCOUNT_FIELDS = ("platform", "name", "handle", "url", "language", "is_active")
POST_FIELDS = ("planned_at", "text", "link", "featured", "event")
PROMOTION_FIELDS = ("title", "link", "message", "wanted_from", "wanted_until", "event")
FIGURES = ("reach", "impressions", "engagements")
MAX_TEXT = 5000


def _unknown(fields, allowed, what) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} cannot change {sorted(unknown)}")


# -- accounts ------------------------------------------------------------------------------------------------------

@transaction.atomic
def save_account(*, by, holder=None, account: Account | None = None, **fields) -> Account:
    """A new account of `holder` (headquarters or an office the person works for; any of them for headquarters
    staff), or changes to `account`."""
    _unknown(fields, ACCOUNT_FIELDS, "save_account")
    if account is None:
        require(by, "social.add_account")
        allowed = holder is not None and holder.kind in HOLDER_KINDS and (
            is_hq_staff(by) or holder in working_orgs(by, HOLDER_KINDS))
        if not allowed:
            raise ValidationError({"holder": _("Choose headquarters or an overseas office you work for.")})
        account = Account(holder=holder, **fields)
        account.full_clean()
        return create_logged(Account, "social.account.create", by=by, holder=holder, **fields)
    require(by, "social.manage_account", account)
    for name, value in fields.items():
        setattr(account, name, value)
    account.full_clean()
    save_logged(account, "social.account.update", by=by, fields=list(fields))
    return account


def first_of_month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def record_followers(*, by, account: Account, month: date, followers: int) -> AccountFigure:
    """The followers at the end of `month` (a later entry for the same month replaces it)."""
    require(by, "social.record_followers", account)
    if followers is None or followers < 0:
        raise ValidationError({"followers": _("Enter the number of followers.")})
    month = first_of_month(month)
    if month > timezone.localdate():
        raise ValidationError({"month": _("This month has not begun yet.")})
    figure = AccountFigure.objects.select_for_update().filter(account=account, month=month).first()
    if figure is None:
        return create_logged(AccountFigure, "social.accountfigure.record", by=by, account=account, month=month,
                             followers=followers, recorded_by=by)
    figure.followers, figure.recorded_by = followers, by
    save_logged(figure, "social.accountfigure.update", by=by, fields=["followers", "recorded_by"])
    return figure


# -- posts ---------------------------------------------------------------------------------------------------------

def _check_post(post: Post) -> None:
    problems = {}
    if not (post.text or "").strip():
        problems["text"] = _("Write the text of the post.")
    elif len(post.text) > MAX_TEXT:
        problems["text"] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    if post.featured_id and post.featured.kind not in FEATURED_KINDS:
        problems["featured"] = _("Choose a prefecture, a municipality or a ward.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def plan_post(*, by, account: Account, promotion: PromotionRequest | None = None, **fields) -> Post:
    """A draft post on `account`'s calendar."""
    _unknown(fields, POST_FIELDS, "plan_post")
    require(by, "social.plan_post", account)
    post = Post(account=account, created_by=by, promotion=promotion, **fields)
    post.full_clean()
    _check_post(post)
    return create_logged(Post, "social.post.plan", by=by, account=account, created_by=by, promotion=promotion,
                         **fields)


@transaction.atomic
def edit_post(*, by, post: Post, **fields) -> Post:
    _unknown(fields, POST_FIELDS, "edit_post")
    require(by, "social.edit_post", post)
    post = Post.objects.select_for_update().get(pk=post.pk)
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    _check_post(post)
    save_logged(post, "social.post.update", by=by, fields=list(fields))
    return post


@POST_TRANSITIONS.guard("complete")
def _complete(post, *, by, **changes) -> None:
    _check_post(post)


@POST_TRANSITIONS.guard("four_eyes")
def _four_eyes(post, *, by, **changes) -> None:
    if post.submitted_by_id == getattr(by, "pk", None):
        raise ValidationError(_("Someone other than the person who sent the post for review approves it."),
                              code="four_eyes")


@POST_TRANSITIONS.guard("posted_details")
def _posted_details(post, *, by, **changes) -> None:
    problems = {}
    if not post.posted_url:
        problems["posted_url"] = _("Give the address of the post on the platform.")
    if post.posted_at is None:
        problems["posted_at"] = _("Give the time it was posted.")
    elif post.posted_at > timezone.now() + timedelta(minutes=5):
        problems["posted_at"] = _("The time it was posted cannot be in the future.")
    if problems:
        raise ValidationError(problems)


def submit_post(*, by, post: Post) -> Post:
    return transition(post, "submit", by=by, submitted_by=by)


def approve_post(*, by, post: Post) -> Post:
    return transition(post, "approve", by=by, approved_by=by, approved_at=timezone.now())


def return_post(*, by, post: Post, note: str = "") -> Post:
    return transition(post, "return", by=by, note=note, approved_by=None, approved_at=None)


def cancel_post(*, by, post: Post, note: str = "") -> Post:
    return transition(post, "cancel", by=by, note=note)


def mark_posted(*, by, post: Post, posted_url: str, posted_at: datetime) -> Post:
    try:
        URLValidator(schemes=["https", "http"])(posted_url or "")
    except ValidationError as error:
        raise ValidationError({"posted_url": _("Enter the full address of the post (https://…).")}) from error
    return transition(post, "mark_posted", by=by, posted_url=posted_url, posted_at=posted_at)


def _figures(values: dict) -> dict:
    clean = {}
    for name in FIGURES:
        value = values.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError({name: _("A whole number, 0 or more.")})
        clean[name] = value
    if not clean:
        raise ValidationError(_("Enter at least one figure."), code="no_figures")
    return clean


@transaction.atomic
def record_figures(*, by, post: Post, **values) -> Post:
    """Reach, impressions and engagements of a posted post, as the platform's insights show them."""
    _unknown(values, FIGURES, "record_figures")
    require(by, "social.record_figures", post)
    post = Post.objects.select_for_update().get(pk=post.pk)
    for name, value in _figures(values).items():
        setattr(post, name, value)
    post.figures_updated_at = timezone.now()
    save_logged(post, "social.post.figures", by=by, fields=[*FIGURES, "figures_updated_at"])
    return post


# -- promotion requests ----------------------------------------------------------------------------------------------

@transaction.atomic
def file_promotion(*, by, requester, office, **fields) -> PromotionRequest:
    """A request of `requester` (an organisation the person works for) to `office` (an overseas office or
    headquarters) to promote an event or news."""
    _unknown(fields, PROMOTION_FIELDS, "file_promotion")
    require(by, "social.file_promotion")
    problems = {}
    if requester is None or requester not in working_orgs(by, REQUESTER_KINDS):
        problems["requester"] = _("Choose an organisation you work for.")
    if office is None or office.kind not in HOLDER_KINDS:
        problems["office"] = _("Choose an overseas office or headquarters.")
    wanted_from, wanted_until = fields.get("wanted_from"), fields.get("wanted_until")
    if wanted_from and wanted_until and wanted_until < wanted_from:
        problems["wanted_until"] = _("The end cannot come before the start.")
    if not (fields.get("link") or fields.get("event")):
        problems["link"] = _("Give the page of the event or of the news.")
    if problems:
        raise ValidationError(problems)
    request = PromotionRequest(requester=requester, office=office, created_by=by, **fields)
    request.full_clean()
    return create_logged(PromotionRequest, "social.promotionrequest.file", by=by, requester=requester,
                         office=office, created_by=by, **fields)


@PROMOTION_TRANSITIONS.guard("office_account")
def _office_account(request, *, by, **changes) -> None:
    account = request.account
    if account is None or account.holder_id != request.office_id or not account.is_active:
        raise ValidationError({"account": _("Choose an account of the office that is in use.")})


@PROMOTION_TRANSITIONS.guard("reason_given")
def _reason_given(request, *, by, **changes) -> None:
    if not (request.reason or "").strip():
        raise ValidationError({"reason": _("Say why, for the local government.")})


@PROMOTION_TRANSITIONS.effect("accept")
def _plan_the_post(request, *, by, note=""):
    """A draft post on the chosen account on the first wanted day (noon, the office's time), linked back."""
    zone = timezone.get_current_timezone()
    try:
        zone = ZoneInfo(request.office.timezone or "Asia/Tokyo")
    except (KeyError, ValueError):  # an unknown zone name: keep the site's
        pass
    day = max(request.wanted_from, timezone.localdate())
    featured = request.requester if request.requester.kind in FEATURED_KINDS else None
    text = f"{request.title}\n\n{request.link}".strip() if request.link else request.title
    post = Post(account=request.account, planned_at=timezone.make_aware(datetime.combine(day, time(12)), zone),
                text=text, link=request.link, featured=featured, event=request.event, promotion=request,
                created_by=by)
    try:
        with transaction.atomic():
            save_logged(post, "social.post.plan", by=by)
    except IntegrityError as error:
        raise ValidationError(_("A post is already planned for this request."), code="already") from error


def accept_promotion(*, by, request: PromotionRequest, account: Account, note: str = "") -> PromotionRequest:
    return transition(request, "accept", by=by, note=note, account=account, decided_by=by,
                      decided_at=timezone.now())


def decline_promotion(*, by, request: PromotionRequest, reason: str) -> PromotionRequest:
    return transition(request, "decline", by=by, reason=(reason or "").strip(), decided_by=by,
                      decided_at=timezone.now())
