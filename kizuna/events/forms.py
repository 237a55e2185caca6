"""Page input: list filters, registration answers, check-in codes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Organisation

from .enums import Audience, EventKind, Format
from .queries import EventFilters


class FilterForm(forms.Form):
    area = forms.CharField(label=_("Area (prefecture code or country code)"), max_length=6, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), required=False, queryset=Organisation.objects.clair())
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("", "—"), *Format.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *EventKind.choices])
    audience = forms.ChoiceField(label=_("Audience"), required=False, choices=[("", "—"), *Audience.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def choice_fields(self) -> list[dict]:
        """name, label, (value, label) options and the current value of each choice filter, for a hand-written
        <select> (the list page renders them on every request)."""
        out = []
        for name in ("organiser", "format", "kind", "audience"):
            field = self.fields[name]
            if name == "organiser":
                options = [("", "—")] + [(str(o.pk), o.display_name) for o in field.queryset]
            else:
                options = [(str(v), str(label)) for v, label in field.choices]
            current = self.data.get(name, "") if self.is_bound else ""
            out.append({"name": name, "label": field.label, "options": options, "current": str(current)})
        return out

    def filters(self) -> EventFilters:
        if not self.is_valid():
            return EventFilters()
        d = self.cleaned_data
        return EventFilters(area=d["area"], organiser=d["organiser"].pk if d["organiser"] else None,
                            format=d["format"], kind=d["kind"], audience=d["audience"], date_from=d["date_from"],
                            date_to=d["date_to"])


class RegistrationForm(forms.Form):
    """The event's own questions, and the sessions to attend when there are several."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        for q in event.questions:
            self.fields[f"q_{q['key']}"] = forms.CharField(label=q.get("label", q["key"]), max_length=2000,
                                                           required=bool(q.get("required")))
        sessions = list(event.sessions.all())
        if len(sessions) > 1:
            self.fields["sessions"] = forms.MultipleChoiceField(
                label=_("Sessions (none chosen: all)"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(s.pk, f"{s} ({s.starts_at:%Y-%m-%d %H:%M})") for s in sessions])

    def answers(self) -> dict:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("q_")}

    def session_ids(self) -> list[int]:
        return [int(x) for x in self.cleaned_data.get("sessions") or []]


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True,
                                                         "inputmode": "text", "autocapitalize": "characters"}))


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Attendance CSV exported from the webinar tool"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("Overall satisfaction"), coerce=int, widget=forms.RadioSelect,
                                          choices=[(n, str(n)) for n in range(5, 0, -1)])

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        for q in event.survey_questions:
            if q.get("kind") == "rating":
                self.fields[f"q_{q['key']}"] = forms.TypedChoiceField(
                    label=q["label"], coerce=int, widget=forms.RadioSelect, required=False,
                    choices=[(n, str(n)) for n in range(5, 0, -1)])
            else:
                self.fields[f"q_{q['key']}"] = forms.CharField(label=q["label"], required=False, max_length=2000,
                                                               widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("q_") and v not in ("", None)}


class ColleaguesForm(forms.Form):
    people = forms.ModelMultipleChoiceField(label=_("Colleagues to register"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation, **kwargs):
        from kizuna.core.models import User

        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = User.objects.filter(
            memberships__organisation=organisation, memberships__ended_at__isnull=True).distinct().order_by("email")


class EventForm(forms.ModelForm):
    """Staff create an event for one of their CLAIR organisations (headquarters: any of them)."""

    online_url = forms.URLField(label=_("online link (confirmed registrants only)"), required=False,
                                assume_scheme="https")

    class Meta:
        from .models import Event

        model = Event
        fields = ["organiser", "programme", "kpi_series", "kind", "format", "title", "title_en", "title_kana",
                  "description", "description_en", "venue_name", "venue_address", "venue_timezone", "country",
                  "online_url", "starts_at", "ends_at", "audience", "mode", "opens_at", "closes_at", "capacity",
                  "waiting_list", "offer_hours", "fee", "contact", "gives_certificate", "is_public",
                  "is_published"]
        widgets = {name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
                   for name in ("starts_at", "ends_at", "opens_at", "closes_at")}

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers

    def clean_venue_timezone(self):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        value = self.cleaned_data["venue_timezone"]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Unknown time zone (e.g. Asia/Tokyo, America/New_York).")) from None
        return value
