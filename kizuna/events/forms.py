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

from . import questions
from .enums import OPTION_TYPES, Audience, EventKind, Format, QuestionType
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


def _answer_field(question: dict) -> forms.Field:
    kind = question["type"]
    if kind == QuestionType.LONG_TEXT:
        return forms.CharField(max_length=questions.LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    if kind == QuestionType.CHOICE:
        return forms.ChoiceField(widget=forms.RadioSelect, choices=_option_choices(question))
    if kind == QuestionType.CHOICES:
        return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=_option_choices(question))
    if kind == QuestionType.NUMBER:
        return forms.IntegerField(min_value=question["min"], max_value=question["max"])
    if kind == QuestionType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    if kind == QuestionType.YES_NO:
        return forms.ChoiceField(widget=forms.RadioSelect, choices=[("yes", _("Yes")), ("no", _("No"))])
    if kind == QuestionType.FILE:
        return forms.FileField(help_text=_("PDF, PNG, JPEG, Word or Excel, at most 20 MB."))
    return forms.CharField(max_length=questions.TEXT_MAX)


def _option_choices(question: dict) -> list[tuple[str, str]]:
    return [(o["key"], questions.option_label(question, o["key"])) for o in question["options"]]


def answer_fields(event) -> dict[str, forms.Field]:
    """The fields of the event's questions, by form field name (`questions.field_name`), in the reader's
    language: the one set of answer fields of every registration form. A question shown on a condition is not
    required by the form (its help says when to answer it); `services.registering._clean_answers` decides."""
    asked = questions.questions_of(event)
    fields = {}
    for question in asked:
        field = _answer_field(question)
        field.label = questions.label(question)
        field.required = question["required"] and not question["condition"]
        shown_when = questions.condition_text(question, asked)
        if shown_when:
            field.help_text = f"{shown_when} {field.help_text}".strip()
            condition = question["condition"]
            field.widget.attrs |= {"data-shown-on": questions.field_name(condition["question"]),
                                   "data-shown-answer": condition["answer"]}
        fields[questions.field_name(question["key"])] = field
    return fields


class RegistrationForm(forms.Form):
    """The event's own questions, and the sessions to attend when there are several."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(answer_fields(event))
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
        initial = {questions.field_name(key): ("yes" if value else "no") if isinstance(value, bool) else value
                   for key, value in (registration.answers or {}).items()}
        super().__init__(*args, event=registration.event, initial=initial, **kwargs)
        self.fields.pop("sessions", None)
        for question in questions.questions_of(registration.event):  # files stay as given when registering
            if question["type"] == QuestionType.FILE:
                self.fields.pop(questions.field_name(question["key"]), None)
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
    """A registration question in the editor: its type, its options one a line, a number's limits, and the
    earlier question's answer it is shown on (`conditions`: the choices of the saved questions)."""

    label_en = forms.CharField(label=_("Label (English)"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type of answer"), choices=QuestionType.choices,
                             required=False)  # none given: text, as before questions had types
    required = forms.BooleanField(label=_("Answer required"), required=False)
    options = forms.CharField(
        label=_("Options"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the choice types: one option a line, in Japanese, then “|” and its English if wanted "
                    "(e.g. 英語 | English)."))
    min = forms.IntegerField(label=_("Smallest number allowed"), required=False, min_value=-questions.NUMBER_LIMIT,
                             max_value=questions.NUMBER_LIMIT, help_text=_("For a number: empty for no limit."))
    max = forms.IntegerField(label=_("Largest number allowed"), required=False, min_value=-questions.NUMBER_LIMIT,
                             max_value=questions.NUMBER_LIMIT, help_text=_("For a number: empty for no limit."))
    condition = forms.ChoiceField(
        label=_("Shown only when"), required=False,
        help_text=_("The answer of an earlier yes/no or choice question (saved already) that shows this one; "
                    "otherwise it is always asked."))

    def __init__(self, *args, conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [("", _("Always asked")), *conditions]

    def clean_options(self):
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
        options = []
        for line in lines:
            label, _bar, label_en = line.partition("|")
            options.append({"label": label.strip()[:200], "label_en": label_en.strip()[:200]})
        return options

    def clean(self):
        data = super().clean()
        kind = data["type"] = data.get("type") or QuestionType.TEXT
        if kind in OPTION_TYPES and len(data.get("options") or []) < 2:
            self.add_error("options", _("Give at least two options, one a line."))
        if kind not in OPTION_TYPES:
            data["options"] = []
        if kind != QuestionType.NUMBER:
            data["min"] = data["max"] = None
        elif data.get("min") is not None and data.get("max") is not None and data["min"] > data["max"]:
            self.add_error("max", _("The largest number cannot be below the smallest."))
        question, _eq, answer = (data.get("condition") or "").partition("=")
        data["condition"] = {"question": question, "answer": answer} if question else None
        return data


def condition_choices(saved: list[dict]) -> list[tuple[str, str]]:
    """question=answer, "“label” is “answer”", for each answer of the saved yes/no and choice questions."""
    out = []
    for question in map(questions.normalise, saved):
        if question["type"] == QuestionType.YES_NO:
            answers = ["yes", "no"]
        elif question["type"] in OPTION_TYPES:
            answers = [o["key"] for o in question["options"]]
        else:
            continue
        for answer in answers:
            out.append((f"{question['key']}={answer}", _("“%(question)s” is “%(answer)s”") % {
                "question": questions.label(question),
                "answer": questions.condition_answer_label(question, answer)}))
    return out


def questions_initial(saved: list[dict]) -> list[dict]:
    """The saved questions as the editor's rows (options one a line, the condition as question=answer)."""
    rows = []
    for question in map(questions.normalise, saved):
        condition = question["condition"]
        rows.append({**question, "options": "\n".join(
            f"{o['label']} | {o['label_en']}" if o.get("label_en") else o["label"] for o in question["options"]),
            "condition": f"{condition['question']}={condition['answer']}" if condition else ""})
    return rows


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
