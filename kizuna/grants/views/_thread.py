"""What the application's page shows of its thread (kizuna/core/threads), and its form."""

from django.utils.translation import gettext_lazy as _

from kizuna.core.threads.forms import MessageForm

from ..services.messages import is_staff_side


def message_form(user, application, data=None):
    return MessageForm(data, staff=is_staff_side(user, application), auto_id="msg_%s",
                       internal_label=_("Internal note (not shown to the applicant)"))


def new_to(user, thread) -> set[int]:
    """The messages new to the reader: the others' (not internal notes) since the reader's own last message."""
    last = max((m.created_at for m in thread if m.author_id == user.pk), default=None)
    return {m.pk for m in thread if m.author_id != user.pk and not m.internal
            and (last is None or m.created_at > last)}


def thread_context(application, user, form=None) -> dict:
    """The thread for the applicant's side and CLAIR staff (`grants.view_messages`); none for a reviewer. `form`:
    a refused message, shown with its errors beside the field and what was typed."""
    if not user.has_perm("grants.view_messages", application):
        return {}
    thread = list(application.messages.visible_to(user).select_related("author"))
    if form is None and user.has_perm("grants.write_message", application):
        form = message_form(user, application)
    return {"show_thread": True, "thread": thread, "message_form": form, "new_ids": new_to(user, thread)}
