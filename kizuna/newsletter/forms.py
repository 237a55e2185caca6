from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import TypedOrganisationForm

from .enums import Language, ListKind
from .models import MailingList


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    name = forms.CharField(label=_("Name"), max_length=120, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    language = forms.ChoiceField(label=_("Language of the mail"))
    topics = forms.MultipleChoiceField(label=pgettext_lazy("mailing list", "Topics"), required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Choose none to receive every issue."))
    consent = forms.BooleanField(label=_("I agree to receive this list by email. I can unsubscribe at any time "
                                         "with the link in every mail."),
                                 error_messages={"required": _("Tick the box to agree: without it nothing is sent.")})

    def __init__(self, *args, mailing_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = mailing_list.language_choices()
        topics = list(mailing_list.topics.all())
        self.fields["topics"].choices = [(str(t.pk), str(t)) for t in topics]
        if not topics:
            del self.fields["topics"]
        self.topic_objects = {str(t.pk): t for t in topics}

    def chosen_topics(self) -> list:
        return [self.topic_objects[k] for k in self.cleaned_data.get("topics", [])]


class PreferencesForm(SubscribeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"], self.fields["consent"]


class ListForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=Language.choices,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("The first in this order is the list's own language."))

    class Meta:
        model = MailingList
        fields = ["kind", "slug", "name", "name_en", "description", "description_en", "owner", "chapter",
                  "languages", "from_name", "reply_to", "is_public", "track_engagement"]

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ListKind.choices
        if owners is not None:
            self.fields["owner"].queryset = owners

    def clean_languages(self):
        chosen = self.cleaned_data["languages"]
        return [code for code in Language.values if code in chosen]


class TopicForm(forms.Form):
    slug = forms.SlugField(label=_("Key"), max_length=40)
    name = forms.CharField(label=_("Name (Japanese)"), max_length=80)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80, required=False)


class PartForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    preheader = forms.CharField(label=_("Preview line"), max_length=200, required=False,
                                help_text=_("Shown after the subject in most mail programs."))
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 18}), help_text=_(
        "Paragraphs separated by a blank line; “## ” starts a heading, “- ” a list item; links as "
        "[text](https://…); images as ![description](address of an image uploaded to this issue)."))


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image (PNG or JPEG)"))


class ArticleForm(forms.Form):
    work = forms.IntegerField(label=_("Library record number"), required=False, min_value=1, max_value=2**31 - 1)
    event = forms.IntegerField(label=_("Event number"), required=False, min_value=1, max_value=2**31 - 1)

    def clean(self):
        data = super().clean()
        if bool(data.get("work")) == bool(data.get("event")):
            raise forms.ValidationError(_("Give a library record or an event (one of them)."))
        return data


class TestSendForm(forms.Form):
    to = forms.CharField(label=_("Send a test to"), max_length=600,
                         help_text=_("Up to 5 addresses, separated by commas."))


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Send at"), required=False,
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                       help_text=_("Leave empty to send now."))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Subscribers (CSV or Excel)"))


class InviteForm(TypedOrganisationForm):
    """The organisation whose current members are asked to confirm, typed as in the directory."""
