"""Input of the dispatch pages."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import BoundedDateField, YenField
from kizuna.core.models import Organisation

from .enums import Format, Programme

DATE = forms.DateInput(attrs={"type": "date"})


def host_choices(user):
    """The organisations the person may ask for an expert for (HostPolicy: the service asks the same)."""
    return Organisation.objects.visible_to(user, "dispatch.request_dispatch_for")


class DispatchForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host"), queryset=Organisation.objects.none())
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    theme = forms.CharField(label=_("Theme"), max_length=200)
    field = forms.CharField(label=_("Field of expertise"), max_length=100, required=False)
    language = forms.CharField(label=_("Language (ISO 639-1, e.g. ja, en)"), max_length=8, initial="ja")
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    starts_on = BoundedDateField(label=_("From"), widget=DATE)
    ends_on = BoundedDateField(label=_("Until"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours planned"), min_value=0.5, max_value=1000, decimal_places=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = host_choices(user)
        only = list(self.fields["host"].queryset[:2])
        if len(only) == 1:  # the one organisation the person may ask for is chosen already
            self.fields["host"].initial = only[0].pk
            self.fields["host"].empty_label = None


class ReportForm(forms.Form):
    report = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    hours = forms.DecimalField(label=_("Hours worked"), min_value=0.5, max_value=1000, decimal_places=1)
    travel_costs = forms.IntegerField(label=_("Travel costs (yen)"), min_value=0, max_value=10_000_000)
    allowance = forms.IntegerField(label=_("Allowance (yen)"), min_value=0, max_value=10_000_000, initial=0,
                                   help_text=_("The daily allowance (日当) for the days of the visit."))


class VisitForm(forms.Form):
    day = BoundedDateField(label=_("Date of the visit"), widget=DATE)
    topic = forms.CharField(label=_("Topic of the visit"), max_length=200)
    hours = forms.DecimalField(label=_("Hours planned"), min_value=0.5, max_value=24, decimal_places=1, initial=2)


class VisitReportForm(forms.Form):
    """The report of one visit; the names are those of services.report_visit."""

    report = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    hours = forms.DecimalField(label=_("Hours worked"), min_value=0.5, max_value=24, decimal_places=1)
    travel_costs = forms.IntegerField(label=_("Travel costs (yen)"), min_value=0, max_value=10_000_000)
    allowance = forms.IntegerField(label=_("Allowance (yen)"), min_value=0, max_value=10_000_000, initial=0,
                                   help_text=_("The daily allowance (日当) for the day of the visit."))


class SeveralFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SeveralFilesField(forms.FileField):
    """Several files from one input; cleans to a list. Kinds, sizes and count are the service's to check."""

    widget = SeveralFilesInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        cleaned = [super(SeveralFilesField, self).clean(upload, initial) for upload in uploads if upload]
        if not cleaned and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class ReportFilesForm(forms.Form):
    """Photos and PDFs of the report; the names are those of services.add_report_files."""

    files = SeveralFilesField(label=_("Photos (PNG, JPEG) or PDFs"),
                              help_text=_("Up to 10 files at once, each at most 20 MB; checked by their content."))
    visit = forms.ModelChoiceField(label=_("Visit"), queryset=None, required=False,
                                   help_text=_("The visit the files are of (for an engagement of several visits)."))

    def __init__(self, *args, dispatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = dispatch.visits.exclude(status="cancelled")
        if not self.fields["visit"].queryset.exists():
            del self.fields["visit"]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you?"), coerce=int,
                                    choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("、", ",").split(",") if p.strip()]


