"""What people do with lists, subscriptions and issues. Every write is logged (kizuna.core.audit) and every
state moves through the tables of enums.py; the readers' own steps come through their signed link
(links.py) and run as system steps. Sending is in sending.py, bounces in bounces.py."""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, delete_logged, log_action, save_logged
from kizuna.core.i18n import UI_LANGUAGES
from kizuna.core.models import Membership
from kizuna.core.notifications import render_mail
from kizuna.core.policies import require
from kizuna.core.ratelimit import allow
from kizuna.core.tasks import send_email
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from . import compose, links
from .enums import CAMPAIGN_TRANSITIONS, Language, ListKind, Source, SubscriptionStatus
from .models import Campaign, Image, MailingList, Part, Subscription, Topic

LIST_FIELDS = ("kind", "slug", "name", "name_en", "description", "description_en", "owner", "chapter",
               "languages", "from_name", "reply_to", "is_public", "track_engagement")
# Addresses of the app's own pages: no list may take them (urls.py).
RESERVED_SLUGS = frozenset({"workspace", "s", "u", "o", "c", "images", "issues", "subscriptions"})


def mail_language(language: str) -> str:
    """Kizuna's own words for a reader: Japanese for a Japanese reader, English for every other."""
    return language if language in UI_LANGUAGES else "en"


def normalise_email(value: str) -> str:
    text = (value or "").strip()
    local, at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}" if at else text


def check_email(value: str) -> str:
    email = normalise_email(value)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("“%(value)s” is not an email address.") % {"value": value[:80]}},
                              code="bad_email") from None
    return email


# -- lists --------------------------------------------------------------------------------------------------------

def _check_list(values: dict) -> None:
    errors = {}
    languages = values.get("languages") or []
    if not languages:
        errors["languages"] = _("Choose at least one language.")
    elif any(code not in Language.values for code in languages) or len(set(languages)) != len(languages):
        errors["languages"] = _("Choose each language once, from the list.")
    if values.get("kind") == ListKind.CHAPTER and not values.get("chapter"):
        errors["chapter"] = _("A JETAA chapter list names its chapter.")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,39}", values.get("slug") or "") or values.get("slug") in RESERVED_SLUGS:
        errors["slug"] = _("Use 2 to 40 lower-case letters, digits and hyphens.")
    if errors:
        raise ValidationError(errors, code="bad_list")


def create_list(*, by, **values) -> MailingList:
    require(by, "newsletter.add_list")
    _check_list(values)
    if MailingList.objects.filter(slug=values["slug"]).exists():
        raise ValidationError({"slug": _("Another list has this address.")}, code="slug_taken")
    return create_logged(MailingList, "newsletter.mailinglist.create", by=by, **values)


def save_list(*, by, mailing_list, **values) -> MailingList:
    require(by, "newsletter.manage_list", mailing_list)
    merged = {name: getattr(mailing_list, name) for name in LIST_FIELDS} | values
    _check_list(merged)
    if MailingList.objects.filter(slug=merged["slug"]).exclude(pk=mailing_list.pk).exists():
        raise ValidationError({"slug": _("Another list has this address.")}, code="slug_taken")
    for name, value in values.items():
        setattr(mailing_list, name, value)
    save_logged(mailing_list, "newsletter.mailinglist.update", by=by, fields=list(values))
    return mailing_list


def add_topic(*, by, mailing_list, slug: str, name: str, name_en: str = "") -> Topic:
    require(by, "newsletter.manage_list", mailing_list)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", slug or "") or not name.strip():
        raise ValidationError(_("A topic needs a key (letters, digits, hyphens) and a name."), code="bad_topic")
    if mailing_list.topics.filter(slug=slug).exists():
        raise ValidationError(_("The list already has this topic."), code="topic_taken")
    return create_logged(Topic, "newsletter.topic.create", by=by, mailing_list=mailing_list, slug=slug,
                         name=name.strip(), name_en=name_en.strip())


# -- subscriptions ------------------------------------------------------------------------------------------------

def _check_choice(mailing_list, language: str, topics) -> list:
    if language not in mailing_list.languages:
        raise ValidationError({"language": _("This list is not sent in that language.")}, code="bad_language")
    topics = list(topics or [])
    if any(t.mailing_list_id != mailing_list.pk for t in topics):
        raise ValidationError({"topics": _("Choose topics of this list.")}, code="bad_topic")
    return topics


