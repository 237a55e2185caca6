"""Input validation for the grants pages. Business rules live in services and checks."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import OrgKind
from kizuna.core.forms import BoundedDateField, BoundedDateTimeField, YenField
from kizuna.core.models import Organisation
from kizuna.jet.enums import Position

from .enums import CEILING_KEYS, IncomeSource, PaymentKind, QuestionKind, ReviewerKind, SchemeKind
from .models import Call, Criterion, Question, Scheme

MAX_YEN = 10_000_000_000


class ListField(forms.CharField):
    """A list of short values, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value):
        value = super().clean(value)
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class DateListField(ListField):
    """Dates, one per line (YYYY-MM-DD), kept as sorted ISO strings."""

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value):
        days = []
        field = BoundedDateField()
        for line in super().clean(value):
            try:
                days.append(field.clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(_("Write one date a line as YYYY-MM-DD; this line is not: %(line)s"),
                                            params={"line": line}, code="date") from None
        return sorted({d.isoformat() for d in days})


class KindsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=OrgKind.choices, required=False, **kwargs)




class ConditionalCeilingsField(ListField):
    """Ceilings an answer selects, one per line: `question key = answer: yen` (e.g. `scope = domestic: 3000000`)."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key[3:].replace('=', ' = ', 1)}: {amount}" for key, amount in value.items())
        return value

    def clean(self, value):
        out = {}
        for line in super().clean(value):
            condition, _sep, amount = line.rpartition(":")
            question, _eq, answer = condition.partition("=")
            amount = amount.strip().replace(",", "").replace("_", "")
            if not (question.strip() and answer.strip() and amount.isdigit()):
                raise forms.ValidationError(_("Write each line as “question key = answer: yen”, e.g. "
                                              "“scope = domestic: 3000000”; this line is not: %(line)s"),
                                            params={"line": line}, code="conditional")
            out[f"if:{question.strip()}={answer.strip()}"] = int(amount)
        return out


class AnswerRulesField(ListField):
    """Claim rules on the call's answers, one per line: `key = value, value` (answer_in) or `key >= number`
    (answer_at_least)."""

    def __init__(self, *, at_least: bool, **kwargs):
        self.at_least = at_least
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            if self.at_least:
                return "\n".join(f"{key} >= {least}" for key, least in value.items())
            return "\n".join(f"{key} = {', '.join(str(v) for v in allowed)}" for key, allowed in value.items())
        return value

    def clean(self, value):
        out = {}
        for line in super().clean(value):
            key, sep, rest = line.partition(">=" if self.at_least else "=")
            key, rest = key.strip(), rest.strip()
            if self.at_least:
                rest = rest.replace(",", "")
                valid = bool(sep and key and rest.isdigit())
                example = "“hours >= 100”"
            else:
                valid = bool(sep and key and rest)
                example = "“level = N1, N2, N3”"
            if not valid:
                raise forms.ValidationError(_("Write each line as %(example)s; this line is not: %(line)s"),
                                            params={"example": example, "line": line}, code="rule")
            out[key] = int(rest) if self.at_least else [v.strip() for v in rest.split(",") if v.strip()]
        return out


# The rules of a claim scheme (Scheme.claim_rules), as fields of the scheme's form.
CLAIM_RULE_FIELDS = ("claim_positions", "claim_contract_years", "claim_answer_in", "claim_answer_at_least",
                     "claim_once_per_person", "claim_per_year_limit", "claim_person_year_cap")


class SchemeForm(forms.ModelForm):
    applicant_kinds = KindsField(label=_("who may apply (organisation kinds)"))
    partner_kinds = KindsField(label=_("who may join only as a partner"))
    eligible_categories = ListField(label=_("eligible cost categories"), required=False)
    excluded_categories = ListField(label=_("excluded cost categories"), required=False)
    themes = ListField(label=_("fields / themes"), required=False)
    excluded_income_sources = forms.MultipleChoiceField(
        label=_("income sources the scheme excludes"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=IncomeSource.choices,
        help_text=_("An application's budget cannot count them (e.g. another national subsidy for the same cost)."))
    conditional_ceilings = ConditionalCeilingsField(
        label=_("ceilings chosen by an answer (optional)"), required=False,
        help_text=_("One per line: question key = answer: yen, e.g. “scope = domestic: 3000000”. They come "
                    "before the ceilings per kind."))
    claim_positions = forms.MultipleChoiceField(
        label=_("Claim rule: positions that may claim"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=Position.choices, help_text=_("None ticked: every position."))
    claim_contract_years = forms.TypedMultipleChoiceField(
        label=_("Claim rule: appointment years that may claim"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple, choices=[(y, str(y)) for y in range(1, 6)],
        help_text=_("None ticked: every year."))
    claim_answer_in = AnswerRulesField(
        at_least=False, label=_("Claim rule: answers that must be one of"), required=False,
        help_text=_("One per line: question key = allowed answers, e.g. “level = N1, N2, N3”."))
    claim_answer_at_least = AnswerRulesField(
        at_least=True, label=_("Claim rule: numbers answered at least"), required=False,
        help_text=_("One per line: question key >= number, e.g. “hours >= 100”."))
    claim_once_per_person = forms.BooleanField(label=_("Claim rule: once per person"), required=False)
    claim_per_year_limit = forms.IntegerField(label=_("Claim rule: claims granted per fiscal year"),
                                              required=False, min_value=1, max_value=1_000_000)
    claim_person_year_cap = YenField(label=_("Claim rule: most per person per fiscal year (yen)"), required=False,
                                     min_value=1, max_value=MAX_YEN)

    class Meta:
        model = Scheme
        fields = ["code", "name", "name_en", "kind", "programme_code", "applicant_kinds", "partner_kinds",
                  "persons_may_apply", "claims_for_participants", "joint_ceiling", "floor", "rate_percent",
                  "eligible_categories", "excluded_categories", "income_must_balance", "excluded_income_sources",
                  "themes", "advance_payments", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the kind (an older page) keeps the scheme's kind, a grant for a new one.
        self.fields["kind"].required = False
        ceilings = self.instance.ceilings or {}
        self.fields["conditional_ceilings"].initial = {k: v for k, v in ceilings.items() if k.startswith("if:")}
        for key, label in CEILING_KEYS:
            self.fields[f"ceiling_{key}"] = forms.IntegerField(
                label=_("Ceiling (yen): %(kind)s") % {"kind": label}, required=False, min_value=0,
                max_value=MAX_YEN, initial=ceilings.get(key))
        rules = self.instance.claim_rules or {}
        for name in CLAIM_RULE_FIELDS:
            self.fields[name].initial = rules.get(name.removeprefix("claim_"))

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or SchemeKind.GRANT

    def clean(self):
        data = super().clean()
        ceilings = dict(data.pop("conditional_ceilings", None) or {})
        for key, _label in CEILING_KEYS:
            value = data.pop(f"ceiling_{key}", None)
            if value is not None:
                ceilings[key] = value
        data["ceilings"] = ceilings
        rules = {name.removeprefix("claim_"): data.pop(name, None) for name in CLAIM_RULE_FIELDS}
        rules = {key: value for key, value in rules.items() if value not in (None, "", [], {}, False)}
        if rules and not data.get("claims_for_participants"):
            self.add_error("claims_for_participants", _("Claim rules apply to claims for JET participants: tick "
                                                        "this, or clear the claim rules."))
        data["claim_rules"] = rules
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["order", "name", "weight"]


class CallForm(forms.ModelForm):
    interim_due_dates = DateListField(
        label=_("interim reports due on"), required=False,
        help_text=_("One date a line (YYYY-MM-DD): each awarded project sends an interim report by each date. Leave "
                    "empty when the scheme asks for none."))

    class Meta:
        model = Call
        fields = ["scheme", "fiscal_year", "title", "opens_at", "closes_at", "envelope", "blind_review",
                  "most_winners", "report_due_on", "interim_due_dates", "is_published"]
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "report_due_on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"opens_at": BoundedDateTimeField, "closes_at": BoundedDateTimeField,
                         "report_due_on": BoundedDateField}


class QuestionForm(forms.ModelForm):
    choices = ListField(label=_("choices (one per line)"), required=False)

    class Meta:
        model = Question
        fields = ["order", "key", "label", "kind", "required", "choices", "show_if_key", "show_if_value"]


class ApplicationStartForm(forms.Form):
    applicant = forms.ModelChoiceField(label=_("Applying organisation"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, organisations, persons_may_apply=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = organisations
        if not persons_may_apply and len(organisations) == 1:  # the one organisation the person applies for
            self.fields["applicant"].initial = organisations[0].pk
            self.fields["applicant"].empty_label = None
        if persons_may_apply:  # claims by individuals (e.g. JET subsidies): no organisation means oneself
            self.fields["applicant"].required = False
            self.fields["applicant"].empty_label = _("Myself (an individual claim)")


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(label=pgettext_lazy("project", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    theme = forms.CharField(label=_("Field / theme"), required=False, max_length=100)
    requested_amount = YenField(label=_("Requested amount (yen)"), min_value=0, max_value=MAX_YEN)

    def __init__(self, *args, questions=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if themes:  # the scheme's fields / themes
            self.fields["theme"] = forms.ChoiceField(label=_("Field / theme"), required=False,
                                                     choices=[("", "—"), *[(t, t) for t in themes]])
        self.questions = [q for q in questions if q.kind != QuestionKind.FILE]
        for q in self.questions:
            self.fields[f"q_{q.key}"] = _question_field(q)

    def answers(self) -> dict:
        return {q.key: _plain(self.cleaned_data.get(f"q_{q.key}")) for q in self.questions}


def _plain(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _question_field(question):
    label, common = question.label, {"required": False}
    if question.kind == QuestionKind.NUMBER:
        return forms.IntegerField(label=label, **common)
    if question.kind == QuestionKind.DATE:
        return BoundedDateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(label=label, choices=[("", "—"), *[(c, c) for c in question.choices]], **common)
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}), **common)


class CostLineForm(forms.Form):
    category = forms.CharField(label=_("Category"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = YenField(label=_("Amount (yen)"), min_value=0, max_value=MAX_YEN)
    eligible = forms.BooleanField(label=_("Eligible"), required=False, initial=True)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:  # a choice of what the scheme pays for, never free text
            self.fields["category"] = forms.ChoiceField(
                label=_("Category"), choices=[("", "—"), *[(c, c) for c in scheme.eligible_categories]],
                help_text=_("Costs the scheme does not pay for (%(excluded)s) cannot be added.")
                % {"excluded": "、".join(scheme.excluded_categories)} if scheme.excluded_categories else "")


class IncomeLineForm(forms.Form):
    """A line of the budget's income side; the sources the scheme excludes are not offered (the service refuses
    them too, beside the field). Its fields are prefixed: it shares the page with the cost line's form."""

    prefix = "income"
    source = forms.ChoiceField(label=_("Source of income"))
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = YenField(label=_("Amount (yen)"), min_value=0, max_value=MAX_YEN)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        excluded = set(scheme.excluded_income_sources or ()) if scheme is not None else set()
        self.fields["source"].choices = [("", "—"), *[(v, label) for v, label in IncomeSource.choices
                                                       if v not in excluded]]
        if excluded:
            self.fields["source"].help_text = _("Not accepted by this scheme: %(sources)s.") % {
                "sources": "、".join(scheme.excluded_income_labels)}


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should the applicant add or change?"),
                              widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    reviewer = forms.EmailField(label=_("Reviewer's email address"))
    kind = forms.ChoiceField(label=_("Reviewer kind"), choices=ReviewerKind.choices, initial=ReviewerKind.EXTERNAL,
                             widget=forms.RadioSelect)
    applications = forms.ModelMultipleChoiceField(label=_("Applications"), queryset=None,
                                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = call.applications.filter(status="submitted")


class DeclareForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"), coerce=lambda v: v == "yes",
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict"))],
        widget=forms.RadioSelect)
    note = forms.CharField(label=_("If yes, describe it"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(forms.Form):
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} (×{c.weight})", coerce=int, choices=[(i, i) for i in range(1, 6)],
                widget=forms.RadioSelect)
            self.fields[f"comment_{c.pk}"] = forms.CharField(label=_("Comment"), required=False)

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class DecisionForm(forms.Form):
    """One amount per application: empty = undecided, 0 = reject, > 0 = award that amount."""

    conditions = forms.CharField(label=_("Conditions of the grant"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for a in self.applications:
            self.fields[f"amount_{a.pk}"] = forms.IntegerField(label=a.title, required=False, min_value=0,
                                                               max_value=MAX_YEN)

    def awards(self) -> tuple[dict, list]:
        awards, rejections = {}, []
        for a in self.applications:
            value = self.cleaned_data.get(f"amount_{a.pk}")
            if value == 0:
                rejections.append(a.pk)
            elif value:
                awards[a.pk] = value
        return awards, rejections


class ReportForm(forms.Form):
    outcomes = forms.CharField(label=_("Outcomes of the project"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"actual_{line.pk}"] = YenField(
                label=f"{line.category}: {line.description}", min_value=0, max_value=MAX_YEN,
                initial=line.actual_amount if line.actual_amount is not None else line.amount)

    def actuals(self) -> dict:
        return {line.pk: self.cleaned_data[f"actual_{line.pk}"] for line in self.lines}


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of payment"), choices=PaymentKind.choices)
    amount = YenField(label=_("Amount (yen)"), min_value=1, max_value=MAX_YEN)


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label=_("What changes and why"), widget=forms.Textarea(attrs={"rows": 4}))
    new_amount = YenField(label=_("New grant amount (yen), if it changes"), required=False,
                                    min_value=1, max_value=MAX_YEN)


class ChangeDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                     choices=[("yes", _("Approve")), ("no", _("Refuse"))])
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


DOCUMENT_TYPE = "doc:"  # a choice of the upload form that is a document type of the scheme, not a question key


class AttachmentForm(forms.Form):
    question = forms.ChoiceField(label=_("Document type"))
    file = forms.FileField(label=_("File (PDF, PNG, JPEG, Word or Excel; at most 20 MB)"))

    def __init__(self, *args, questions, document_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        asked = [(q.key, q.label) for q in questions if q.kind == QuestionKind.FILE]
        labels = {label for _key, label in asked}
        types = [(f"{DOCUMENT_TYPE}{d}", d) for d in document_types if d not in labels]
        self.fields["question"].choices = [("", "—"), *asked, *types]

    def target(self) -> dict:
        """The service's keyword: the question the document answers, or its document type."""
        value = self.cleaned_data["question"]
        if value.startswith(DOCUMENT_TYPE):
            return {"document_type": value.removeprefix(DOCUMENT_TYPE)}
        return {"question_key": value}


class ReportFileForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, PNG, JPEG, Word or Excel; at most 20 MB)"))


class InterimReportForm(forms.Form):
    progress = forms.CharField(label=_("How is the project progressing?"), widget=forms.Textarea(attrs={"rows": 5}))
    spent_to_date = YenField(label=_("Spent so far (yen)"), required=False, min_value=0, max_value=MAX_YEN)


class InterimAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=[("yes", pgettext_lazy("report", "Accept")),
                                             ("no", _("Return for correction"))])
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InterimScheduleForm(forms.Form):
    due_on = BoundedDateField(label=_("Interim report due on"), widget=forms.DateInput(attrs={"type": "date"}))


class RefundOrderForm(forms.Form):
    """A refund order: its amount is what was paid beyond the fixed amount (not typed); staff set the due date."""

    due_on = BoundedDateField(label=_("To be paid by"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note to the grantee (optional)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RefundReceiveForm(forms.Form):
    received_on = BoundedDateField(label=pgettext_lazy("refund", "Received on"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    received_amount = YenField(label=_("Amount received (yen)"), min_value=1, max_value=MAX_YEN)


class RefundCancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}))


class PaymentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of payment"), widget=forms.RadioSelect)
    amount = YenField(label=_("Amount (yen)"), min_value=1, max_value=MAX_YEN)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("e.g. what the advance pays for, or the invoice number of your office."))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PaymentKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]


class PaymentRequestAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=[("yes", _("Accept and prepare the payment")),
                                             ("no", pgettext_lazy("payment request", "Return"))])
    reason = forms.CharField(label=_("Reason, if returned"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
