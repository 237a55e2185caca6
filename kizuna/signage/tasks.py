"""Background work of the signage app: thin tasks taking ids."""

from django.conf import settings
from django_tasks import task

from . import services
from .models import Pack


@task()
def make_pack_task(*, pack_id: int) -> int:

    pack = Pack.objects.get(pk=pack_id)
    return services.make_pack(pack, site_url=settings.SITE_URL.rstrip("/")).done
