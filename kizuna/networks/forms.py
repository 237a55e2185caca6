"""Input validation for the networks' pages. Business rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import BoundedDateField

from .enums import Channel, Language, PortalField, Region
from .models import Consultation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _multiple(label, choices, help_text=""):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text)


class FilterForm(forms.Form):
    """The filters of a public directory: a name, a prefecture, a field (and for NGOs a language)."""

    q = forms.CharField(label=_("Name (kanji, kana or romaji)"), max_length=100, required=False)
    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False,
                              choices=[("", _("All fields")), *PortalField.choices])

    def __init__(self, *args, prefectures=(), language=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = [("", _("All prefectures")),
                                             *[(p.code[:2], str(p)) for p in prefectures]]
        if language:
            self.fields["language"] = forms.ChoiceField(label=_("Language"), required=False,
                                                        choices=[("", _("All languages")), *Language.choices])


class ManagerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_kana = forms.CharField(label=_("Name (kana)"), max_length=100, required=False)
    name_romaji = forms.CharField(label=_("Name (romaji)"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    affiliation = forms.CharField(label=_("Affiliation (when not in the directory)"), max_length=200,
                                  required=False)
    certified_year = forms.IntegerField(label=_("Certified in fiscal year"), min_value=1990, max_value=2100)
    certified_on = forms.DateField(label=_("Certified on"), required=False, widget=DATE)
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), queryset=None)
    fields = _multiple(_("Fields"), PortalField.choices)
    email = forms.EmailField(label=_("Contact email (network only)"), required=False)
    person_email = forms.EmailField(label=_("Their account in Kizuna (email)"), required=False,
                                    help_text=_("Linked, they give or withdraw their consents themselves."))

    def __init__(self, *args, organisations, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["prefecture"].queryset = prefectures


class ConsentForm(forms.Form):
    listed = forms.BooleanField(label=_("List me in the public directory (name, organisation, prefecture, "
                                        "fields and year)"), required=False)
    network = forms.BooleanField(label=_("Join the managers' network (the other managers who joined see my "
                                         "contact address)"), required=False)


class CertifyForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Training"), queryset=None,
                                   help_text=_("A training that gives a certificate of completion, ended."))

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class ProfileForm(forms.Form):
    """The fields an association and an NGO share."""

    fields = _multiple(_("Fields"), PortalField.choices)
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Contact email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    is_listed = forms.BooleanField(label=_("Listed in the public directory"), required=False, initial=True)


class AssociationForm(ProfileForm):
    recognised_on = forms.DateField(label=_("Recognised by the Minister on"), required=False, widget=DATE)
    area = forms.ModelChoiceField(label=_("Area served"), queryset=None,
                                  help_text=_("The prefecture or the designated city the association serves."))
    field_order = ["organisation", "recognised_on", "area"]

    def __init__(self, *args, areas, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if associations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(label=_("Association"), queryset=associations)
            self.order_fields(self.field_order)


class NgoForm(ProfileForm):
    regions = _multiple(_("Regions of activity"), Region.choices)
    languages = _multiple(_("Languages"), Language.choices)
    activities = forms.CharField(label=_("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                 max_length=10_000)


class NewNgoForm(NgoForm):
    """Registering an NGO: staff choose their own; headquarters may add one that is not in Kizuna yet."""

    organisation = forms.ModelChoiceField(label=_("NGO / NPO"), queryset=None, required=False)
    name = forms.CharField(label=_("Name of a new NGO"), max_length=200, required=False,
                           help_text=_("Only when it is not in the list."))
    name_kana = forms.CharField(label=_("Name (kana)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), queryset=None, required=False)
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")
    field_order = ["organisation", "name", "name_kana", "name_en", "prefecture", "website"]

    def __init__(self, *args, organisations, prefectures, may_add, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["prefecture"].queryset = prefectures
        if not may_add:
            for name in ("name", "name_kana", "name_en", "prefecture", "website"):
                del self.fields[name]
            self.fields["organisation"].required = True
        self.order_fields(self.field_order)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["received_on", "channel", "asker_name", "asker_contact", "ngo", "subject", "question", "field"]
        widgets = {"received_on": DATE, "question": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"received_on": BoundedDateField}

    def __init__(self, *args, ngos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ngo"].queryset = ngos
        self.fields["field"] = forms.ChoiceField(label=_("Field"), required=False,
                                                 choices=[("", "—"), *PortalField.choices])
        self.fields["channel"].choices = Channel.choices


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer given"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))


class CaseNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
