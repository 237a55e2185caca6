"""Mail from the organisers to an event's registrants.

A mail is written as a draft in Japanese (and English for those who read it) to one group. Its text may hold
placeholders that become each registrant's own: {name}, {event}, {starts}, {venue}, {code} and {link} (their
registration: their page, or the signed link of a registration made without an account). Sending writes the
send-out list whole, in the same transaction as the mail's `send` step, and enqueues the task that hands each
mail to the mail server and stamps its row; a worker that stops resumes with the rows not yet stamped.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, save_logged
from kizuna.core.notifications import permanent_refusal
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..enums import ACTIVE, MAIL_TRANSITIONS, MailGroup, MailStatus, Status
from ..links import registration_url
from ..models import Event, EventMail, MailDelivery, Registration

PLACEHOLDERS = ("name", "event", "starts", "venue", "code", "link")
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
BATCH = 200

GROUPS = {
    MailGroup.ALL: Q(status__in=ACTIVE),
    MailGroup.CONFIRMED: Q(status=Status.CONFIRMED),
    MailGroup.WAITING: Q(status=Status.WAITING),
    MailGroup.ATTENDED: Q(checked_in_at__isnull=False),
    MailGroup.NOT_ATTENDED: Q(status=Status.CONFIRMED, checked_in_at__isnull=True),
}


def recipients(event: Event, group: str):
    """The registrations a mail to `group` goes to, in the order they were made."""
    return Registration.objects.filter(GROUPS[MailGroup(group)], event=event).order_by("created_at", "pk")


def group_counts(event: Event) -> dict[str, int]:
    return {group.value: recipients(event, group).count() for group in MailGroup}


def _check_text(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def check_fields(fields: dict) -> dict:
    """The draft's fields, cleaned; refused beside each field (the form asks it too, to show every problem)."""
    errors = {}
    clean = {name: str(fields.get(name) or "").strip() for name in ("subject", "body", "subject_en", "body_en")}
    group = fields.get("group")
    if group not in MailGroup.values:
        errors["group"] = ValidationError(_("Choose who the mail goes to."), code="bad_group")
    for name in ("subject", "body"):
        if not clean[name]:
            errors[name] = ValidationError(_("This field is required."), code="required")
    if bool(clean["subject_en"]) != bool(clean["body_en"]):
        missing = "body_en" if clean["subject_en"] else "subject_en"
        errors[missing] = ValidationError(_("Write both the English subject and message, or neither."),
                                          code="english_half")
    for name, text in clean.items():
        unknown = _check_text(text)
        if unknown:
            errors[name] = ValidationError(
                _("Unknown placeholders: %(unknown)s. You may use: %(known)s.")
                % {"unknown": ", ".join(f"{{{u}}}" for u in unknown),
                   "known": ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)}, code="bad_placeholder")
    if errors:
        raise ValidationError(errors)
    return {"group": group, **clean}


def save_mail(*, by, event: Event, mail: EventMail | None = None, **fields) -> EventMail:
    """Write a new draft, or change one (a mail that was sent stays as it was)."""
    clean = check_fields(fields)
    if mail is None:
        require(by, "events.mail_registrants", event)
        mail = EventMail(event=event, created_by=by, **clean)
        mail.full_clean(exclude=["created_by", "event"])
        save_logged(mail, "events.eventmail.create", by=by)
        return mail
    require(by, "events.change_event_mail", mail)
    with transaction.atomic():
        locked = EventMail.objects.select_for_update().get(pk=mail.pk)
        if locked.status != MailStatus.DRAFT:
            raise ValidationError(_("This mail was sent: copy it to write a new one."), code="not_a_draft")
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["created_by", "event"])
        save_logged(locked, "events.eventmail.update", by=by, fields=list(clean))
    return locked


def copy_mail(*, by, mail: EventMail, event: Event | None = None) -> EventMail:
    """A new draft with the text of `mail`: for the same event, or another one (the next date of a series)."""
    return save_mail(by=by, event=event or mail.event, group=mail.group, subject=mail.subject, body=mail.body,
                     subject_en=mail.subject_en, body_en=mail.body_en)


