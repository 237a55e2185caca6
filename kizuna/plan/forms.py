from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import QuickSelect
from kizuna.core.queries import directory_version

from . import cache
from .enums import APPS, KPISource, ProgrammeProgress
from .kpis import registered_keys
from .models import KPI, Area, Programme
from .queries import clair_organisations
from .services import AREA_FIELDS, KPI_FIELDS, PROGRAMME_FIELDS

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


# -- the plan, edited by headquarters ----------------------------------------------------------------------------

class PlanRecordForm(forms.Form):
    """A form of a plan record's own fields (their labels, help and limits come from the model); the service
    checks and saves them (services.save_area / save_programme / save_kpi)."""

    model = None
    field_names: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=self.field_names))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(self.model, fields=self.field_names))
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


class AreaForm(PlanRecordForm):
    model, field_names = Area, AREA_FIELDS


class ProgrammeForm(PlanRecordForm):
    model, field_names = Programme, PROGRAMME_FIELDS

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {**model_to_dict(instance, fields=PROGRAMME_FIELDS),
                                          "offices": list(instance.offices.values_list("pk", flat=True))})
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["app"] = forms.ChoiceField(label=_("Kizuna app"), required=False,
                                               choices=[("", "—"), *((app, app) for app in APPS)])
        self.fields["offices"] = OfficesField(
            label=_("Responsible offices"), required=False, widget=forms.CheckboxSelectMultiple,
            queryset=clair_organisations(user).only("pk", "name", "name_en"),
            help_text=_("Headquarters, overseas offices or branches that run this programme."))


class OfficesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class KPIForm(PlanRecordForm):
    model, field_names = KPI, KPI_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.ChoiceField(label=self.fields["source"].label, choices=KPISource.choices,
                                                  widget=forms.RadioSelect)
        self.fields["query_key"] = forms.ChoiceField(
            label=_("Registered query"), required=False, choices=[("", "—"), *((k, k) for k in registered_keys())],
            help_text=_("For a KPI measured by Kizuna: the query of the app that counts it."))
        self.fields["target"].min_value = 0
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Where the KPI stands among its programme's (empty: last).")


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"),
                           help_text=_("The workbook exported from this page, with your changes."))
