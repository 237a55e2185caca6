"""Input validation for the registry's pages. Business rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.countries import country_choices
from kizuna.core.forms import BoundedDateField, CountryField, HistoricDateField

from .enums import AffiliationStatus, AffiliationType, ExchangeField
from .models import PartnerWanted, Proposal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATES = ("signed_on", "assembly_approved_on", "ends_on", "renewed_on", "dissolved_on")


class ProposalForm(forms.ModelForm):
    """A proposal: a new affiliation (with its partner) or a change to one (without the partner's fields)."""

    local_government = forms.ModelChoiceField(label=_("Japanese local government"), queryset=None)
    partner_country = CountryField(label=_("Partner's country"), required=False)
    exchange_fields = forms.MultipleChoiceField(label=_("Fields of exchange"), choices=ExchangeField.choices,
                                                widget=forms.CheckboxSelectMultiple, required=False)
    document = forms.FileField(label=_("Agreement (PDF or image)"), required=False,
                               help_text=_("The signed agreement: PDF, PNG, JPEG or Word, at most 20 MB."))

    class Meta:
        model = Proposal
        fields = ["local_government", "partner_country", "partner_name", "partner_name_en", "partner_region",
                  "partner_latitude", "partner_longitude", "affiliation_type", "signed_on", "signatories",
                  "assembly_approved_on", "exchange_fields",
                  "ends_on", "renewed_on", "heads_signed", "several_fields", "assembly_approved", "dissolved_on",
                  "document", "note"]
        widgets = {**{name: DATE for name in DATES}, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {name: HistoricDateField for name in DATES}

    def __init__(self, *args, governments=None, change=False, **kwargs):
        super().__init__(*args, **kwargs)
        if governments is None:
            del self.fields["local_government"]
        else:
            self.fields["local_government"].queryset = governments
            if len(governments) == 1:
                self.fields["local_government"].initial = governments[0].pk
                self.fields["local_government"].empty_label = None
        if change:
            for name in ("partner_country", "partner_name", "partner_name_en", "partner_region", "partner_latitude",
                         "partner_longitude"):
                self.fields.pop(name, None)
        else:
            self.fields.pop("dissolved_on", None)
            self.fields["partner_country"].required = True
            self.fields["partner_name"].required = True
        self.fields["affiliation_type"].choices = AffiliationType.choices


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Shown to the local government. Needed to return or reject."))


class NoteForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("affiliation", "Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DissolveForm(NoteForm):
    dissolved_on = HistoricDateField(label=_("Dissolved on"), widget=DATE)


class ReinstateForm(NoteForm):
    renewed_on = HistoricDateField(label=_("Renewed on"), widget=DATE, required=False)
    ends_on = BoundedDateField(label=_("End of the term"), widget=DATE, required=False)


class WantedForm(forms.ModelForm):
    local_government = forms.ModelChoiceField(label=_("Japanese local government"), queryset=None)
    wished_countries = forms.MultipleChoiceField(label=_("Wished countries"), required=False, choices=())
    url = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = PartnerWanted
        fields = ["local_government", "wished_countries", "wished_regions", "population", "population_on",
                  "area_km2", "outline", "url", "wished_traits", "pr_notes", "is_published"]
        widgets = {"population_on": DATE, "outline": forms.Textarea(attrs={"rows": 4}),
                   "wished_traits": forms.Textarea(attrs={"rows": 3}), "pr_notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"population_on": BoundedDateField}

    def __init__(self, *args, governments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wished_countries"].choices = country_choices()
        self.fields["wished_countries"].widget.attrs["size"] = 8
        if governments is None:
            del self.fields["local_government"]
        else:
            self.fields["local_government"].queryset = governments
            if len(governments) == 1:
                self.fields["local_government"].initial = governments[0].pk
                self.fields["local_government"].empty_label = None


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or Excel)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return f


STATUS_CHOICES = [("", _("Any status")), *AffiliationStatus.choices]
