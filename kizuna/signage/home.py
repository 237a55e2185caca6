"""Signs on the task-first home page: staff of a local government or an association are offered to make a sign."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core import rules as core_rules
from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.home import HomeContribution, Start, register_home_provider


@register_home_provider
def signs_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated or not core_rules.working_orgs(user, LOCAL_GOVERNMENT_KINDS | {OrgKind.ASSOCIATION}):
        return None
    return HomeContribution(start=[Start(_("Make a multilingual sign for a shelter"), reverse("signage:builder"))])
