from datetime import date

import pytest

from kizuna.alumni import services
from kizuna.alumni.models import Chapter


@pytest.fixture(autouse=True)
def _english():
    """Services' refusals are matched in English here (the Japanese ones are checked by the translation tests)."""
    from django.utils import translation

    translation.activate("en")
    yield


def chapter_for(world, organisation=None, **fields) -> Chapter:
    """World's JETAA New York as an active chapter (supported by the New York office), or another one."""
    organisation = organisation or world.jetaa
    found = Chapter.objects.filter(organisation=organisation).first()
    if found:
        return found
    values = {"country": "US", "region": "north_america", "status": "active", "supported_by": world.nyc,
              "bylaws_adopted_on": date(1990, 1, 1), **fields}
    return services.create_chapter(by=world.people["hq_staff"], organisation=organisation, **values)


def alumnus(world, name, *, person=None, country="US", chapter=None, placement=True, **fields):
    """An alumnus from an earlier list (headquarters adds them), with a placement at Chiyoda, in `chapter`."""
    from kizuna.alumni.services import add_alumnus

    placements = [{"organisation": world.chiyoda, "organisation_name": "千代田区", "prefecture": world.tokyo,
                   "position": "alt", "started_on": date(2015, 8, 1), "ended_on": date(2018, 7, 31)}] \
        if placement else []
    record = add_alumnus(by=world.people["hq_staff"], person=person, full_name=name, country=country,
                         placements=placements, consent_wording_given="I agree.",
                         **{k: v for k, v in fields.items() if k in services.IMPORTED_FIELDS})
    visibility = {k: v for k, v in fields.items() if k.endswith("_visibility")}
    if visibility:
        from kizuna.core.audit import unlogged

        with unlogged("arranging the privacy a test needs"):
            type(record).objects.filter(pk=record.pk).update(**visibility)
        record.refresh_from_db()
    if chapter is not None:
        from kizuna.alumni.models import ChapterMember

        with unlogged_member():
            ChapterMember.objects.create(chapter=chapter, alumnus=record, joined_on=date(2024, 5, 1))
    return record


def unlogged_member():
    from kizuna.core.audit import unlogged

    return unlogged("arranging a chapter membership")


def png(size: int = 8) -> bytes:
    """A small real PNG (Pillow), for photos."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def with_photo(record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.alumni.services import set_photo

    return set_photo(by=record.person, alumnus=record, upload=SimpleUploadedFile("me.png", png(),
                                                                                  content_type="image/png"))
