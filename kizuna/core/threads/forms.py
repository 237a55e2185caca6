"""The form of a thread (kizuna/core/threads): the words, and for the staff side whether it is an internal note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import MAX_BODY


class MessageForm(forms.Form):
    """`staff`: the person is on the staff side (holds the thread's `note` permission); only they are offered the
    internal note. `internal_label` says who does not read one ("not shown to the applicant")."""

    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Write a message.")})
    internal = forms.BooleanField(label=_("Internal note"), required=False)

    def __init__(self, *args, staff: bool = False, internal_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]
        elif internal_label:
            self.fields["internal"].label = internal_label

    @property
    def is_note(self) -> bool:
        return bool(self.cleaned_data.get("internal"))
