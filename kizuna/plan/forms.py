from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import QuickSelect
from kizuna.core.queries import directory_version

from . import cache
from .enums import ProgrammeProgress
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
    office = forms.TypedChoiceField(label=_("Office or branch"), required=False, coerce=int, empty_value=None,
                                    widget=QuickSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].choices = [("", _("All of CLAIR")), *office_choices(user)]

    def filters(self) -> tuple[int | None, object]:
        """(quarter, office); a value that is not valid is ignored (and the form shows why)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        office_id = data.get("office")
        office = clair_organisations(self.user).filter(pk=office_id).first() if office_id else None
        return data.get("quarter"), office


def office_choices(user) -> list[tuple[int, str]]:
    """(id, name in the active language) of every active CLAIR office, as `clair_organisations` orders them.

    The list is the same for everyone (only active organisations, which every user may see) and is rebuilt
    when any organisation changes (`directory_version`). Kept in each process: read and labelled on every
    dashboard view, the same 75 names cost a third of the page."""
    parts = [get_language(), directory_version()]
    choices = cache.office_choices.get(parts)
    if choices is None:
        choices = [(o.pk, o.display_name) for o in clair_organisations(user).only("pk", "name", "name_en")]
        cache.office_choices.set(parts, choices)
    return choices


class KPIFigureForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=QUARTER_CHOICES)
    value = forms.DecimalField(label=_("Figure"), min_value=0, max_digits=14, decimal_places=2)
    organisation = OfficeChoiceField(
        label=_("For"), required=False, queryset=None, empty_label=_("CLAIR as a whole"),
        help_text=_("Leave as CLAIR as a whole unless the figure is one office's or branch's."),
    )
    note = forms.CharField(label=_("Remarks"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, kpi, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        # The offices and branches the person may enter figures for; CLAIR as a whole only for headquarters.
        field.queryset = clair_organisations(user).visible_to(user, "plan.record_kpi_for_organisation")
        if not user.has_perm("plan.record_kpi_overall", kpi):
            field.required, field.empty_label = True, None
            field.help_text = _("Figures for CLAIR as a whole are entered by headquarters.")


class ReturnFigureForm(forms.Form):
    reason = forms.CharField(label=_("Why it is returned"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ProgrammeReportForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=QUARTER_CHOICES)
    progress = forms.ChoiceField(label=pgettext_lazy("how a programme stands", "Progress"),
                                 choices=ProgrammeProgress.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Progress note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was done this quarter and what stands in the way, in a few lines."))