class ProfileForm(forms.Form):
    fields_ = forms.CharField(label=_("Fields of expertise (comma-separated)"), required=False)
    languages = forms.CharField(label=_("Languages (comma-separated ISO codes)"), required=False)
    regions = forms.CharField(label=_("Regions (prefecture codes; empty = anywhere)"), required=False)
    onsite = forms.BooleanField(label=_("Goes on site"), required=False)
    online = forms.BooleanField(label=_("Works online"), required=False)
    bio = forms.CharField(label=_("Profile"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {"fields": _split(d["fields_"]), "languages": _split(d["languages"]), "regions": _split(d["regions"]),
                "onsite": d["onsite"], "online": d["online"], "bio": d["bio"]}


class DatesForm(forms.Form):
    starts_on = BoundedDateField(label=_("From"), widget=DATE)
    ends_on = BoundedDateField(label=_("Until"), widget=DATE)
    available = forms.TypedChoiceField(label=_("Mark"), coerce=lambda v: v == "1",
                                       choices=[("1", _("I can go")), ("0", _("I cannot go"))])

    def clean(self):
        data = super().clean()
        s, e = data.get("starts_on"), data.get("ends_on")
        if s and e and not 0 <= (e - s).days <= 366:
            raise forms.ValidationError(_("Give a range of at most a year, end after start."))
        return data

    def days(self):
        s, e = self.cleaned_data["starts_on"], self.cleaned_data["ends_on"]
        return [s + timedelta(days=i) for i in range((e - s).days + 1)]


# --- applications to the expert bank ----------------------------------------------------------------------------

CHECKBOXES = forms.CheckboxSelectMultiple


class ApplicationForm(forms.Form):
    """The applicant's application; the names are those of applying.save_application, which checks the values
    again (and, on submission, that it is complete)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    name_kana = forms.CharField(label=_("Name in kana"), max_length=100, required=False)
    affiliation = forms.CharField(label=_("Organisation and position"), max_length=200, required=False,
                                  help_text=_("Your organisation and position, or former position."))
    career = forms.CharField(label=_("Career"), required=False, max_length=10_000,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("Your work and experience in the fields you apply for."))
    programmes = forms.MultipleChoiceField(label=_("Programmes"), choices=Programme.choices, required=False,
                                           widget=CHECKBOXES)
    fields = forms.MultipleChoiceField(label=_("Fields of expertise"), choices=(), required=False, widget=CHECKBOXES)
    languages = forms.CharField(label=_("Languages (comma-separated ISO codes)"), required=False,
                                help_text=_("The languages you work in, e.g. ja, en, zh."))
    regions = forms.MultipleChoiceField(label=_("Regions"), choices=(), required=False, widget=CHECKBOXES,
                                        help_text=_("The prefectures you can go to; none chosen = anywhere."))
    onsite = forms.BooleanField(label=_("Goes on site"), required=False, initial=True)
    online = forms.BooleanField(label=_("Works online"), required=False, initial=True)
    fee_expectation = YenField(label=_("Fee per hour you expect (yen)"), required=False, min_value=0,
                               max_value=1_000_000,
                               help_text=_("CLAIR sets the fee of each programme; this helps it decide."))
    profile = forms.CharField(label=_("Profile to publish"), required=False, max_length=5_000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Shown to CLAIR and to the hosts you are sent to."))
    references = forms.CharField(label=_("References and qualifications"), required=False, max_length=5_000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("People CLAIR may ask about your work, and your qualifications."))
    files = SeveralFilesField(label=_("Certificates and references (PDF, PNG, JPEG)"), required=False,
                              help_text=_("Up to 10 files, each at most 20 MB; checked by their content."))
    consent = forms.BooleanField(label=_("I consent to my profile being published to CLAIR and to the hosts I am "
                                         "sent to."), required=False)

    def __init__(self, *args, field_choices, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = [(f, f) for f in field_choices]
        self.fields["regions"].choices = prefectures

    def clean_languages(self):
        return _split(self.cleaned_data["languages"].lower())

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("files", None)
        return data


def application_initial(application) -> dict:
    initial = {name: getattr(application, name) for name in (
        "name", "name_kana", "affiliation", "career", "programmes", "fields", "regions", "onsite", "online",
        "fee_expectation", "profile", "references", "consent")}
    return {**initial, "languages": ", ".join(application.languages)}


class VettingForm(forms.Form):
    review_notes = forms.CharField(label=_("Review notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Seen by headquarters only."))
    identity_checked = forms.BooleanField(label=_("Identity checked"), required=False)
    references_checked = forms.BooleanField(label=_("References checked"), required=False)
    conflict_checked = forms.BooleanField(label=_("No conflict of interest"), required=False)


class DecisionForm(forms.Form):
    """A decision on an application; `reason` is mailed to the applicant (required to return or decline)."""

    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", pgettext_lazy("expert application", "Accept")),
        ("return", pgettext_lazy("expert application", "Return for more information")),
        ("decline", pgettext_lazy("expert application", "Decline"))])
    reason = forms.CharField(label=_("Reason (mailed to the applicant)"), required=False, max_length=5_000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    programme = forms.ChoiceField(label=_("Programme of the expert"), choices=(), required=False,
                                  help_text=_("On acceptance: the programme the expert is registered for."))
    hourly_fee = YenField(label=_("Fee per hour (yen)"), required=False, min_value=0, max_value=1_000_000,
                          help_text=_("On acceptance: the fee the registry records."))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Programme.choices)
        self.fields["programme"].choices = [(p, labels.get(p, p)) for p in application.programmes]

    def clean(self):
        data = super().clean()
        if data.get("action") == "accept":
            if not data.get("programme"):
                self.add_error("programme", _("Choose the programme of the expert."))
            if data.get("hourly_fee") is None:
                self.add_error("hourly_fee", _("Give the fee per hour in yen."))
        return data
