"""Input of the safety confirmation pages."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.models import Organisation
from kizuna.core.rules import is_hq_staff, memberships_of

from .enums import DisasterKind, SafetyReply
from .rules import PA

AREA_KINDS = ("prefecture", "municipality", "ward")


def areas_for(user):
    """The local governments a person may start a confirmation for: any for headquarters; a PA's coordinating
    body and what lies in it."""
    qs = Organisation.objects.filter(kind__in=AREA_KINDS, is_active=True).order_by("code", "name")
    if is_hq_staff(user):
        return qs
    bodies = sorted({m.organisation_id for m in memberships_of(user) if m.role in PA})
    return qs.filter(Q(pk__in=bodies) | Q(prefecture__in=bodies) | Q(parent__in=bodies))


class AreaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code or ''} {obj.name}".strip()


class StartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("What happened, as people will recognise it: e.g. 令和8年台風第10号."))
    kind = forms.ChoiceField(label=_("Kind of event"), choices=DisasterKind.choices)
    areas = AreaField(label=pgettext_lazy("disaster area", "Area"), queryset=Organisation.objects.none(),
                      widget=forms.SelectMultiple(attrs={"size": 12}),
                      help_text=_("Prefectures or municipalities from the organisation directory: everyone in the "
                                  "programme placed there is asked. Hold Ctrl (⌘ on a Mac) to choose several."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas_for(user)


class BoardFilterForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), required=False, choices=[
        ("", _("All")), *SafetyReply.choices, ("none", _("Not answered"))])


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=SafetyReply.choices)
    location = forms.CharField(label=_("Where are you now?"), max_length=200, required=False,
                               help_text=_("For example: at home, at school, at the evacuation centre."))
    note = forms.CharField(label=_("Anything we should know"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
