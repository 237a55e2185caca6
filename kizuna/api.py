"""The one API: each app's router mounted under /api/v1/."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from kizuna.alumni.api import router as alumni_router
from kizuna.awards.api import router as awards_router
from kizuna.core.api import router as core_router
from kizuna.core.api_auth import AUTH
from kizuna.core.api_errors import install as install_error_handlers
from kizuna.core.api_parser import StrictJSONParser
from kizuna.counselling.api import router as counselling_router
from kizuna.delegations.api import router as delegations_router
from kizuna.dispatch.api import router as dispatch_router
from kizuna.events.api import router as events_router
from kizuna.exchange.api import router as exchange_router
from kizuna.grants.api import router as grants_router
from kizuna.jet.api import router as jet_router
from kizuna.learning.api import router as learning_router
from kizuna.library.api import router as library_router
from kizuna.networks.api import router as networks_router
from kizuna.newsletter.api import router as newsletter_router
from kizuna.plan.api import router as plan_router
from kizuna.requests.api import router as requests_router
from kizuna.secondments.api import router as secondments_router
from kizuna.signage.api import router as signage_router
from kizuna.social.api import router as social_router

api = NinjaAPI(
    title="Kizuna API",
    version="1",
    description=str(_("Kizuna, CLAIR's operations platform. Send `Authorization: Bearer <token>` with a "
                      "personal token from your profile page.")),
    auth=AUTH,
    urls_namespace="api",
    parser=StrictJSONParser(),
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/plan", plan_router)
api.add_router("/grants", grants_router)
api.add_router("/signage", signage_router)
api.add_router("/events", events_router)
api.add_router("/requests", requests_router)
api.add_router("/dispatch", dispatch_router)
api.add_router("/jet", jet_router)
api.add_router("/learning", learning_router)
api.add_router("/alumni", alumni_router)
api.add_router("/library", library_router)
api.add_router("/newsletter", newsletter_router)
api.add_router("/counselling", counselling_router)
api.add_router("/social", social_router)
api.add_router("/networks", networks_router)
api.add_router("/delegations", delegations_router)
api.add_router("/awards", awards_router)
api.add_router("/exchange", exchange_router)
api.add_router("/secondments", secondments_router)