@MAIL_TRANSITIONS.guard("has_recipients")
def has_recipients(mail, *, by, **changes) -> None:
    if not mail.recipients:
        raise ValidationError(_("Nobody is in this group yet: there is no one to send it to."),
                              code="no_recipients")


def send(*, by, mail: EventMail) -> EventMail:
    """Send the mail to everyone in its group now: the list is written whole, the task worker delivers it."""
    with transaction.atomic():
        ids = list(recipients(mail.event, mail.group).values_list("pk", flat=True))
        done = transition(mail, "send", by=by, recipients=len(ids), sent_by=by)
        MailDelivery.objects.bulk_create([MailDelivery(mail=done, registration_id=pk) for pk in ids],
                                         batch_size=1000)
        transaction.on_commit(lambda: _enqueue(done.pk))
    return done


def _enqueue(mail_id: int) -> None:
    from ..tasks import deliver_event_mail  # the task module imports this one

    deliver_event_mail.enqueue(mail_id=mail_id)


def _values(mail: EventMail, registration: Registration) -> dict:
    event = registration.event
    starts = timezone.localtime(event.starts_at, event.zone).strftime("%Y-%m-%d %H:%M")
    if event.shows_two_zones:
        starts += f" ({event.venue_timezone})"
    return {"name": registration.person.full_name or registration.person.email, "event": event.display_title,
            "starts": starts, "venue": event.venue_name or event.online_url or "", "code": registration.code,
            "link": registration_url(registration)}


def personal(mail: EventMail, registration: Registration) -> tuple[str, str, str]:
    """The subject, the message and the language of one registrant's mail."""
    language = registration.person.preferred_language or "ja"
    english = language == "en" and mail.subject_en and mail.body_en
    subject, body = (mail.subject_en, mail.body_en) if english else (mail.subject, mail.body)
    with translation.override("en" if english else "ja"):
        values = _values(mail, registration)
        subject, body = (_PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
                         for text in (subject, body))
        footer = render_to_string("events/mail/organisers_footer.txt", {"event": registration.event,
                                                                         "link": values["link"]})
    return subject, f"{body.rstrip()}\n\n{footer.strip()}\n", "en" if english else "ja"


def preview(mail: EventMail) -> dict | None:
    """The mail as the first person in its group would get it (None: nobody in the group)."""
    first = recipients(mail.event, mail.group).select_related("event", "person").first()
    if first is None:
        return None
    subject, body, language = personal(mail, first)
    return {"to": first.person.email, "subject": subject, "body": body, "language": language}


def with_progress(mails):
    """The mails with how far their delivery has got: `delivered` (handed over) and `refused` (for good)."""
    return mails.annotate(delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
                          refused=Count("deliveries", filter=~Q(deliveries__error="")))


def deliver(mail_id: int) -> int:
    """Hand the mail's unsent rows to the mail server, in order, stamping each; then finish. Returns how many
    were sent by this call."""
    mail = EventMail.objects.select_related("event").get(pk=mail_id)
    if mail.status != MailStatus.SENDING:
        return 0
    sent = 0
    with get_connection() as connection:
        while True:
            # a row the mail server refused for good keeps its error and is not tried again
            batch = list(mail.deliveries.filter(sent_at__isnull=True, error="")
                         .select_related("registration__person", "registration__event")[:BATCH])
            if not batch:
                break
            for delivery in batch:
                subject, body, _language = personal(mail, delivery.registration)
                message = EmailMessage(subject=settings.EMAIL_SUBJECT_PREFIX_KIZUNA + subject, body=body,
                                       to=[delivery.registration.person.email], connection=connection)
                row = MailDelivery.objects.filter(pk=delivery.pk)
                try:
                    message.send()
                except Exception as error:
                    if not (refusal := permanent_refusal(error)):
                        raise  # the server is away: the task runs again and resumes from this row
                    row.update(error=" ".join(map(str, refusal))[:300])
                    continue
                row.update(sent_at=timezone.now())
                sent += 1
    transition(mail, "finish", by=SYSTEM, sent_at=timezone.now())
    return sent
