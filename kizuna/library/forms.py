"""Forms of the library's pages: a work's description, an edition, a file, a correction, a review step."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.forms import QuickSelect
from kizuna.core.models import Organisation
from kizuna.core.rules import working_orgs

from .enums import FLOWING_KINDS, PORTAL_KINDS, Kind, Language, PortalField, Region, Status
from .models import Theme, Work


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds a person may create: CLAIR staff every kind made by hand, others the portal's."""
    allowed = [k for k in Kind if k not in FLOWING_KINDS]
    if not user.has_perm("library.add_work"):
        allowed = [k for k in allowed if k in PORTAL_KINDS]
    return [(k.value, k.label) for k in allowed]


def publishers_for(user):
    """In whose name a person publishes: the organisations they work for (headquarters: any CLAIR office)."""
    ids = [o.pk for o in working_orgs(user)]
    query = Q(pk__in=ids)
    if user.has_perm("library.review_work"):
        query |= Q(kind__in=CLAIR_KINDS)
    return Organisation.objects.filter(query).order_by("kind", "name")


class WorkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=QuickSelect)
    publisher = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=Organisation.objects.none(),
                                       widget=QuickSelect)
    number = forms.IntegerField(label=_("Number in the series"), required=False, min_value=1, max_value=99999,
                                help_text=_("CLAIR Reports, the Local Government Overseas series and magazine "
                                            "issues are numbered."))
    issue = forms.ModelChoiceField(label=_("Magazine issue"), required=False, widget=QuickSelect,
                                   queryset=Work.objects.none(), help_text=_("For a magazine article."))
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    countries = forms.CharField(label=_("Countries"), required=False, max_length=200,
                                help_text=_("ISO codes separated by commas, e.g. US, GB."))
    authors = forms.CharField(label=_("Authors"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One per line: an organisation's name as in the directory links it; any "
                                          "other line is kept as written (a division, a person)."))
    keywords = forms.CharField(label=_("Keywords"), required=False, max_length=300)
    published_on = forms.DateField(label=_("Publication date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Empty: the day it is published."))
    embargo_until = forms.DateField(label=_("Embargoed until"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}),
                                    help_text=_("Until this day only CLAIR staff see the published work."))
    field = forms.ChoiceField(label=pgettext_lazy("portal", "Field"), required=False,
                              choices=[("", "—"), *PortalField.choices],
                              help_text=_("Good practices and tools of the multicultural portal."))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", "—"), *Region.choices])
    contact = forms.CharField(label=_("Contact"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    outcomes = forms.CharField(label=_("Outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, work=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = Work.objects.filter(kind=Kind.MAGAZINE_ISSUE).exclude(
            status=Status.WITHDRAWN).order_by("-number")
        if work is None:
            self.fields["kind"].choices = kinds_for(user)
            self.fields["publisher"].queryset = publishers_for(user)
        else:
            del self.fields["kind"], self.fields["publisher"]
        portal_only = not user.has_perm("library.add_work") or (work is not None and work.kind in PORTAL_KINDS)
        if portal_only:  # a practice or a tool: no series, issue or embargo; its field, contact and outcomes
            for name in ("number", "issue", "embargo_until"):
                self.fields.pop(name, None)
            self.fields["field"].required = True
            self.fields["field"].error_messages["required"] = _("Choose the field of the practice or tool.")
            for name in ("contact", "outcomes"):
                self.fields[name].help_text = _("Needed before it is sent for review.")

    def clean_countries(self) -> list[str]:
        return [c.strip().upper() for c in self.cleaned_data["countries"].replace("、", ",").split(",") if c.strip()]

    def clean_authors(self) -> list[tuple]:
        found = []
        for line in self.cleaned_data["authors"].splitlines():
            name = line.strip()
            if not name:
                continue
            org = Organisation.objects.filter(Q(name=name) | Q(name_en=name)).first()
            found.append((org, "") if org else (None, name))
        return found

    @staticmethod
    def initial_for(work) -> dict:
        return {"number": work.number, "issue": work.issue_id, "themes": list(work.themes.all()),
                "countries": ", ".join(c.country for c in work.countries.all()),
                "authors": "\n".join(a.organisation.name if a.organisation_id else a.name
                                     for a in work.authors.all()),
                "keywords": work.keywords, "published_on": work.published_on, "embargo_until": work.embargo_until,
                "field": work.field, "region": work.region, "contact": work.contact, "outcomes": work.outcomes}


class EditionForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("publication", "Title"), max_length=300)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=300, required=False)
    abstract = forms.CharField(label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("For an article or a practice written here rather than in a file."))
    outline = forms.CharField(label=_("Sections"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
                              help_text=_("A guide's sections: “# 1 Heading”, “## 1.1 Heading”, “### …”, each "
                                          "followed by its text."))

    def __init__(self, *args, guide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not guide:
            del self.fields["outline"]


class FileForm(forms.Form):
    language = forms.ChoiceField(label=_("Edition"), choices=())
    file = forms.FileField(label=_("File (PDF, Word or Excel)"))

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, Language(code).label) for code in languages]


class CorrectionForm(forms.Form):
    file = forms.FileField(label=_("Corrected file"))
    note = forms.CharField(label=_("What was corrected"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Readers see it beside the file; the earlier version stays available."))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue (CSV or Excel)"))
    archive = forms.FileField(label=_("Files (a ZIP archive)"), required=False,
                              help_text=_("The file columns name files inside the archive (e.g. reports/512.pdf)."))
