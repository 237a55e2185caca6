import functools
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from .codes import normalise_code, validate_lgcode
from .countries import country_choices
from .dates import EARLIEST, HISTORY_EARLIEST, LATEST, validate_historic, validate_in_window
from .enums import USER_CREATABLE_KINDS, OrgKind, Role
from .models import Organisation
from .queries import directory, directory_version


class KeptChoices(BaseChoiceIterator):
    """Choices already in Django's shape ((value, label) pairs), kept between requests and given to a field as
    they are.

    A field or widget given a list normalises it pair by pair (Django's `normalize_choices`), and a form's fields
    are deep-copied for each form: the directory's 250 countries, 55 chapters and 47 prefectures took 3-5 ms of
    every search before the form was even rendered. An iterator is taken as it is, and this one, never changed
    in place, is shared by every copy."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __getitem__(self, index):
        return self.choices[index]

    def __deepcopy__(self, memo):
        return self


class QuickSelect(forms.Select):
    """A flat <select> whose options are written in Python.

    Django renders every <option> through a template of its own (about 60 µs each): the directory's 47
    prefectures and 14 kinds took 4 ms of every search. The escaped options of the last lists rendered are kept
    (the same 75 offices are on every dashboard). The markup is the same as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        # a model field's choices run a query each time they are iterated (and `list()` asks their length first:
        # a COUNT query more, which `iter()` spares)
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own rendering
        selected = {str(v) for v in self.format_value(value)}
        options = _escaped_options(tuple(("" if v is None else str(v), str(label), isinstance(label, SafeData))
                                         for v, label in choices))
        html = "".join(f'<option value="{v}"{" selected" if raw in selected else ""}>{label}</option>'
                       for raw, v, label in options)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, mark_safe(html))


@functools.lru_cache(maxsize=256)
def _escaped_options(choices: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, str, str], ...]:
    """(value, escaped value, escaped label) of each (value, label already translated, label is safe HTML)."""
    return tuple((v, escape(v), label if safe else escape(label)) for v, label, safe in choices)


class BoundedDateField(forms.DateField):
    """A date in Kizuna's window (kizuna.core.dates); a date picker is limited to it as well."""

    default_validators = [validate_in_window]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if widget.attrs.get("type") == "date":
            attrs.update(min=EARLIEST.isoformat(), max=LATEST.isoformat())
        return attrs


class HistoricDateField(forms.DateField):
    """A date of record that may predate Kizuna's window (from 1900: kizuna.core.dates.validate_historic)."""

    default_validators = [validate_historic]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if widget.attrs.get("type") == "date":
            attrs.update(min=HISTORY_EARLIEST.isoformat(), max=LATEST.isoformat())
        return attrs


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time in Kizuna's window (kizuna.core.dates), by its calendar day as typed."""

    default_validators = [validate_in_window]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if widget.attrs.get("type") == "datetime-local":
            attrs.update(min=f"{EARLIEST.isoformat()}T00:00", max=f"{LATEST.isoformat()}T23:59")
        return attrs


@functools.lru_cache(maxsize=16)
def _prefecture_choices(version: str, language: str) -> tuple[tuple[str, str], ...]:
    """The 47 prefectures (id, name in `language`) as of a `directory_version()`: read once per version and
    language in each process, not on every search."""
    with translation.override(language):
        return tuple((str(p.pk), str(p)) for p in Organisation.objects.filter(kind=OrgKind.PREFECTURE)
                     .only("pk", "name", "name_en"))


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Name, kana, English or code")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect,
                             choices=[("", _("All kinds")), *OrgKind.choices])
    prefecture = forms.TypedChoiceField(label=_("Prefecture"), required=False, coerce=int, empty_value=None,
                                        widget=QuickSelect)

    def __init__(self, *args, version: str | None = None, **kwargs):
        """`version`: the `directory_version()` the caller read already (the prefectures are kept under it)."""
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = [
            ("", _("All prefectures")),
            *_prefecture_choices(version or directory_version(), translation.get_language() or "ja")]


class CodeLookupForm(forms.Form):
    """A local-government code typed anywhere is checked with this field."""

    code = forms.CharField(label=_("Local-government code"), max_length=12)

    def clean_code(self):
        value = self.cleaned_data["code"]
        validate_lgcode(value)
        return normalise_code(value)


class LocalGovernmentCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("label", _("Local-government code"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        validate_lgcode(value)
        return normalise_code(value)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in OrgKind.choices if c[0] in USER_CREATABLE_KINDS])
    name = forms.CharField(label=_("Name (Japanese)"), max_length=200)
    name_kana = forms.CharField(label=_("Name (kana)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), required=False,
                                        queryset=Organisation.objects.filter(kind=OrgKind.PREFECTURE))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Contact email"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors beside their fields, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def organisation_typed(user, typed: str):
    """The organisation a person means by what they typed (its name, code or short name, as the directory finds
    it), or a ValidationError that says what was not found or what was ambiguous."""
    found = directory(user, query=typed)
    best = list(found[:2])
    if not best:
        raise ValidationError(_("No organisation is found by “%(typed)s”.") % {"typed": typed})
    if len(best) > 1 and found.why(best[0]) == found.why(best[1]) and best[0].name != typed:
        raise ValidationError(_("“%(typed)s” could be %(first)s or %(second)s: type its code or full name.")
                              % {"typed": typed, "first": best[0], "second": best[1]})
    return best[0]


class TypedOrganisationForm(forms.Form):
    """An organisation, typed as one would search for it (name, code or short name): `cleaned_data` holds the
    organisation the directory finds (`organisation_typed`)."""

    organisation = forms.CharField(label=_("Organisation"), max_length=100,
                                   help_text=_("Its name, local-government code or short name, as in the directory."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_organisation(self):
        return organisation_typed(self.user, self.cleaned_data["organisation"])


class SearchAliasForm(TypedOrganisationForm):
    """An organisation and its other name."""

    text = forms.CharField(label=_("Also found by"), max_length=100,
                           help_text=_("e.g. クレア本部 for headquarters, 韓国 for the Seoul office."))


class YenField(forms.IntegerField):
    """An amount of whole yen, shown with separators (1,200,000) and read as people type it: 1,200,000,
    １２０００００, ¥1,200,000 or 1,200,000円."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
            for mark in (",", "¥", "\\", "円", " "):
                value = value.replace(mark, "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for bound in ("min", "max", "step"):  # a text box: the bounds are checked on the server, in words
            attrs.pop(bound, None)
        return attrs


class CountryField(forms.ChoiceField):
    """A country chosen from a list named in the user's language (never an ISO code typed by hand), cleaned to
    its ISO 3166 alpha-2 code. `codes` limits the list: codes, or a mapping of each code to a note shown after
    its name (e.g. the office that covers it), or a callable returning either. The names are built each time the
    form is shown, so that they follow the language of the request."""

    widget = QuickSelect
    default_error_messages = {"invalid_choice": _("Choose a country from the list.")}

    def __init__(self, *, codes=None, **kwargs):
        self._codes = codes
        super().__init__(choices=self._country_choices, **kwargs)

    def _country_choices(self):
        codes = self._codes() if callable(self._codes) else self._codes
        notes = codes if isinstance(codes, dict) else {}
        found = [(code, f"{name} — {notes[code]}" if code in notes else name) for code, name in country_choices()
                 if codes is None or code in codes]
        return [("", "---------"), *found]

    def to_python(self, value):
        return super().to_python(value).strip().upper()