def _set_topics(subscription, topics, *, by, data=None) -> None:
    before = set(subscription.topics.values_list("pk", flat=True))
    after = {t.pk for t in topics}
    if before != after:
        subscription.topics.set(topics)
        log_action(subscription, "newsletter.subscription.topics", by=by,
                   changes={"topics": [sorted(before), sorted(after)]}, data=data)


def send_confirmation(subscription) -> None:
    """The mail with the reader's link; at most one in ten minutes per address (the form is public)."""
    if not allow(f"newsletter.confirm.{subscription.pk}", limit=1, seconds=600):
        return
    language = mail_language(subscription.language)
    mailing_list = subscription.mailing_list
    with translation.override(language):
        name = mailing_list.label(language)
    subject, body = render_mail("newsletter/mail/confirm", {"list_name": name, "link": links.preferences_url(
        subscription)}, language)
    # From the list's sender, as its issues will be (readers do not know the name Kizuna)
    sender = f"{mailing_list.from_name} <{settings.NEWSLETTER_FROM}>"
    subject = subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX_KIZUNA)
    transaction.on_commit(lambda: send_email.enqueue(to=[subscription.email], subject=subject, body=body,
                                                     from_email=sender))


def subscribe(*, by, mailing_list, email: str, language: str, name: str = "", topics=(), source: str = Source.FORM,
              user=None) -> Subscription:
    """The public form: a new address waits for its confirmation (double opt-in); an address that left is asked
    to confirm again; an address already on the list gets nothing new (the page says the same in every case, so
    the form tells nobody who subscribes)."""
    email = check_email(email)
    topics = _check_choice(mailing_list, language, topics)
    with transaction.atomic():
        found = Subscription.objects.select_for_update().filter(mailing_list=mailing_list, email=email).first()
        if found is None:
            try:
                with transaction.atomic():
                    found = create_logged(Subscription, "newsletter.subscription.create", by=by,
                                          mailing_list=mailing_list, email=email, name=name.strip()[:120],
                                          language=language, source=source, user=user, consent_at=timezone.now())
            except IntegrityError:  # the same address sent twice at once: the other request made it
                return Subscription.objects.get(mailing_list=mailing_list, email=email)
            _set_topics(found, topics, by=by)
            send_confirmation(found)
        elif found.status in (SubscriptionStatus.PENDING, SubscriptionStatus.UNSUBSCRIBED):
            found.language, found.name = language, name.strip()[:120] or found.name
            save_logged(found, "newsletter.subscription.asked_again", by=by, fields=["language", "name"])
            _set_topics(found, topics, by=by)
            send_confirmation(found)
    return found


def subscribe_member(*, user, mailing_list) -> Subscription:
    """A person with a Kizuna account subscribes with their verified address: no typing, no confirmation mail
    (the address is already confirmed, and they pressed the button themselves)."""
    language = user.preferred_language or translation.get_language() or "ja"
    language = language if language in mailing_list.languages else mailing_list.main_language
    now = timezone.now()
    with transaction.atomic():
        found = Subscription.objects.select_for_update().filter(mailing_list=mailing_list,
                                                                email=normalise_email(user.email)).first()
        if found is None:
            return create_logged(Subscription, "newsletter.subscription.create", by=user, mailing_list=mailing_list,
                                 email=normalise_email(user.email), name=user.get_full_name()[:120],
                                 language=language, source=Source.MEMBER, user=user, consent_at=now,
                                 status=SubscriptionStatus.ACTIVE, confirmed_at=now)
        if found.status == SubscriptionStatus.PENDING:
            return transition(found, "confirm", by=SYSTEM, note=str(user.pk), confirmed_at=now)
        if found.status == SubscriptionStatus.UNSUBSCRIBED:
            return transition(found, "resubscribe", by=SYSTEM, note=str(user.pk), confirmed_at=now,
                              unsubscribed_at=None, unsubscribed_from=None, consent_at=now)
        return found


def invite_members(*, by, mailing_list, organisation) -> int:
    """Ask every current member of a Kizuna organisation to subscribe, without anyone typing their address: each
    gets the confirmation mail (double opt-in, as on the subscribe page) unless they are on the list already."""
    require(by, "newsletter.manage_list", mailing_list)
    present = set(mailing_list.subscriptions.values_list("email", flat=True))
    people = {m.person for m in Membership.objects.filter(organisation=organisation, ended_at=None,
                                                          person__is_active=True).select_related("person")}
    asked = 0
    for person in sorted(people, key=lambda p: p.pk):
        email = normalise_email(person.email)
        if not email or email in present:
            continue
        language = person.preferred_language
        if language not in mailing_list.languages:
            language = mailing_list.main_language
        subscribe(by=by, mailing_list=mailing_list, email=email, language=language, name=person.get_full_name(),
                  source=Source.MEMBER, user=person)
        asked += 1
    log_action(mailing_list, "newsletter.mailinglist.invite", by=by,
               data={"organisation": organisation.pk, "asked": asked})
    return asked


