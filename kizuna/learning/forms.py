"""Input of the learning pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kizuna.jet.enums import Position

from .enums import CourseKind, Level

TEXT = {"rows": 8}


class CourseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of course"), choices=CourseKind.choices)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("None"))] + list(Level.choices),
                              help_text=_("For the Japanese correspondence course: its three levels."))
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    description_ja = forms.CharField(label=_("Description (Japanese)"), required=False, widget=forms.Textarea)
    description_en = forms.CharField(label=_("Description (English)"), required=False, widget=forms.Textarea)
    position = forms.ChoiceField(label=_("For the position"), required=False,
                                 choices=[("", _("Every position"))] + list(Position.choices))
    new_arrivals_only = forms.BooleanField(label=_("For new arrivals only"), required=False)
    due_days_after_arrival = forms.IntegerField(label=_("Due (days after arrival)"), required=False, min_value=1,
                                                max_value=365)
    access_days = forms.IntegerField(label=_("Access (days from enrolment)"), required=False, min_value=1,
                                     max_value=1000, help_text=_("Six months: 183 days."))
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=0, max_value=100, initial=80)
    max_attempts = forms.IntegerField(label=_("Attempts at the quiz"), min_value=1, max_value=10, initial=3)


class ModuleForm(forms.Form):
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    content_ja = forms.CharField(label=_("Content (Japanese)"), widget=forms.Textarea(attrs=TEXT),
                                 help_text=_("Plain text; a blank line starts a new paragraph."))
    content_en = forms.CharField(label=_("Content (English)"), widget=forms.Textarea(attrs=TEXT))


CHOICES = 4


class QuestionForm(forms.Form):
    text_ja = forms.CharField(label=_("Question (Japanese)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    correct = forms.TypedChoiceField(label=_("The right answer"), coerce=int,
                                     choices=[(i, _("Choice %(n)s") % {"n": i + 1}) for i in range(CHOICES)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(CHOICES):
            self.fields[f"choice_{i}_ja"] = forms.CharField(
                label=_("Choice %(n)s (Japanese)") % {"n": i + 1}, max_length=300, required=i < 2)
            self.fields[f"choice_{i}_en"] = forms.CharField(
                label=_("Choice %(n)s (English)") % {"n": i + 1}, max_length=300, required=i < 2)
        self.order_fields(["text_ja", "text_en", *[f"choice_{i}_{lang}" for i in range(CHOICES)
                                                  for lang in ("ja", "en")], "correct"])

    def choices(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data.get(f"choice_{i}_ja", ""), self.cleaned_data.get(f"choice_{i}_en", ""))
                for i in range(CHOICES)]


class QuizForm(forms.Form):
    """One radio group per question; the choices in the reader's language."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=f"{q.number}. {q.text}", coerce=int, widget=forms.RadioSelect,
                choices=[(c.pk, c.text) for c in q.choices.all()],
                error_messages={"required": _("Answer this question.")})

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
