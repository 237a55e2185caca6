"""The organisers write to an event's registrants: drafts, a preview, sending after a confirmation, copies."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required

from ..enums import MailGroup, MailStatus
from ..models import EventMail
from ..services import mailing
from ._common import event_of, visible_or_404


class MailForm(forms.ModelForm):
    class Meta:
        model = EventMail
        fields = ["group", "subject", "body", "subject_en", "body_en"]
        widgets = {"group": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 10}),
                   "body_en": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, counts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(value, f"{label} ({counts.get(value, 0)})")
                                        for value, label in MailGroup.choices]
        placeholders = ", ".join(f"{{{name}}}" for name in mailing.PLACEHOLDERS)
        self.fields["body"].help_text = _("Each person's own values replace %(placeholders)s.") % {
            "placeholders": placeholders}

    def clean(self):
        """The service's checks too (placeholders, English in full), beside fields that have no error yet."""
        data = super().clean()
        try:
            mailing.check_fields({**{name: "" for name in self.Meta.fields}, **data})
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                if name not in self.errors and name in data:
                    self.add_error(name, problems)
        return data


def mail_of(request, pk, **kwargs):
    return visible_or_404(request, EventMail.objects.select_related("event__organiser", "created_by", "sent_by"),
                          pk)


def _save(request, form, **kwargs):
    try:
        return mailing.save_mail(by=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@permission_required("events.mail_registrants", get_object=event_of)
def mails(request, pk, obj):
    """The event's mails (drafts and sent) and a new one."""
    counts = mailing.group_counts(obj)
    form = MailForm(request.POST or None, counts=counts)
    if request.method == "POST" and form.is_valid():
        mail = _save(request, form, event=obj)
        if mail is not None:
            messages.success(request, _("The draft was saved. Check the preview, then send it."))
            return redirect(mail)
    return render(request, "events/mails.html", {
        "event": obj, "form": form, "placeholders": mailing.PLACEHOLDERS,
        "mails": list(mailing.with_progress(obj.mails.select_related("created_by", "sent_by"))),
    }, status=400 if form.errors else 200)


@permission_required("events.view_event_mail", get_object=mail_of)
def mail(request, pk, obj):
    """One mail: the draft to change, its preview and the send button; or, sent, how far delivery has got."""
    event, draft = obj.event, obj.status == MailStatus.DRAFT
    form = MailForm(request.POST or None, instance=obj, counts=mailing.group_counts(event)) if draft else None
    if request.method == "POST" and form is not None and form.is_valid():
        if _save(request, form, event=event, mail=obj) is not None:
            messages.success(request, _("The draft was saved."))
            return redirect(obj)
    delivered = obj.deliveries.filter(sent_at__isnull=False).count() if not draft else 0
    refused = list(obj.deliveries.exclude(error="").select_related("registration__person")) if not draft else []
    return render(request, "events/mail.html", {
        "event": event, "mail": obj, "form": form, "draft": draft, "delivered": delivered, "refused": refused,
        "preview": mailing.preview(obj),
        "waiting": mailing.recipients(event, obj.group).count() if draft else obj.recipients,
        "can_send": draft and request.user.has_perm("events.send_event_mail", obj)},
        status=400 if form is not None and form.errors else 200)


@require_POST
@permission_required("events.send_event_mail", get_object=mail_of)
def mail_send(request, pk, obj):
    return run_and_return(request, obj, lambda: mailing.send(by=request.user, mail=obj),
                          _("The mail is being sent."))


@require_POST
@permission_required("events.change_event_mail", get_object=mail_of)
def mail_copy(request, pk, obj):
    copy = mailing.copy_mail(by=request.user, mail=obj)
    messages.success(request, _("A new draft with the same text: change it and send it."))
    return redirect(copy)
