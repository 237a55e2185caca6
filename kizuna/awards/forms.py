from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import BoundedDateTimeField
from kizuna.core.models import Organisation

from .enums import NOMINATING_KINDS
from .models import Nomination


class NominationForm(forms.ModelForm):
    """The nomination: who proposes (one of the person's bodies), for whom, and the project."""

    proposer = forms.ModelChoiceField(label=_("Proposed by"), queryset=Organisation.objects.none())
    nominee = forms.ModelChoiceField(label=_("Nominee"), queryset=Organisation.objects.none(), required=False,
                                     help_text=_("Leave empty when the proposing body nominates itself."))

    class Meta:
        model = Nomination
        fields = ["proposer", "nominee", "title", "summary", "started_year", "partners", "achievements"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "partners": forms.Textarea(attrs={"rows": 3}),
                   "achievements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, proposers, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        proposers = list(proposers)
        if not editing:
            self.fields["proposer"].queryset = Organisation.objects.filter(pk__in=[p.pk for p in proposers])
        if len(proposers) == 1 and not editing:
            self.fields["proposer"].initial = proposers[0].pk
            self.fields["proposer"].empty_label = None
        prefectures = [p.pk for p in proposers if p.kind == "prefecture"]
        self.fields["nominee"].queryset = Organisation.objects.filter(
            kind__in=NOMINATING_KINDS, prefecture_id__in=prefectures).order_by("code", "name") if prefectures \
            else Organisation.objects.filter(pk__in=[p.pk for p in proposers])
        self.fields["started_year"].widget.attrs.update({"min": 1950, "max": timezone.localdate().year})
        if editing:
            del self.fields["proposer"]

    def clean_started_year(self):
        year = self.cleaned_data["started_year"]
        if not 1950 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Give the year the project began (1950 to this year)."))
        return year


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(label=_("Result of the check"), widget=forms.RadioSelect,
                                      coerce=lambda v: v == "yes",
                                      choices=[("yes", pgettext_lazy("award eligibility", "Eligible")),
                                               ("no", pgettext_lazy("award eligibility", "Not eligible"))])
    reason = forms.CharField(label=_("Why it is not eligible"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = list(checklist)
        for index, item in enumerate(self.checklist):
            self.fields[f"check_{index}"] = forms.BooleanField(label=item, required=False)

    def checks(self) -> dict:
        return {item: self.cleaned_data.get(f"check_{i}", False) for i, item in enumerate(self.checklist)}


class JudgeForm(forms.Form):
    judge = forms.EmailField(label=_("Judge's email address"))


class RoundForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    opens_at = BoundedDateTimeField(label=_("Nominations open (JST)"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = BoundedDateTimeField(label=_("Nominations close (JST)"),
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    blind = forms.BooleanField(label=_("Blind judging (judges do not see who nominated)"), required=False,
                               initial=True)
    through_prefecture = forms.BooleanField(label=_("A municipality's nomination goes through its prefecture"),
                                            required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data
