"""Input of the reappointment round's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import BoundedDateField

from .enums import Reappointment


def _day(label):
    return BoundedDateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year the next appointments start"), min_value=2000, max_value=2100,
                              help_text=_("The summer the next appointment years begin, e.g. 2027."))
    intention_deadline = _day(_("Intentions by"))
    decision_deadline = _day(_("Decisions of the contracting organisations by"))
    confirmation_deadline = _day(_("Confirmations by"))


class IntentionForm(forms.Form):
    intention = forms.ChoiceField(label=_("Your intention"), widget=forms.RadioSelect, choices=[
        ("stay", _("I wish to re-contract for another year")),
        ("leave", _("I will leave at the end of my current appointment"))])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("agree", pgettext_lazy("reappointment", "Agree")), ("decline", pgettext_lazy("reappointment", "Decline"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required to decline, and to agree to a fourth or fifth year."))


class AdjustPlacesForm(forms.Form):
    """The contracting organisations are those of the round (given by the view)."""

    host = forms.TypedChoiceField(label=_("Contracting organisation"), coerce=int)
    change = forms.IntegerField(label=_("Change to the new places"), required=False, help_text=_(
        "More places: +2; fewer: -1."))  # its range is the service's to check, with the other problems
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,  # the service says it is missing
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("What was agreed with the contracting organisation."))

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "—"), *hosts]


class RoundFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Reappointment.choices])
