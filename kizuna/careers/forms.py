"""Input validation for the internship pages. Business rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.core.forms import BoundedDateField, BoundedDateTimeField

from .models import Offer


class OfferForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Offered by"), queryset=None)

    class Meta:
        model = Offer
        fields = ["organisation", "title", "description", "place", "starts_on", "ends_on", "places", "languages",
                  "apply_by"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"}),
                   "apply_by": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "description": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField,
                         "apply_by": BoundedDateTimeField}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            if len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0].pk
                self.fields["organisation"].empty_label = None
        self.fields["places"].widget.attrs.update({"min": 1, "max": 999})
        self.fields["places"].max_value = 999


class ApplyForm(forms.Form):
    motivation = forms.CharField(label=_("Why this internship"), max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 6}))
