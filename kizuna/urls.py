from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kizuna.api import api
from kizuna.core import views as core_views
from kizuna.core.permissions import exempt

# The Django admin logs in through allauth, so its MFA and lock-out apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("kizuna.core.urls")),
    path("plan/", include("kizuna.plan.urls")),
    path("grants/", include("kizuna.grants.urls")),
    path("signs/", include("kizuna.signage.urls")),
    path("events/", include("kizuna.events.urls")),
    path("requests/", include("kizuna.requests.urls")),
    path("dispatch/", include("kizuna.dispatch.urls")),
    path("jet/", include("kizuna.jet.urls")),
    path("learning/", include("kizuna.learning.urls")),
    path("counselling/", include("kizuna.counselling.urls")),
    path("careers/", include("kizuna.careers.urls")),
    path("alumni/", include("kizuna.alumni.urls")),
    path("library/", include("kizuna.library.urls")),
    path("newsletter/", include("kizuna.newsletter.urls")),
    path("social/", include("kizuna.social.urls")),
    path("networks/", include("kizuna.networks.urls")),
    path("delegations/", include("kizuna.delegations.urls")),
    path("awards/", include("kizuna.awards.urls")),
    path("exchange/", include("kizuna.exchange.urls")),
    path("secondments/", include("kizuna.secondments.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", exempt("language switch: anybody may choose a language")(set_language),
         name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots, name="robots"),
]

# Django's own errors (no URL matched, a body too large, an exception) are JSON under /api/.
handler400 = "kizuna.core.api_errors.bad_request"
handler403 = "kizuna.core.api_errors.permission_denied"
handler404 = "kizuna.core.api_errors.page_not_found"
handler500 = "kizuna.core.api_errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
