"""Input validation for the alumni pages. Business rules live in the services."""

import functools

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.audit import audit_version
from kizuna.core.cache import RenderCache
from kizuna.core.countries import country_choices
from kizuna.core.forms import BoundedDateField, KeptChoices, QuickSelect
from kizuna.core.models import Organisation
from kizuna.core.queries import directory_version

from .models import Alumnus, Chapter, JobPosting, Mentor


class ProfileForm(forms.ModelForm):
    """The alumnus's own profile: each private field beside the choice of who sees it."""

    class Meta:
        model = Alumnus
        fields = ["full_name_kana", "email", "email_visibility", "city", "city_visibility", "employer",
                  "employer_visibility", "placements_visibility", "photo_visibility"]
        widgets = {name: forms.RadioSelect for name in ("email_visibility", "city_visibility", "employer_visibility",
                                                        "placements_visibility", "photo_visibility")}


class DirectoryForm(forms.Form):
    """The directory's filters; an unknown choice is an error next to its field, not an empty list."""

    name = forms.CharField(label=_("Name or reading"), max_length=100, required=False)
    # QuickSelect: the 350 options through Django's widget templates took a third of every search
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    chapter = forms.ModelChoiceField(label=_("JETAA chapter"), queryset=Chapter.objects.none(), required=False,
                                     widget=QuickSelect)
    prefecture = forms.ModelChoiceField(label=_("Placement prefecture"), queryset=Organisation.objects.none(),
                                        required=False, widget=QuickSelect)
    year = forms.IntegerField(label=_("On the programme in (year)"), min_value=1987, max_value=2100, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _countries(get_language())
        chapters = Chapter.objects.select_related("organisation").order_by("organisation__name")
        prefectures = Organisation.objects.filter(kind="prefecture").order_by("code")
        self.fields["chapter"].queryset, self.fields["prefecture"].queryset = chapters, prefectures
        # the options as kept in the process: the same on every search (a chosen one is still read to check it)
        parts = [get_language(), directory_version(), audit_version(Chapter)]
        for name, queryset in (("chapter", chapters), ("prefecture", prefectures)):
            options = _options.get([name, *parts])
            if options is None:
                options = [("", "---------"), *((o.pk, str(o)) for o in queryset)]
                _options.set([name, *parts], options)
            self.fields[name].choices = KeptChoices(options)


@functools.lru_cache(maxsize=8)
def _countries(language: str) -> KeptChoices:
    return KeptChoices([("", "—"), *country_choices(language)])


# The chapter and prefecture options of the directory's form per language and version of the organisations and
# chapters (their names): 55 chapters and 47 prefectures read as models took a fifth of a search's time.
_options = RenderCache("alumni-directory-options", ttl=None, max_entries=20)


class ChapterForm(forms.ModelForm):
    bylaws_url = forms.URLField(label=_("bylaws (link)"), required=False, assume_scheme="https")

    class Meta:
        model = Chapter
        fields = ["region", "bylaws_adopted_on", "bylaws_url", "bylaws", "latitude", "longitude"]
        widgets = {"bylaws_adopted_on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"bylaws_adopted_on": BoundedDateField}


class MailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 10}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or Excel .xlsx)"))
    consent_wording = forms.CharField(
        label=_("The consent under which the list was gathered, word for word"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept on every record, as the consent those alumni gave."))
    consented_on = BoundedDateField(
        label=_("Consent date for rows without one"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Rows with a “consented_on” column keep their own date."))


class JobForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=pgettext_lazy("posting", "Posted by"), queryset=None)
    apply_url = forms.URLField(label=_("where to apply (link)"), required=False, assume_scheme="https")

    class Meta:
        model = JobPosting
        fields = ["organisation", "kind", "title", "description", "place", "apply_url", "contact_email", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"expires_on": BoundedDateField}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].empty_label = None

    def clean(self):
        data = super().clean()
        if "apply_url" in data and "contact_email" in data and not data["apply_url"] and not data["contact_email"]:
            self.add_error("apply_url", _("Say where to apply: a link, an email address, or both."))
        return data


class MentorForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["topics", "languages", "is_available"]


class AskMentorForm(forms.Form):
    message = forms.CharField(label=_("What you would like to talk about"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5}))
