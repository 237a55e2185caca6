"""Input of the request pages: the form asks what each kind needs."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core import rules as core_rules
from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, WORKING_ROLES, OrgKind
from kizuna.core.forms import BoundedDateField, CountryField
from kizuna.core.models import CoveredCountry, Membership, Organisation
from kizuna.core.threads.forms import MessageForm as ThreadMessageForm

from . import businesstime
from .enums import KIND_NEEDS, KIND_OPTIONS, MAX_MINUTES, Kind

DATE = forms.DateInput(attrs={"type": "date"})


class SeveralFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SeveralFilesField(forms.FileField):
    """Any number of files from one input (`<input type=file multiple>`); cleans to a list, empty when none.
    Each file is checked as a FileField checks one (a name, not empty); sizes and count are the service's."""

    widget = SeveralFilesInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(SeveralFilesField, self).clean(upload, initial) for upload in uploads if upload]


def _files_field():
    return SeveralFilesField(label=_("Files (optional; choose several at once if needed)"))


def covered_offices() -> dict[str, str]:
    """Each country an overseas office covers, with the office's name in the user's language."""
    return {c.country: c.office.display_name for c in CoveredCountry.objects.select_related("office")
            .filter(office__is_active=True)}


def requester_choices(user):
    kinds = LOCAL_GOVERNMENT_KINDS | {OrgKind.ASSOCIATION}
    if getattr(user, "is_superuser", False):
        return Organisation.objects.filter(kind__in=kinds)
    return Organisation.objects.filter(pk__in=[o.pk for o in core_rules.working_orgs(user, kinds)])


class RequestForm(forms.Form):
    requester = forms.ModelChoiceField(label=pgettext_lazy("requester", "On behalf of"),
                                       queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What you need"), widget=forms.Textarea(attrs={"rows": 4}))
    country = CountryField(label=_("Country"), required=False, codes=lambda: covered_offices(),
                           help_text=_("The overseas office that covers the country handles the request."))
    starts_on = BoundedDateField(label=_("From"), required=False, widget=DATE)
    ends_on = BoundedDateField(label=_("Until"), required=False, widget=DATE)
    people = forms.CharField(label=_("People (who travels or attends)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(label=_("Purpose and whom you want to meet"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    for_promotion = forms.BooleanField(
        label=_("For an exhibition or PR (tourism, local products)"), required=False,
        help_text=_("Booths, fairs and promotion of tourism or products: the plan counts this support apart."))
    questions = forms.CharField(label=_("Research questions"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    theme = forms.CharField(label=_("Theme"), max_length=100, required=False)
    wanted_by = BoundedDateField(label=_("Answer wanted by"), required=False, widget=DATE)
    file = _files_field()

    def __init__(self, *args, user, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["requester"].queryset = requester_choices(user)
        only = list(self.fields["requester"].queryset[:2])
        if len(only) == 1:  # the one organisation the person works for is chosen already
            self.fields["requester"].initial = only[0].pk
            self.fields["requester"].empty_label = None
        needs = set(KIND_NEEDS[Kind(kind)])
        for name in list(self.fields):
            if name in {"requester", "title", "description", "file"}:
                continue
            if name in KIND_OPTIONS.get(Kind(kind), ()):
                continue
            if name not in needs:
                del self.fields[name]
            else:
                self.fields[name].required = True


class MessageForm(ThreadMessageForm):
    """The thread's form (kizuna/core/threads) with the request's extras: the staff's time spent, and files."""

    minutes = forms.IntegerField(label=_("Time spent (minutes, optional)"), required=False, min_value=1,
                                 max_value=MAX_MINUTES, help_text=_("Staff only: the office's workload."))
    file = _files_field()

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, staff=staff, internal_label=_("Internal note (not shown to the requester)"),
                         **kwargs)
        if not staff:
            del self.fields["minutes"]


def office_choices():
    return Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE, is_active=True).order_by("name")


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Organisation.objects.none())
    assignee = forms.ModelChoiceField(label=_("Handled by (optional)"), required=False,
                                      queryset=Membership.objects.none())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = office_choices()
        self.fields["assignee"].queryset = (Membership.objects.active().select_related("person", "organisation")
                                            .filter(organisation__kind=OrgKind.OVERSEAS_OFFICE,
                                                    role__in=WORKING_ROLES))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    deliverable = forms.CharField(label=_("Answer / deliverable"), widget=forms.Textarea(attrs={"rows": 6}))
    file = _files_field()


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you?"), coerce=int,
                                    choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    publish = forms.BooleanField(label=_("Publish this answer"), required=False)
    title = forms.CharField(label=_("Public title"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Public title (English)"), max_length=200, required=False)
    summary = forms.CharField(label=_("Public summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    summary_en = forms.CharField(label=_("Public summary (English)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    answer = forms.BooleanField(label=_("Publish the answer's text in the library too"), required=False)
    files = forms.TypedMultipleChoiceField(label=_("Files published with the answer"), required=False, coerce=int,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].choices = [(a.pk, a.name) for a in attachments]
        if not attachments:
            del self.fields["files"]


def holiday_countries() -> frozenset[str]:
    return frozenset(businesstime.supported_countries())


WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class OfficeHoursForm(forms.Form):
    opens = forms.TimeField(label=_("Opens (office time)"),
                            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(label=_("Closes (office time)"),
                             widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    # Not required here: the service refuses no working day together with its other checks.
    weekdays = forms.TypedMultipleChoiceField(label=_("Working days"), choices=WEEKDAYS, coerce=int,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    holiday_country = CountryField(
        label=_("Country whose public holidays the office keeps"), required=False, codes=holiday_countries,
        help_text=_("Empty: the first country the office covers."))


QUARTERS = [(1, _("Q1 (April–June)")), (2, _("Q2 (July–September)")), (3, _("Q3 (October–December)")),
            (4, _("Q4 (January–March)"))]


class ReportFilterForm(forms.Form):
    """The report's period (a fiscal year, or one quarter of it), office (of those the person may see) and kind.
    A value out of range or not offered is refused beside its field."""

    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("Whole year")), *QUARTERS])
    office = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = {o.pk: o for o in offices}
        self.fields["office"].choices = [("", _("All offices")), *((o.pk, o.display_name)
                                                                   for o in self.offices.values())]

    def chosen_offices(self) -> list:
        office = self.cleaned_data.get("office")
        return [self.offices[office]] if office else list(self.offices.values())
