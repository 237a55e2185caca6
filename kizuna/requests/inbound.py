"""Replies to requests by mail. Mail to the requester about a staff reply (or a question from the office) answers
to the request's signed address, requests+<request>-<mac>@… (kizuna.core.verp); the mail server hands a mail sent
there to `kizuna requests_inbound` (a pipe) or the API, and `feed` adds it to the request as the sender's message:
the words they wrote (the text part, or the HTML part as text, without the quoted history) and the files attached,
checked by their content like any upload.

Refused, with nothing saved: a mail to no request's address or to an altered one, a sender who is not one of the
requester's working people, an empty reply, a refused file. A sender who is one of the requester's people is told
by mail why their reply was not added; others are not answered (their address may be forged)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kizuna.core import mailreading, verp

from . import effects, services
from .models import Message, Request


class NotAReply(ValueError):
    """The mail is not a reply that can be added to a request; nothing was saved. `told`: the sender was told."""

    def __init__(self, reason: str, *, told: bool = False):
        super().__init__(reason)
        self.told = told


def _request_of(message) -> Request:
    number = verp.number_in(message, effects.REPLY_PURPOSE, settings.REQUESTS_INBOUND)
    request = Request.objects.select_related("requester", "office", "created_by").filter(pk=number).first() \
        if number is not None else None
    if request is None:
        raise NotAReply(_("It was not sent to the reply address of a request, or the address was altered."))
    return request


def _sender_of(message, request):
    address = mailreading.sender_address(message)
    person = get_user_model().objects.filter(email__iexact=address, is_active=True).first() if address else None
    allowed = {e.lower() for e in effects.requester_emails(request)}
    if person is None or address not in allowed or not person.has_perm("requests.reply_request", request):
        raise NotAReply(_("The sender (%(address)s) is not one of the people of the requesting organisation.")
                        % {"address": address or "?"})
    return person


def _refuse_and_tell(request, person, reasons: list[str]) -> NotAReply:
    reason = " ".join(reasons)
    effects.notify(request, to=[person.email], what=_("Your reply by mail was not added to the request."),
                   body=reason)
    return NotAReply(reason, told=True)


def feed(raw: bytes) -> Message:
    """One mail, whole, as the mail server hands it over: the sender's message on the request, or NotAReply."""
    message = mailreading.parse(raw)
    request = _request_of(message)
    person = _sender_of(message, request)
    files = mailreading.attached_files(message)
    body = mailreading.reply_text(message) or (_("Files sent by mail.") if files else "")
    try:
        return services.post_message(by=person, request=request, body=body, files=files, via_mail=True)
    except ValidationError as error:
        raise _refuse_and_tell(request, person, error.messages) from None
    except PermissionDenied:
        raise NotAReply(_("The sender may not reply to this request.")) from None
