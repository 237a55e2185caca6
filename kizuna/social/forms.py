"""Input validation for the social-media pages. Business rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.forms import BoundedDateField, BoundedDateTimeField

from .models import Account, Post, PromotionRequest

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccountForm(forms.ModelForm):
    holder = forms.ModelChoiceField(label=_("Held by"), queryset=None)
    url = forms.URLField(label=_("Address of the account"), max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = Account
        fields = ["holder", "platform", "name", "handle", "url", "language", "is_active"]

    def __init__(self, *args, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["holder"]
        else:
            self.fields["holder"].queryset = holders
            if len(holders) == 1:
                self.fields["holder"].initial = holders[0].pk
                self.fields["holder"].empty_label = None


class PostForm(forms.ModelForm):
    link = forms.URLField(label=_("Link in the post"), max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = Post
        fields = ["planned_at", "text", "link", "featured", "event"]
        widgets = {"planned_at": DATETIME, "text": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"planned_at": BoundedDateTimeField}

    def __init__(self, *args, featured, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured"].queryset = featured
        self.fields["event"].queryset = events


class PostedForm(forms.Form):
    posted_url = forms.URLField(label=_("Address of the post"), max_length=200, assume_scheme="https",
                                help_text=_("Copy it from the platform once the post is out."))
    posted_at = BoundedDateTimeField(label=_("Posted at"), widget=DATETIME)


class FiguresForm(forms.Form):
    reach = forms.IntegerField(label=_("Reach"), min_value=0, max_value=2**31 - 1, required=False)
    impressions = forms.IntegerField(label=_("Impressions"), min_value=0, max_value=2**31 - 1, required=False)
    engagements = forms.IntegerField(label=_("Engagements"), min_value=0, max_value=2**31 - 1, required=False,
                                     help_text=_("Reactions, comments and shares."))


class NoteForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("social post", "Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FollowersForm(forms.Form):
    month = BoundedDateField(label=_("Month"), widget=DATE, help_text=_("Any day of the month."))
    followers = forms.IntegerField(label=_("Followers"), min_value=0, max_value=2**31 - 1)


class FiguresImportForm(forms.Form):
    file = forms.FileField(label=_("Export of the platform (CSV or Excel)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class PromotionForm(forms.ModelForm):
    requester = forms.ModelChoiceField(label=_("Asked by"), queryset=None)
    office = forms.ModelChoiceField(label=_("Office asked"), queryset=None)
    link = forms.URLField(label=_("Link"), max_length=200, required=False, assume_scheme="https",
                          help_text=_("The page of the event or of the news."))

    class Meta:
        model = PromotionRequest
        fields = ["requester", "office", "title", "event", "link", "message", "wanted_from", "wanted_until"]
        widgets = {"wanted_from": DATE, "wanted_until": DATE, "message": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"wanted_from": BoundedDateField, "wanted_until": BoundedDateField}

    def __init__(self, *args, requesters, offices, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters
        if len(requesters) == 1:
            self.fields["requester"].initial = requesters[0].pk
            self.fields["requester"].empty_label = None
        self.fields["office"].queryset = offices
        self.fields["event"].queryset = events


class AcceptForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Post on"), queryset=None)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
