"""Input of the JET pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import BoundedDateField, QuickSelect

from .enums import Cohort, Position, Status


class RosterFilterForm(forms.Form):
    # QuickSelect: the options through Django's widget templates were a tenth of a roster page
    q = forms.CharField(label=_("Name or JET number"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect,
                               choices=[("", _("In the programme"))] + list(Status.choices))
    position = forms.ChoiceField(label=_("Position"), required=False, widget=QuickSelect,
                                 choices=[("", _("All"))] + list(Position.choices))
    cohort = forms.ChoiceField(label=_("Arrival group"), required=False, widget=QuickSelect,
                               choices=[("", _("All"))] + list(Cohort.choices))
    year = forms.TypedChoiceField(label=_("Appointment year"), required=False, coerce=int, empty_value=None,
                                  widget=QuickSelect, choices=[("", _("All"))] + [(n, str(n)) for n in range(1, 6)])


class DateForm(forms.Form):
    day = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class EmergencyForm(forms.Form):
    emergency_name = forms.CharField(label=_("Emergency contact"), max_length=150)
    emergency_relation = forms.CharField(label=_("Relation"), max_length=60)
    emergency_phone = forms.CharField(label=_("Phone"), max_length=40)
    emergency_email = forms.EmailField(label=_("Email of the emergency contact"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet of the placements (CSV or Excel .xlsx)"))
    invite = forms.BooleanField(label=_("Invite each participant by email"), required=False, initial=True)
