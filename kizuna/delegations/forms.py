"""Input validation for the delegation pages. Business rules live in the services. Times are typed in the time
zone of the programme's venue (the views make it the current one)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.countries import country_choices
from kizuna.core.forms import BoundedDateTimeField

from .models import Delegation, Member, Programme, Visit

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["event", "kind", "co_host", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, events=None, co_hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["event"]
        else:
            self.fields["event"].queryset = events
        self.fields["co_host"].queryset = co_hosts


class DelegationForm(forms.ModelForm):
    handled_by = forms.ModelChoiceField(label=_("Handled by"), queryset=None)
    country = forms.ChoiceField(label=_("Country"), choices=())

    class Meta:
        model = Delegation
        fields = ["name", "name_en", "country", "government", "handled_by", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, handlers=None, governments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *country_choices()]
        self.fields["government"].queryset = governments
        if self.instance.pk:
            del self.fields["handled_by"]
        else:
            self.fields["handled_by"].queryset = handlers
            if len(handlers) == 1:
                self.fields["handled_by"].initial = handlers[0].pk
                self.fields["handled_by"].empty_label = None


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["role", "position", "name", "name_latin", "name_kana", "order", "arrival_at", "arrival_flight",
                  "departure_at", "departure_flight", "hotel", "room", "interpretation", "dietary", "accessibility"]
        widgets = {"arrival_at": DATETIME, "departure_at": DATETIME, "dietary": forms.Textarea(attrs={"rows": 2}),
                   "accessibility": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"arrival_at": BoundedDateTimeField, "departure_at": BoundedDateTimeField}
        help_texts = {"dietary": _("Seen only by the handling staff."),
                      "accessibility": _("Seen only by the handling staff.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["host", "starts_at", "ends_at", "place", "purpose", "members"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "purpose": forms.Textarea(attrs={"rows": 3}),
                   "members": forms.CheckboxSelectMultiple}
        field_classes = {"starts_at": BoundedDateTimeField, "ends_at": BoundedDateTimeField}

    def __init__(self, *args, hosts=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["members"].queryset = members


class NoteForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("delegation", "Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MembersImportForm(forms.Form):
    file = forms.FileField(label=_("List of members (CSV or Excel)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f
