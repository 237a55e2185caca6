"""Posting to a thread (kizuna/core/threads): the checks, the message with its audit entry, and the mail to the
other side, in each recipient's language. Never a mail for an internal note."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.models import User
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require

from . import MAX_BODY


@dataclass(frozen=True)
class Thread:
    """How an app's records carry their thread: one, defined beside the app's services.

    - `model`: the message model (built on `ThreadMessage`); `on`: its foreign key to the record;
    - `action`: the audit action of a post (`requests.message.post`);
    - `reply`: the permission to write a message the other party reads; `note`: to write an internal note —
      holding it on the record is what puts a person on the staff side;
    - `mail`: the mail template (`<mail>_subject.txt`, `<mail>_body.txt`), given `record`, `message`, `path`,
      `by_staff`, `reply_to`, `can_reply` and what `context(record, message)` adds;
    - `parties(record)`: the people of the other party, told of a staff message; `staff(record)`: the staff
      told of the other party's message (people: anything with `email` and `preferred_language`);
    - `reply_to(record)`: a signed address a reply by mail goes to, given to the other party's mail.
    """

    model: type
    on: str
    action: str
    reply: str
    note: str
    mail: str
    parties: Callable[[Any], Iterable]
    staff: Callable[[Any], Iterable]
    context: Callable[[Any, Any], dict] | None = None
    reply_to: Callable[[Any], str] | None = None

    def is_staff(self, user, record) -> bool:
        return bool(user and user.is_authenticated) and user.has_perm(self.note, record)


def working_people(*organisations) -> list:
    """The people working for these organisations now (their staff and administrators, not former members)."""
    ids = [o.pk for o in organisations if o is not None]
    if not ids:
        return []
    return list(User.objects.filter(memberships__organisation_id__in=ids, memberships__ended_at__isnull=True,
                                    memberships__role__in=WORKING_ROLES, is_active=True).distinct().order_by("email"))


def clean_body(body) -> str:
    """The words of a message: not empty, not longer than MAX_BODY characters; refused beside the field."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Write a message."), code="required")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": ValidationError(
            _("A message is at most %(max)s characters (this one has %(length)s).")
            % {"max": f"{MAX_BODY:,}", "length": f"{len(body):,}"}, code="too_long")})
    return body


def post_message(thread: Thread, *, by, record, body: str, internal: bool = False, fields: dict | None = None,
                 check: Callable[[bool], None] | None = None, then: Callable[[Any, bool], Any] | None = None):
    """A message the other party reads, or an internal note (the staff side only). All or nothing.

    `fields`: the app's extra fields of the message; `check(staff)`: the app's own checks of them, before
    anything is saved; `then(message, staff)`: the app's further steps in the same transaction (files, clocks),
    returning the record as it now is (or None). The other side is told after the commit."""
    require(by, thread.note if internal else thread.reply, record)
    body = clean_body(body)
    staff = thread.is_staff(by, record)
    if check is not None:
        check(staff)
    with transaction.atomic():
        message = create_logged(thread.model, thread.action, by=by, author=by, body=body, internal=internal,
                                **{thread.on: record}, **(fields or {}))
        if then is not None:
            record = then(message, staff) or record
        if not internal:
            notify(thread, record, message, by_staff=staff)
    return message


def notify(thread: Thread, record, message, *, by_staff: bool) -> None:
    """Mail the other side about a message (never its author), one mail per language of the recipients."""
    people = thread.parties(record) if by_staff else thread.staff(record)
    reply_to = thread.reply_to(record) if by_staff and thread.reply_to is not None else ""
    by_language: dict[str, set[str]] = {}
    for person in people:
        email = getattr(person, "email", "")
        if email and email != message.author.email:
            by_language.setdefault(getattr(person, "preferred_language", "") or "ja", set()).add(email)
    context = {"record": record, "message": message, "path": record.get_absolute_url(), "by_staff": by_staff,
               "reply_to": reply_to, "can_reply": bool(reply_to),
               **(thread.context(record, message) if thread.context else {})}
    for language, emails in sorted(by_language.items()):
        queue_mail(to=sorted(emails), template=thread.mail, context=context, language=language, reply_to=reply_to)
