"""A thread of messages on a record, between the people it is about (a requester, an applicant) and the staff who
handle it, with internal notes that only the staff side reads. One mechanism for every app (requests, grants):

- `ThreadMessage`, the abstract model an app's message model is built on (its own foreign key to the record
  and any extras: files, time spent, a reply by mail);
- `message_view(staff=…, parties=…)`, the one rule of who reads a message, for the model's policy;
- `kizuna.core.threads.services`: `Thread` (how an app's records carry theirs) and `post_message` (checks,
  saves with its audit entry, mails the other side, never for an internal note);
- `kizuna.core.threads.forms.MessageForm` and the template `core/_thread.html` (the messages and the form).

This module holds only what models and policies need, so that an app's models can import it (its services are
in `services.py`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import Condition, Field, VisibleQuerySet

MAX_BODY = 20_000  # characters of one message

# A message the other party reads (not an internal note).
NOT_INTERNAL = Field("internal", False)


def message_view(*, staff: Condition, parties: Condition) -> Condition:
    """Who reads a message of a thread: the staff side every message, the other party all but internal notes.
    Both conditions are about the message (`Through("request", OFFICE)`, or `CLAIR_STAFF` about the person)."""
    return staff | (parties & NOT_INTERNAL)


class ThreadMessageQuerySet(VisibleQuerySet):
    def for_parties(self):
        """The messages the other party reads: without internal notes."""
        return self.filter(internal=False)


class ThreadMessage(models.Model):
    """A message of a thread. A concrete model adds its foreign key to the record (`request`, `application`),
    named in its `Thread`, and a policy built with `message_view`."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThreadMessageQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]
