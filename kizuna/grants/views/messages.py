"""Writing on an application's thread: one POST, one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.permissions import permission_required

from .. import services
from ._common import add_errors, application_of
from ._thread import message_form
from .applying import _detail_page


@permission_required("grants.write_message", get_object=application_of)
@require_POST
def application_message(request, pk, obj):
    """A message (or, for headquarters, an internal note); refused, the page again with the error beside the
    field (400)."""
    form = message_form(request.user, obj, request.POST)
    if form.is_valid():
        try:
            message = services.post_application_message(by=request.user, application=obj,
                                                        body=form.cleaned_data["body"], internal=form.is_note)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The internal note was added.") if message.internal
                             else _("Your message was sent."))
            return redirect(f"{obj.get_absolute_url()}#message-{message.pk}")
    return _detail_page(request, obj, message_form=form)
