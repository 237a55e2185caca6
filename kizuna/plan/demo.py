"""The plan's demo records: figures for the first two manual KPIs of the latest plan, entered by HQ staff; the
first quarter's signed off by the HQ administrator, the second's waiting for that sign-off (on their home page)."""

from decimal import Decimal

from kizuna.core.models import User

from .models import KPI, KPIEntry
from .services import record_kpi_figure, sign_off_figure

# Quarter and share of the target reached, for the demo's manual KPI figures.
KPI_FIGURES = [(1, "0.2"), (2, "0.25")]


def seed_plan_demo() -> dict:
    """Idempotent: KPIs that already have figures (the demo's, or someone's) are left as they are."""
    staff = User.objects.filter(email="hq-staff@demo.kizuna.jp").first()
    second = User.objects.filter(email="hq-admin@demo.kizuna.jp").first()
    entered = 0
    if staff is None:
        return {"figures": entered}
    kpis = KPI.objects.filter(source="manual", target__isnull=False).order_by(
        "-programme__area__fiscal_year__year", "programme__area__number", "programme__number", "order", "pk"
    )[:2]
    for kpi in kpis:
        if KPIEntry.objects.filter(kpi=kpi).exists():
            continue
        for quarter, share in KPI_FIGURES:
            value = (kpi.target * Decimal(share)).quantize(Decimal("1"))
            entry = record_kpi_figure(by=staff, kpi=kpi, quarter=quarter, value=value,
                                      note="デモ用の数値 / demo figure")
            if second is not None and quarter == 1:
                sign_off_figure(by=second, entry=entry)
            entered += 1
    return {"figures": entered}
