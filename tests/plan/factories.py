"""One factory per plan model, with no surprises."""

from decimal import Decimal

import factory

from kizuna.plan.enums import Aggregation, FigureStatus, KPISource
from kizuna.plan.models import KPI, Area, FiscalYear, KPIEntry, Programme
from tests.factories import UserFactory


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("year",)

    year = 2026
    title = "令和8年度事業計画"
    title_en = "FY2026 Business Plan"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"分野{n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    area = factory.SubFactory(AreaFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda p: f"{p.area.number}-{p.number}")
    name = factory.Sequence(lambda n: f"事業{n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")


class KPIFactory(factory.django.DjangoModelFactory):
    """A manual KPI summed over the year, target 100."""

    class Meta:
        model = KPI

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"kpi-{n}")
    name = factory.Sequence(lambda n: f"指標{n}")
    name_en = factory.Sequence(lambda n: f"KPI {n}")
    unit = "件"
    unit_en = "items"
    target = Decimal("100")
    source = KPISource.MANUAL
    aggregation = Aggregation.SUM


class KPIEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIEntry

    kpi = factory.SubFactory(KPIFactory)
    quarter = 1
    value = Decimal("10")
    entered_by = factory.SubFactory(UserFactory)
    status = FigureStatus.SIGNED_OFF  # an arranged figure is one the plan counts; sign-off itself: the services


def counted_figure(world, **fields) -> KPIEntry:
    """A figure entered through the service and signed off by a second person, so that the plan counts it
    (headquarters staff signs off the others' figures; the superuser signs off headquarters staff's own)."""
    from kizuna.plan.services import record_kpi_figure, sign_off_figure

    entry = record_kpi_figure(**fields)
    second = world.people["superuser"] if fields["by"] == world.people["hq_staff"] else world.people["hq_staff"]
    return sign_off_figure(by=second, entry=entry)
