from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import normalise_code, validate_lgcode
from .enums import USER_CREATABLE_KINDS, OrgKind, Role
from .models import Organisation


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Name, kana, English or code")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices])
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), required=False,
                                        queryset=Organisation.objects.filter(kind=OrgKind.PREFECTURE),
                                        empty_label=_("All prefectures"))


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
