"""Input of the sign builder, the boards, packs, proposals and reviews. Messages are in the caller's language."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import LANGUAGE_CODES, LANGUAGES, MAX_LANGUAGES, PRESETS, Orientation, PageSize
from .models import Category, Message, Purpose
from .pictograms import pictogram_choices
from .signs import SignSpec

DETAIL_LIMITS = {"shelter": 40, "floor": 20, "times": 40, "note": 80}


def language_choices():
    return [(lang.code, f"{lang.native} ({lang.name})") for lang in LANGUAGES.values()]


class LanguagesField(forms.MultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a language code Kizuna knows. Use one of: %(codes)s."),
    }

    def __init__(self, **kwargs):
        super().__init__(choices=language_choices, **kwargs)

    def validate(self, value):
        for code in value or []:
            if code not in LANGUAGES:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": code, "codes": ", ".join(LANGUAGE_CODES)})
        super().validate(value)


def check_languages(codes: list[str]) -> list[str]:
    if len(codes) > MAX_LANGUAGES:
        raise ValidationError(
            _("A sign holds at most %(max)d languages; %(count)d were chosen."),
            code="too_many_languages", params={"max": MAX_LANGUAGES, "count": len(codes)})
    return codes


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Keyword (any language)"), required=False, max_length=100)
    category = forms.ModelChoiceField(Category.objects.all(), label=pgettext_lazy("sign message", "Category"),
                                      required=False, to_field_name="key")
    purpose = forms.ModelChoiceField(Purpose.objects.all(), label=_("Purpose"), required=False,
                                     to_field_name="key")


class SignForm(forms.Form):
    m = forms.ModelMultipleChoiceField(Message.objects.none(), label=_("Messages"), required=False)
    lang = LanguagesField(label=_("Languages (up to 5)"), required=False)
    preset = forms.ChoiceField(label=_("Or a preset language set"), required=False,
                               choices=[("", "—")] + [(k, " / ".join(v)) for k, v in PRESETS.items()])
    shelter = forms.CharField(label=_("Shelter name"), required=False, max_length=DETAIL_LIMITS["shelter"])
    floor = forms.CharField(label=_("Floor or room"), required=False, max_length=DETAIL_LIMITS["floor"])
    times = forms.CharField(label=_("Times"), required=False, max_length=DETAIL_LIMITS["times"])
    note = forms.CharField(label=_("Other local detail"), required=False, max_length=DETAIL_LIMITS["note"])
    size = forms.ChoiceField(label=_("Paper"), choices=PageSize.choices, initial=PageSize.A4, required=False)
    orientation = forms.ChoiceField(label=pgettext_lazy("paper", "Orientation"), choices=Orientation.choices,
                                    required=False, initial=Orientation.PORTRAIT)
    reviewed_only = forms.BooleanField(label=_("Reviewed translations only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["m"].queryset = Message.objects.visible_to(user)
        self.fields["m"].error_messages["invalid_choice"] = _("Message %(value)s does not exist.")
        self.fields["m"].error_messages["invalid_pk_value"] = _("“%(pk)s” is not a message number.")

    def clean_lang(self):
        return check_languages(self.cleaned_data.get("lang") or [])

    # Set by `clean` when no language was chosen and the standard set is used: the page says so.
    standard_used = False

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("lang") and not data.get("preset"):
            data["lang"] = list(PRESETS["standard"])
            self.standard_used = True
        elif data.get("preset") and not data.get("lang"):
            data["lang"] = list(PRESETS[data["preset"]])
        if not self.errors and not data.get("m"):
            self.add_error("m", _("Choose at least one message."))
        return data

    def spec(self) -> SignSpec:
        d = self.cleaned_data
        return SignSpec(
            message_ids=tuple(m.pk for m in d["m"]), languages=tuple(d["lang"]),
            size=d.get("size") or PageSize.A4, orientation=d.get("orientation") or Orientation.PORTRAIT,
            reviewed_only=bool(d.get("reviewed_only")),
            details={k: d[k] for k in DETAIL_LIMITS if d.get(k)})


class PaperForm(forms.Form):
    """Paper of a printable sheet that has no other choices (the language board)."""

    size = SignForm.base_fields["size"]
    orientation = SignForm.base_fields["orientation"]
    format = forms.ChoiceField(required=False, choices=[("", "—"), ("pdf", "PDF"), ("docx", "Word (.docx)")],
                               label=_("Format"))


class ProposalForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    text = forms.CharField(label=_("Translation"), max_length=400, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For Easy Japanese, write readings as {漢字|かんじ}."))
    method = forms.ChoiceField(label=_("How it was made"), choices=[
        ("human", _("I wrote or checked it myself")), ("machine", _("Machine translation"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")),
                                        ("reject", pgettext_lazy("translation review", "Reject"))])
    native_reviewed = forms.BooleanField(
        label=_("I am a native speaker of this language and checked this text"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PackForm(forms.Form):
    lang = LanguagesField(label=_("Languages (up to 5)"), required=False)
    preset = SignForm.base_fields["preset"]
    size = SignForm.base_fields["size"]
    orientation = SignForm.base_fields["orientation"]
    reviewed_only = forms.BooleanField(label=_("Reviewed translations only"), required=False)

    def clean_lang(self):
        return check_languages(self.cleaned_data.get("lang") or [])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("lang"):
            data["lang"] = list(PRESETS.get(data.get("preset") or "standard"))
        return data


class CustomMessageForm(forms.Form):
    category = forms.ModelChoiceField(Category.objects.all(), label=pgettext_lazy("sign message", "Category"),
                                      to_field_name="key")
    ja = forms.CharField(label=_("Japanese"), max_length=400)
    en = forms.CharField(label=_("English"), max_length=400, required=False)
    pictogram = forms.ChoiceField(label=_("Pictogram"), required=False,
                                  help_text=_("Printed on the sign instead of the category's pictogram."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pictogram"].choices = [("", _("The category's pictogram"))] + pictogram_choices()


NAME_LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]  # in the reader's language, as the page
MAX_PICTOGRAMS = 60


class PictogramSheetForm(forms.Form):
    """The pictograms of a printed sheet, and whether their names go under them (Japanese, English or both)."""

    p = forms.MultipleChoiceField(label=_("Pictograms"), choices=pictogram_choices)
    names = forms.MultipleChoiceField(label=_("Names under the symbols"), choices=NAME_LANGUAGES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    layout = forms.ChoiceField(label=_("Layout"), required=False, initial="page", choices=[
        ("page", _("One large symbol per page")), ("grid", _("Several symbols on a page"))])
    size = SignForm.base_fields["size"]
    orientation = SignForm.base_fields["orientation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["p"].error_messages.update({
            "invalid_choice": _("“%(value)s” is not a pictogram of the library."),
            "required": _("Choose at least one pictogram.")})
        self.fields["names"].error_messages["invalid_choice"] = _(
            "Names are printed in Japanese (ja) or English (en), not “%(value)s”.")

    def clean_p(self):
        keys = list(dict.fromkeys(self.cleaned_data["p"]))
        if len(keys) > MAX_PICTOGRAMS:
            raise ValidationError(_("A sheet holds at most %(max)d pictograms; %(count)d were chosen."),
                                  code="too_many", params={"max": MAX_PICTOGRAMS, "count": len(keys)})
        return keys