def confirm(subscription) -> Subscription:
    """The reader pressed "Confirm" on the page their link opened."""
    now = timezone.now()
    if subscription.status == SubscriptionStatus.PENDING:
        return transition(subscription, "confirm", by=SYSTEM, note="signed link", confirmed_at=now)
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return transition(subscription, "resubscribe", by=SYSTEM, note="signed link", confirmed_at=now,
                          unsubscribed_at=None, unsubscribed_from=None, consent_at=now)
    return subscription


def save_preferences(subscription, *, language: str, topics=(), name: str | None = None) -> Subscription:
    topics = _check_choice(subscription.mailing_list, language, topics)
    with transaction.atomic():
        subscription.language = language
        fields = ["language"]
        if name is not None:
            subscription.name, fields = name.strip()[:120], [*fields, "name"]
        save_logged(subscription, "newsletter.subscription.preferences", by=SYSTEM, fields=fields,
                    data={"via": "signed link"})
        _set_topics(subscription, topics, by=SYSTEM, data={"via": "signed link"})
    return subscription


def unsubscribe(subscription, *, campaign=None, via: str = "signed link") -> Subscription:
    """One click, from the link in the mail or the mail program's button (RFC 8058); again is a no-op."""
    if subscription.status not in (SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE):
        return subscription
    if campaign is not None and campaign.mailing_list_id != subscription.mailing_list_id:
        campaign = None
    return transition(subscription, "unsubscribe", by=SYSTEM, note=via, unsubscribed_at=timezone.now(),
                      unsubscribed_from=campaign)


def remove(*, by, subscription, note: str = "") -> Subscription:
    return transition(subscription, "remove", by=by, note=note, unsubscribed_at=timezone.now())


def reactivate(*, by, subscription, note: str = "") -> Subscription:
    return transition(subscription, "reactivate", by=by, note=note, soft_bounces=0)


# -- issues -------------------------------------------------------------------------------------------------------

def create_campaign(*, by, mailing_list, topic=None) -> Campaign:
    require(by, "newsletter.manage_list", mailing_list)
    if topic is not None and topic.mailing_list_id != mailing_list.pk:
        raise ValidationError({"topic": _("Choose a topic of this list.")}, code="bad_topic")
    with transaction.atomic():
        MailingList.objects.select_for_update().filter(pk=mailing_list.pk).first()  # numbers one at a time
        number = (mailing_list.campaigns.aggregate(n=Max("number"))["n"] or 0) + 1
        return create_logged(Campaign, "newsletter.campaign.create", by=by, mailing_list=mailing_list,
                             number=number, topic=topic, created_by=by)


def save_part(*, by, campaign, language: str, subject: str, body: str, preheader: str = "") -> Part:
    require(by, "newsletter.edit_campaign", campaign)
    errors = {}
    if language not in campaign.mailing_list.languages:
        errors["language"] = _("The list has no readers in this language: add the language to the list first.")
    if not subject.strip():
        errors["subject"] = _("Write the subject.")
    if not body.strip():
        errors["body"] = _("Write the body.")
    else:
        try:
            compose.check(body)
        except ValidationError as error:
            errors["body"] = error.messages
    if errors:
        raise ValidationError(errors, code="bad_part")
    values = {"subject": subject.strip()[:200], "body": body.strip(), "preheader": preheader.strip()[:200]}
    with transaction.atomic():
        part = Part.objects.select_for_update().filter(campaign=campaign, language=language).first()
        if part is None:
            return create_logged(Part, "newsletter.part.create", by=by, campaign=campaign, language=language,
                                 **values)
        for name, value in values.items():
            setattr(part, name, value)
        save_logged(part, "newsletter.part.update", by=by, fields=list(values))
        return part


def remove_part(*, by, part) -> None:
    require(by, "newsletter.edit_campaign", part.campaign)
    delete_logged(part, "newsletter.part.delete", by=by)


def article_text(*, language: str, title: str, summary: str, url: str) -> str:
    with translation.override(mail_language(language)):
        more = _("Read more")
    lines = [f"## {title.strip()}"]
    if summary.strip():
        lines.append(summary.strip())
    lines.append(f"[{more}]({url})")
    return "\n\n".join(lines)


