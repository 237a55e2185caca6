"""Page input: list filters, registration answers, check-in codes."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import BoundedDateField, BoundedDateTimeField, TypedOrganisationForm
from kizuna.core.models import Organisation, User

from .enums import Audience, EventKind, Format
from .models import Material
from .queries import EventFilters
from .series import BOOTH, EVENT, series_choices


class FilterForm(forms.Form):
    area = forms.CharField(label=_("Area (prefecture code or country code)"), max_length=6, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), required=False, queryset=Organisation.objects.clair())
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("", "—"), *Format.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *EventKind.choices])
    audience = forms.ChoiceField(label=_("Audience"), required=False, choices=[("", "—"), *Audience.choices])
    date_from = BoundedDateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

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


def question_label(question: dict) -> str:
    """A registration question's label in the reader's language (Japanese when there is no English)."""

    if get_language() == "en" and question.get("label_en"):
        return question["label_en"]
    return question.get("label") or question["key"]


class RegistrationForm(forms.Form):
    """The event's own questions, and the sessions to attend when there are several."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        for q in event.questions:
            self.fields[f"q_{q['key']}"] = forms.CharField(label=question_label(q), max_length=2000,
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


class GuestForm(RegistrationForm):
    """Registering without an account: who one is, then the event's questions and sessions."""

    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email address"), max_length=254,
                             help_text=_("We send a link there to confirm your registration."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    affiliation = forms.CharField(label=_("Organisation"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    language = forms.ChoiceField(label=_("Language of our mails"), choices=[("ja", "日本語"), ("en", "English")])

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("language", "en" if get_language() == "en" else "ja")
        super().__init__(*args, event=event, **kwargs)
        order = ["name", "email", "affiliation", "language"]
        self.order_fields(order + [name for name in self.fields if name not in order])


class AnswersForm(RegistrationForm):
    """Changing one's answers (and, registered without an account, one's organisation); sessions stay."""

    def __init__(self, *args, registration, **kwargs):
        initial = {f"q_{key}": value for key, value in (registration.answers or {}).items()}
        super().__init__(*args, event=registration.event, initial=initial, **kwargs)
        self.fields.pop("sessions", None)
        if registration.by_link:
            self.fields["affiliation"] = forms.CharField(label=_("Organisation"), max_length=200, required=False,
                                                         initial=registration.affiliation)

    def affiliation(self) -> str | None:
        return self.cleaned_data.get("affiliation") if "affiliation" in self.fields else None


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True,
                                                         "inputmode": "text", "autocapitalize": "characters"}))


class LeadForm(forms.Form):
    """A visitor's code scanned (or typed) at the booth, with how interested they were and a note."""

    code = forms.CharField(label=_("Visitor's code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    interest = forms.ChoiceField(label=_("Interest"), choices=[("high", pgettext_lazy("interest", "High")),
                                                               ("medium", pgettext_lazy("interest", "Medium")),
                                                               ("low", pgettext_lazy("interest", "Low"))],
                                 initial="medium", widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


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

        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = User.objects.filter(
            memberships__organisation=organisation, memberships__ended_at__isnull=True).distinct().order_by("email")


EVENT_TIMES = ("starts_at", "ends_at", "opens_at", "closes_at")


def typed_in_zone(value, zone: str):
    """A time typed as the wall-clock time of `zone` (the form field read it in Japan time, the site's)."""
    if value is None:
        return None
    return timezone.make_aware(timezone.make_naive(value), ZoneInfo(zone))


def shown_in_zone(value, zone: str):
    """The wall-clock time of `zone` to put in a form field (a naive value is shown as it is)."""
    if value is None or timezone.is_naive(value):
        return value
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


class EventForm(forms.ModelForm):
    """Staff create an event for one of their CLAIR organisations (headquarters: any of them). Its times are
    typed in the venue's time zone (an office abroad thinks in its own time); pages show them in both."""

    online_url = forms.URLField(label=_("online link (confirmed registrants only)"), required=False,
                                assume_scheme="https")

    class Meta:
        from .models import Event

        model = Event
        fields = ["organiser", "programme", "kpi_series", "kind", "format", "title", "title_en", "title_kana",
                  "description", "description_en", "venue_name", "venue_address", "venue_timezone", "country",
                  "online_url", "starts_at", "ends_at", "audience", "mode", "opens_at", "closes_at", "capacity",
                  "waiting_list", "offer_hours", "fee", "contact", "gives_certificate", "guests_may_register",
                  "is_public", "is_published"]
        widgets = {name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
                   for name in ("starts_at", "ends_at", "opens_at", "closes_at")}
        field_classes = {name: BoundedDateTimeField for name in ("starts_at", "ends_at", "opens_at", "closes_at")}

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["kpi_series"] = _series_field(EVENT, self.instance.starts_at if self.instance.pk else None,
                                                  self.instance.kpi_series)
        zone = self.instance.venue_timezone or "Asia/Tokyo"
        for name in EVENT_TIMES:
            self.fields[name].help_text = _("In the venue's time zone.")
            if self.instance.pk:
                self.initial[name] = shown_in_zone(getattr(self.instance, name), zone)

    def clean(self):
        data = super().clean()
        zone = data.get("venue_timezone")
        if zone:  # a valid zone (clean_venue_timezone): the times were typed in it
            for name in EVENT_TIMES:
                data[name] = typed_in_zone(data.get(name), zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data

    def clean_venue_timezone(self):

        value = self.cleaned_data["venue_timezone"]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Unknown time zone (e.g. Asia/Tokyo, America/New_York).")) from None
        return value


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    """A session of an event; its times are typed in the event venue's time zone (`zone`)."""

    title = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    starts_at = BoundedDateTimeField(label=_("Starts at"), widget=DATETIME, help_text=_("In the venue's time zone."))
    ends_at = BoundedDateTimeField(label=_("Ends at"), widget=DATETIME, help_text=_("In the venue's time zone."))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, max_value=1_000_000, required=False,
                                  help_text=_("Empty: no limit."))

    def __init__(self, *args, zone: str = "Asia/Tokyo", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        for name in ("starts_at", "ends_at"):
            self.initial[name] = shown_in_zone(self.initial.get(name), zone)

    def clean(self):
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            data[name] = typed_in_zone(data.get(name), self.zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The session cannot end before it starts."))
        return data


class KeyedItemForm(forms.Form):
    """One item of a list kept as JSON on its parent (a registration question, a checklist item): the hidden
    key ties it to what was already answered or ticked."""

    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    label = forms.CharField(label=_("Label (Japanese)"), max_length=200)


class QuestionForm(KeyedItemForm):
    label_en = forms.CharField(label=_("Label (English)"), max_length=200, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)


class ChecklistItemForm(KeyedItemForm):
    due = BoundedDateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def keyed_items_formset(form_class, *, max_num: int):
    return forms.formset_factory(form_class, extra=2, can_delete=True, max_num=max_num, validate_max=True,
                                 absolute_max=max_num)


QuestionFormSet = keyed_items_formset(QuestionForm, max_num=30)
ChecklistFormSet = keyed_items_formset(ChecklistItemForm, max_num=30)


def kept_items(formset) -> list[dict]:
    """The filled, undeleted rows of a keyed-items formset, in order."""
    return [f.cleaned_data for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("label")]


def checklist_initial(items: list[dict]) -> list[dict]:

    return [{"key": i["key"], "label": i["label"], "due": date.fromisoformat(i["due"]) if i.get("due") else None}
            for i in items]


class CopyEventForm(forms.Form):
    """When the copy starts, in the venue's time zone; every other time moves with it."""

    starts_at = BoundedDateTimeField(label=_("The copy starts"), widget=DATETIME,
                                     help_text=_("In the venue's time zone. The end, the sessions and registration "
                                                 "opening and closing move by as much."))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = event.venue_timezone

    def clean_starts_at(self):
        return typed_in_zone(self.cleaned_data["starts_at"], self.zone)


class MaterialForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("of a document", "Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    upload = forms.FileField(label=_("File"), required=False,
                             help_text=_("PDF, PNG, JPEG, Word or Excel, at most 20 MB."))
    url = forms.URLField(label=_("Or a link"), required=False, max_length=500, assume_scheme="https",
                         help_text=_("A recording on a video service, for example."))
    before_the_event = forms.BooleanField(label=_("Share it before the event"), required=False,
                                          help_text=_("Otherwise the participants see it once the event has ended."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Material.Kind.choices


class CoOrganiserForm(TypedOrganisationForm):
    """A co-organiser, typed as in the directory."""


class InviteesForm(forms.Form):
    emails = forms.CharField(label=_("E-mail addresses to invite (one a line)"), max_length=20_000,
                             widget=forms.Textarea(attrs={"rows": 4}))

    def clean_emails(self):

        emails = [e.strip() for e in self.cleaned_data["emails"].replace(",", "\n").splitlines() if e.strip()]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(_("Not e-mail addresses: %(emails)s.") % {"emails": ", ".join(bad[:10])})
        if len(emails) > 500:
            raise forms.ValidationError(_("At most 500 addresses at once."))
        return emails


def _series_field(what: str, when, current: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("plan KPI series"), required=False, choices=series_choices(what, when, current),
        help_text=_("The plan's KPIs that count it. Choose none if the plan does not count it."))


class BoothForm(forms.ModelForm):
    """A joint booth at a fair abroad; its application deadline is for municipalities in Japan: Japan time."""

    class Meta:
        from .models import Booth

        model = Booth
        fields = ["name", "description", "slots", "cost_share", "applications_close", "kpi_series"]
        widgets = {"applications_close": DATETIME}
        field_classes = {"applications_close": BoundedDateTimeField}
        help_texts = {"applications_close": _("Japan time (JST): the municipalities applying are in Japan.")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi_series"] = _series_field(BOOTH, event.starts_at, self.instance.kpi_series)
