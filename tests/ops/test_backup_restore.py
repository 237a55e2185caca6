"""`kizuna backup` and `kizuna restore`: a real round trip on whatever database the suite runs on."""

import io
import json
import tarfile
from io import StringIO

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from kizuna.core.audit import save_logged
from kizuna.core.backup import MANIFEST, BackupError, backed_up_models, restore
from kizuna.core.enums import Role
from kizuna.core.mfa import activate_totp
from kizuna.core.models import Membership, Organisation, User
from kizuna.core.services import invite_member
from kizuna.requests import services as requests_services
from tests.factories import arrange_update

from ..factories import MembershipFactory, MunicipalityFactory, PrefectureFactory, UserFactory
from ..requests.conftest import file_research, to_office

# Restore empties and refills tables in its own transaction, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # ids change when the tables are flushed


def _world():
    """Organisations, people, memberships, an invitation, TOTP, a group, audit entries and a file."""
    pref = PrefectureFactory(name="宮城県", name_kana="みやぎけん")
    city = MunicipalityFactory(name="仙台市", prefecture=pref, parent=pref)
    admin = UserFactory(
        email="admin@city.example.jp", full_name="小林 翔太", full_name_kana="こばやし しょうた"
    )
    MembershipFactory(person=admin, organisation=city, role=Role.ADMIN)
    staff = UserFactory(email="staff@city.example.jp")
    MembershipFactory(person=staff, organisation=city, role=Role.STAFF)
    activate_totp(staff, "KIZUNADEMOSECRETKIZUNADEMOSECRET")
    group = Group.objects.create(name="editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="core")[:3])
    staff.groups.add(group)
    with set_actor(admin, remote_addr="192.0.2.10"):
        invite_member(by=admin, organisation=city, email="new@city.example.jp")
        city.catchphrase = "杜の都"
        save_logged(city, "core.organisation.update", by=admin, fields=["catchphrase"])
    default_storage.save("reports/2026/実績報告.pdf", ContentFile(b"%PDF-1.7 demo"))


def _natural(model, row: dict) -> dict:
    """A row with its references to content types and permissions by natural key: their ids may change."""
    for field in model._meta.fields:
        if field.is_relation and field.related_model in (ContentType, Permission) and row[field.attname]:
            row[field.attname] = field.related_model.objects.get(pk=row[field.attname]).natural_key()
    return row


def _snapshot() -> dict:
    """Every row of every backed-up model, and of their many-to-many tables (whose own ids are not kept)."""
    tables = {}
    for model in backed_up_models():
        tables[model._meta.label_lower] = [
            _natural(model, row) for row in model._base_manager.order_by("pk").values()
        ]
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            rows = [_natural(through, row) for row in through._base_manager.values()]
            tables[through._meta.label_lower] = sorted(
                repr(sorted((k, v) for k, v in r.items() if k != "id")) for r in rows
            )
    return tables


def _empty_everything(media_root):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(tmp_path, media_root):
    _world()
    before = _snapshot()
    archive = tmp_path / "kizuna.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    _empty_everything(media_root)
    assert (User.objects.count(), LogEntry.objects.count()) == (0, 0)

    call_command("restore", str(archive), stdout=StringIO())

    ContentType.objects.clear_cache()
    assert _snapshot() == before
    assert default_storage.open("reports/2026/実績報告.pdf").read() == b"%PDF-1.7 demo"
    entry = LogEntry.objects.get(content_type__model="organisation", action=LogEntry.Action.UPDATE)
    assert (entry.actor.email, entry.remote_addr, entry.changes_dict["catchphrase"][1]) == (
        "admin@city.example.jp",
        "192.0.2.10",
        "杜の都",
    )


def test_backup_manifest_counts_the_rows_of_each_model(tmp_path):
    _world()
    archive = tmp_path / "kizuna.tar.gz"

    call_command("backup", str(archive), stdout=StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        names = tar.getnames()
    counts = manifest["counts"]
    assert (
        counts["core.organisation"],
        counts["core.membership"],
        counts["core.invitation"],
        counts["core.user_groups"],
        counts["auth.group_permissions"],
        manifest["media"]["files"],
    ) == (2, 2, 1, 1, 3, 1)
    assert (names[:2], "contenttypes.contenttype" in counts, "sessions.session" in counts) == (
        ["manifest.json", "data.jsonl"],
        False,
        False,
    )


def test_restore_refuses_a_database_that_holds_data(tmp_path):
    _world()
    archive = tmp_path / "kizuna.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    arrange_update(Organisation.objects.filter(name="仙台市"), catchphrase="changed after the backup")

    with pytest.raises(CommandError) as excinfo:
        call_command("restore", str(archive), stdout=StringIO())

    assert "not empty" in str(excinfo.value)
    assert Organisation.objects.get(name="仙台市").catchphrase == "changed after the backup"


def test_restore_with_force_replaces_what_is_there(tmp_path):
    _world()
    archive = tmp_path / "kizuna.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    arrange_update(Organisation.objects.filter(name="仙台市"), catchphrase="changed after the backup")
    UserFactory(email="late@city.example.jp")

    call_command("restore", str(archive), "--force", stdout=StringIO())

    assert (
        Organisation.objects.get(name="仙台市").catchphrase,
        User.objects.filter(email="late@city.example.jp").exists(),
        Membership.objects.count(),
    ) == ("杜の都", False, 2)


def _tamper(archive, out, change):
    """Copy an archive, passing the manifest through `change`."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
                member.size = len(content)
            dst.addfile(member, io.BytesIO(content))


def test_restore_with_counts_that_do_not_match_the_manifest_restores_nothing(tmp_path, media_root):
    _world()
    archive, tampered = tmp_path / "kizuna.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    _tamper(archive, tampered, lambda m: m["counts"].update({"core.membership": 3}))
    _empty_everything(media_root)

    with pytest.raises(BackupError) as excinfo:
        restore(tampered)

    assert "core.membership: 3 expected, 2 loaded" in str(excinfo.value)
    assert (User.objects.count(), Organisation.objects.count(), list(media_root.rglob("*.pdf"))) == (0, 0, [])


def test_restore_refuses_a_backup_from_a_newer_schema(tmp_path, media_root):
    _world()
    archive, tampered = tmp_path / "kizuna.tar.gz", tmp_path / "newer.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    _tamper(archive, tampered, lambda m: m["migrations"]["core"].append("9999_from_the_future"))
    _empty_everything(media_root)

    with pytest.raises(BackupError) as excinfo:
        restore(tampered)

    assert "core.9999_from_the_future" in str(excinfo.value)


def test_a_restored_published_answer_is_found_by_its_words(world, tmp_path, media_root):
    """The archive holds the search documents' rows, not the full-text index beside them (SQLite's FTS5 table,
    PostgreSQL's vector and titles): a restore writes their terms again, so search finds what it found before."""
    staff = world.people["office_staff"]
    request = to_office(world, file_research(world, "除雪"))
    request = requests_services.answer_request(by=staff, request=request, deliverable="回答です。")
    requests_services.publish_research(by=staff, request=request, publish=True, title="除雪の体制", title_en="",
                                       summary="豪雪地帯の市町村は除雪の体制を見直している。", summary_en="")
    archive = tmp_path / "kizuna.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    _empty_everything(media_root)
    if connection.vendor == "sqlite":  # a new database has no index rows; flush leaves FTS5's behind
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_searchdocument_fts")

    call_command("restore", str(archive), stdout=StringIO())

    found = Client().get("/api/v1/requests/research", {"q": "豪雪"})
    assert [answer["title"] for answer in found.json()] == ["除雪の体制"]
