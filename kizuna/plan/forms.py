from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.forms import QuickSelect
from kizuna.core.rules import working_orgs

from .queries import clair_organisations

QUARTER_CHOICES = [
    (1, _("Q1 (April–June)")), (2, _("Q2 (July–September)")), (3, _("Q3 (October–December)")),
    (4, _("Q4 (January–March)")),
]


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DashboardFilterForm(forms.Form):
    """?quarter=1..4 and ?office=<organisation id>; anything else means the whole year, all of CLAIR."""

    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("Whole year")), *QUARTER_CHOICES], widget=QuickSelect)
    office = OfficeChoiceField(label=_("Office or branch"), required=False, queryset=None,
                               empty_label=_("All of CLAIR"), widget=QuickSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The labels need only the names: full Organisation rows for 75 options cost more than the page itself.
        self.fields["office"].queryset = clair_organisations(user).only("pk", "name", "name_en")

    def filters(self) -> tuple[int | None, object]:
        """(quarter, office); a value that is not valid is ignored (and the form shows why)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("quarter"), data.get("office")


class KPIFigureForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=QUARTER_CHOICES)
    value = forms.DecimalField(label=_("Figure"), min_value=0, max_digits=14, decimal_places=2)
    organisation = OfficeChoiceField(
        label=_("For"), required=False, queryset=None, empty_label=_("CLAIR as a whole"),
        help_text=_("Leave as CLAIR as a whole unless the figure is one office's or branch's."),
    )
    note = forms.CharField(label=_("Remarks"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = clair_organisations(user)
        # Asked without an organisation, the rule only lets headquarters through.
        if not user.has_perm("plan.record_kpi_for_organisation", None):
            orgs = orgs.filter(pk__in=[o.pk for o in working_orgs(user, CLAIR_KINDS)])
        self.fields["organisation"].queryset = orgs