def add_article(*, by, campaign, work=None, event=None) -> list[Part]:
    """A library record or an event as an article at the end of every part, each in the part's language (its
    title and summary in that language when it has one)."""
    require(by, "newsletter.edit_campaign", campaign)
    parts = list(campaign.parts.all())
    if not parts:
        raise ValidationError(_("Write a part first: the article is added to every part."), code="no_parts")
    if (work is None) == (event is None):
        raise TypeError("add_article takes a work or an event")
    if work is not None and not work.is_released():
        raise ValidationError(_("Only a published library record can be an article."), code="unreleased")
    if event is not None and not by.has_perm("events.view_event", event):
        raise ValidationError(_("This event cannot be shown."), code="hidden_event")
    for part in parts:
        if work is not None:
            edition = work.edition_for(part.language)
            title, summary = edition.title, edition.abstract[:400]
            url = links.absolute(work.get_absolute_url())
        else:
            english = part.language != Language.JA and event.title_en
            title = event.title_en if english else event.title
            summary = (event.description_en if english else event.description)[:400]
            url = links.absolute(event.get_absolute_url())
        article = article_text(language=part.language, title=title, summary=summary, url=url)
        part.body = f"{part.body.rstrip()}\n\n{article}"
        save_logged(part, "newsletter.part.article", by=by, fields=["body"],
                    data={"work": work.pk if work else None, "event": event.pk if event else None})
    return parts


def add_image(*, by, campaign, upload) -> Image:
    require(by, "newsletter.edit_campaign", campaign)
    kind = check_upload(upload)
    if kind not in ("image/png", "image/jpeg"):
        raise ValidationError({"file": _("Upload a PNG or JPEG image.")}, code="not_image")
    upload.seek(0)
    data = upload.read()
    image = Image(campaign=campaign, name=(upload.name or "image")[-200:], content_type=kind,
                  sha256=hashlib.sha256(data).hexdigest())
    image.file.save(image.name, ContentFile(data), save=False)
    save_logged(image, "newsletter.image.create", by=by)
    return image


def test_send(*, by, campaign, to: list[str]) -> int:
    """Every part to the given addresses (at most 5), marked as a test, with links that go nowhere personal."""
    from .sending import render_part  # sending renders mail; it imports this module

    require(by, "newsletter.view_campaign", campaign)
    try:
        addresses = [check_email(a) for a in to if a.strip()][:5]
    except ValidationError as error:
        raise ValidationError({"to": error.messages}, code="bad_email") from None
    if not addresses:
        raise ValidationError({"to": _("Give at least one address.")}, code="no_address")
    parts = list(campaign.parts.all())
    if not parts:
        raise ValidationError(_("Write a part first."), code="no_parts")
    for part in parts:
        rendered = render_part(campaign, part)
        values = {"unsubscribe": "#", "preferences": "#", "delivery": "0-test", "pixel": ""}
        subject = "[TEST] " + part.subject
        html, text = rendered.personal(values)
        transaction.on_commit(lambda s=subject, t=text, h=html: send_email.enqueue(to=addresses, subject=s, body=t,
                                                                                 html=h))
    log_action(campaign, "newsletter.campaign.test_send", by=by, data={"to": addresses})
    return len(parts)


@CAMPAIGN_TRANSITIONS.guard("complete")
def _complete(campaign, *, by, **changes):
    parts = {p.language: p for p in campaign.parts.all()}
    names = dict(Language.choices)
    missing = [str(names.get(code, code)) for code in campaign.mailing_list.languages if code not in parts]
    if missing:
        raise ValidationError(_("The list has readers in %(languages)s, and the issue has no part in it: write "
                                "the part first.") % {"languages": "、".join(missing)}, code="missing_part")
    for part in parts.values():
        compose.check(part.body)


def schedule(*, by, campaign, when=None, note: str = "") -> Campaign:
    """Send at `when` (now when not given). The sending starts from the task worker at that time or, at the
    latest, from `kizuna send_newsletters` (run every minute)."""
    from .sending import queue_start  # sending imports this module

    now = timezone.now()
    when = when or now
    if when < now - timezone.timedelta(minutes=5):
        raise ValidationError({"scheduled_at": _("Choose a time in the future.")}, code="past")
    campaign = transition(campaign, "schedule", by=by, note=note, scheduled_at=when)
    queue_start(campaign)
    return campaign


def unschedule(*, by, campaign, note: str = "") -> Campaign:
    return transition(campaign, "unschedule", by=by, note=note)


def cancel(*, by, campaign, note: str = "") -> Campaign:
    return transition(campaign, "cancel", by=by, note=note)
