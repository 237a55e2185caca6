from django.conf import settings

from . import rules as core_rules
from .enums import Role
from .fiscal import FiscalYearLabel, current_fiscal_year


def kizuna(request):
    user = request.user
    fy = current_fiscal_year()
    return {
        "kizuna_is_clair_staff": core_rules.is_clair_staff(user),
        "kizuna_is_jet_participant": core_rules.has_role(user, Role.JET),
        "kizuna_fiscal_year": FiscalYearLabel(fy),
        "kizuna_site_url": settings.SITE_URL,
    }
