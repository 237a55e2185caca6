"""Input of the counselling pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import Channel, EscalationStep, Language, Risk, Topic

TEXT = {"rows": 8}


class AskForm(forms.Form):
    channel = forms.ChoiceField(label=_("How would you like to talk?"), choices=Channel.choices,
                                widget=forms.RadioSelect, initial=Channel.MAIL,
                                help_text=_("Web mail has no limit. Video calls are booked in a counsellor's free "
                                            "times, up to the year's limit."))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, widget=forms.RadioSelect,
                                 initial=Language.ENGLISH)
    body = forms.CharField(label=_("What would you like to talk about?"), widget=forms.Textarea(attrs=TEXT),
                           help_text=_("Only the counsellors on your case and the counselling supervisor read this: "
                                       "not CLAIR's other staff, not your contracting organisation, not your PA."))


class MessageForm(forms.Form):
    body = forms.CharField(label=pgettext_lazy("counselling", "Message"), widget=forms.Textarea(attrs=TEXT))
    attachment = forms.FileField(label=_("Attach a file (optional)"), required=False,
                                 help_text=_("PDF, PNG, JPEG, Word or Excel, at most 5 MB. Kept sealed like the "
                                             "message."))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Case note"), widget=forms.Textarea(attrs=TEXT),
                           help_text=_("Read by the counsellors on the case and the supervisor only."))


class ClassifyForm(forms.Form):
    topic = forms.ChoiceField(label=pgettext_lazy("counselling", "Topic"), required=False,
                              choices=[("", _("Not recorded yet"))] + list(Topic.choices))
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices,
                             help_text=_("High starts the escalation path: the supervisor is told at once."))


class ReferForm(forms.Form):
    clinic = forms.CharField(label=_("Outside clinic or service"), max_length=500)


class AssignForm(forms.Form):
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), queryset=None)

    def __init__(self, *args, counsellors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors


class EscalateForm(forms.Form):
    step = forms.ChoiceField(label=_("Step taken"), choices=EscalationStep.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                    format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class BookForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Time"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class AllowanceForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    video_sessions = forms.IntegerField(label=_("Video sessions a year"), min_value=0, max_value=52)
