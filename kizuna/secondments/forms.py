"""Input validation for the seconded-staff pages. Business rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import BoundedDateField, CountryField, QuickSelect

from .enums import Division, SecondmentStatus
from .models import Course, FieldTraining, LanguageTest, LanguageTraining, OJTRecord, Posting, Secondment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATES = {"starts_on": DATE, "ends_on": DATE, "taken_on": DATE, "result_on": DATE, "report_on": DATE}
DATE_FIELDS = {name: BoundedDateField for name in DATES}


def _person_label(user) -> str:
    return f"{user.full_name or user.email} <{user.email}>"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class SecondmentForm(forms.ModelForm):
    person = PersonChoiceField(label=_("Seconded person"), queryset=None, widget=QuickSelect,
                               help_text=_("A person with an account at headquarters or an overseas office."))
    organisation = forms.ModelChoiceField(label=_("First posting: headquarters or office"), queryset=None,
                                          required=False, widget=QuickSelect)
    division = forms.ChoiceField(label=pgettext_lazy("CLAIR division", "Division at headquarters"), required=False,
                                 choices=[("", "---------"), *Division.choices])
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    class Meta:
        model = Secondment
        fields = ["person", "home_government", "home_division", "starts_on", "ends_on", "note"]
        widgets = {**{k: v for k, v in DATES.items() if k in ("starts_on", "ends_on")},
                   "home_government": QuickSelect, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}

    def __init__(self, *args, people=None, governments=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("person", "home_government", "organisation", "division", "title"):
                del self.fields[name]
        else:
            self.fields["person"].queryset = people
            self.fields["home_government"].queryset = governments
            self.fields["organisation"].queryset = places

    def posting(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("organisation"):
            return None
        return {"organisation": data["organisation"], "division": data.get("division", ""),
                "title": data.get("title", "")}


class PostingForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["organisation", "division", "title", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = places
        self.fields["division"].help_text = _("At headquarters only.")


class LanguageTrainingForm(forms.ModelForm):
    class Meta:
        model = LanguageTraining
        fields = ["name", "language", "provider", "starts_on", "ends_on", "hours"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}


class LanguageTestForm(forms.ModelForm):
    class Meta:
        model = LanguageTest
        fields = ["name", "language", "taken_on", "score", "level", "result_on"]
        widgets = {"taken_on": DATE, "result_on": DATE}
        field_classes = {"taken_on": BoundedDateField, "result_on": BoundedDateField}


class FieldTrainingForm(forms.ModelForm):
    country = CountryField(label=_("Country"))

    class Meta:
        model = FieldTraining
        fields = ["country", "place", "host_office", "starts_on", "ends_on", "theme", "report"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "report": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_office"].queryset = offices


class OJTRecordForm(forms.ModelForm):
    class Meta:
        model = OJTRecord
        fields = ["starts_on", "ends_on", "unit", "supervisor", "tasks", "assessment"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "tasks": forms.Textarea(attrs={"rows": 4}),
                   "assessment": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}


RECORD_FORMS = {"training": LanguageTrainingForm, "test": LanguageTestForm, "field": FieldTrainingForm,
                "ojt": OJTRecordForm}


class StepForm(forms.Form):
    day = BoundedDateField(label=_("On"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))


class CourseForm(forms.ModelForm):
    events = forms.ModelMultipleChoiceField(label=_("Events of the course"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("Attending any one of them completes the course."))

    class Meta:
        model = Course
        fields = ["topic", "title", "title_en", "position", "is_active"]

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = events
        if self.instance.pk:
            self.fields["events"].initial = list(self.instance.events.values_list("pk", flat=True))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name or local government"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *SecondmentStatus.choices])
    organisation = forms.ModelChoiceField(label=_("Working at"), queryset=None, required=False,
                                          empty_label=_("Headquarters and every office"))

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = places


class TestImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet of test results (CSV or Excel)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f
