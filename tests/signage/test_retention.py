"""Old shelter packs are deleted by the periodic job: beyond the latest few of an organisation, or too old."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kizuna.signage.models import Pack
from tests.factories import arrange_update


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SIGNAGE_PACKS_KEPT = 3
    settings.SIGNAGE_PACK_DAYS = 30
    return tmp_path


def _pack(person, organisation, days_old, status="done"):
    pack = Pack.objects.create(requested_by=person, organisation=organisation, languages=["ja", "en"],
                               status=status)
    if status == "done":
        pack.file.save(f"pack-{pack.pk}.zip", ContentFile(b"PK"), save=True)
    arrange_update(Pack.objects.filter(pk=pack.pk), created_at=timezone.now() - timedelta(days=days_old))
    return pack


def test_periodic_job_keeps_the_latest_packs_of_each_organisation_and_deletes_old_ones(world, media):
    staff, admin = world.people["municipality_staff"], world.people["municipality_admin"]
    chiyoda = [_pack(staff if n % 2 else admin, world.chiyoda, days_old=n) for n in range(5)]  # newest first
    association_old = _pack(world.people["association_staff"], world.association, days_old=31)
    association_new = _pack(world.people["association_staff"], world.association, days_old=29)
    running = _pack(world.people["hq_staff"], world.hq, days_old=40, status="running")
    files = {p.pk: Path(p.file.path) for p in [*chiyoda, association_old, association_new]}
    out = StringIO()

    call_command("purge_signage_packs", stdout=out)

    kept = {p.pk for p in [*chiyoda[:3], association_new, running]}
    assert out.getvalue() == "shelter packs deleted: 3\n"
    assert set(Pack.objects.values_list("pk", flat=True)) == kept
    assert {pk for pk, path in files.items() if path.exists()} == kept - {running.pk}
    assert world.client_for("municipality_staff").get(
        reverse("signage:pack_download", args=[chiyoda[3].pk])).status_code == 404


def test_packs_made_for_no_organisation_are_counted_per_requester(world, media):
    superuser = world.people["superuser"]
    packs = [_pack(superuser, None, days_old=n) for n in range(4)]

    call_command("purge_signage_packs", "--keep", "2", stdout=StringIO())

    assert set(Pack.objects.values_list("pk", flat=True)) == {packs[0].pk, packs[1].pk}


def test_packs_page_says_how_long_packs_are_kept(world, media):
    response = world.client_for("municipality_staff").get(reverse("signage:packs"), HTTP_ACCEPT_LANGUAGE="en")

    assert "Packs are deleted after 30 days, and when your organisation has more than 3 newer ones." in (
        response.content.decode())
