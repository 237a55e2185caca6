"""One factory per grants model, with no surprises."""

from datetime import timedelta

import factory
from django.utils import timezone

from kizuna.grants.models import Application, Assignment, Call, CostLine, Criterion, Question, Scheme
from tests.factories import UserFactory


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    code = factory.Sequence(lambda n: f"scheme{n}")
    name = factory.Sequence(lambda n: f"助成事業{n}")
    name_en = factory.Sequence(lambda n: f"Grant scheme {n}")
    applicant_kinds = factory.LazyFunction(lambda: ["prefecture", "municipality", "ward", "association"])
    partner_kinds = factory.LazyFunction(lambda: ["ngo"])
    ceilings = factory.LazyFunction(lambda: {"prefecture": 4_000_000, "designated_city": 4_000_000,
                                             "default": 3_000_000})
    joint_ceiling = 4_000_000
    floor = 500_000
    rate_percent = 100
    # what a cost line's category is one of (never free text)
    eligible_categories = factory.LazyFunction(lambda: ["謝金", "旅費", "会場借料", "印刷製本費"])


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"観点{n}")
    weight = 1


class CallFactory(factory.django.DjangoModelFactory):
    """An open, published call: opened a day ago, closes in thirty days."""

    class Meta:
        model = Call

    scheme = factory.SubFactory(SchemeFactory)
    fiscal_year = 2026
    title = factory.Sequence(lambda n: f"公募{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    envelope = 10_000_000
    is_published = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    label = factory.Sequence(lambda n: f"質問{n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft by an organisation (give `applicant`), created by a new person."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"事業{n}")
    created_by = factory.SubFactory(UserFactory)


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    application = factory.SubFactory(ApplicationFactory)
    category = "謝金"
    description = "講師謝金"
    amount = 1_000_000
    eligible = True


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)
