"""A portable backup of Kizuna: one .tar.gz with the data, the uploaded files and a manifest.

    manifest.json   format, versions, time, applied migrations, rows per model, files, data checksum
    data.jsonl      every row of every model (Django's JSON Lines serialisation, primary keys kept;
                    content types and permissions by natural key, since migrate recreates them)
    media/...       every file of the default storage (MEDIA_ROOT, or object storage)

It moves a Kizuna between machines and between SQLite and PostgreSQL. For production PostgreSQL the native
tools (pg_dump -Fc, WAL archiving) are faster and give point-in-time recovery: docs/backup-and-restore.md.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import unlogged
from .search.fulltext import rewrite_terms

FORMAT = "kizuna-backup"
FORMAT_VERSION = 1
MANIFEST, DATA, MEDIA = "manifest.json", "data.jsonl", "media/"
# Recreated by `migrate` (post_migrate) or worthless after a restore: not backed up.
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Rows that point at these are written with natural keys: their ids differ between databases.
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class RestoreReport:
    counts: dict = field(default_factory=dict)
    files: int = 0
    indexed: int = 0  # search documents whose full-text terms were written again
    warnings: list = field(default_factory=list)


def backed_up_models() -> list:
    """Every concrete model with a table of its own, ordered so that referenced rows come first."""
    by_app = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in EXCLUDED:
            continue
        by_app.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _m2m_tables(model) -> list:
    throughs = [f.remote_field.through for f in model._meta.local_many_to_many]
    return [through for through in throughs if through._meta.auto_created]


class _Encoder(DjangoJSONEncoder):
    """Django's encoder without its cut of datetimes and times to milliseconds: a backup keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and timezone.is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines with natural keys only for content types and permissions; other references keep their id."""

    def _natural_for(self, field) -> bool:
        return field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural_for(field)
        super().handle_m2m_field(obj, field)


def _counting(iterable, counts: dict, label: str):
    for item in iterable:
        counts[label] += 1
        yield item


def _dump(stream, using: str) -> dict:
    counts = {}
    serializer = _Serializer()
    for model in backed_up_models():
        label = model._meta.label_lower
        counts[label] = 0
        m2m = [f.name for f in model._meta.local_many_to_many]
        queryset = model._base_manager.using(using).order_by("pk").prefetch_related(*m2m)
        serializer.serialize(_counting(queryset.iterator(chunk_size=2000), counts, label), stream=stream,
                             use_natural_foreign_keys=False, use_natural_primary_keys=False, cls=_Encoder)
        for through in _m2m_tables(model):
            counts[through._meta.label_lower] = through._base_manager.using(using).count()
    return counts


def _applied_migrations(using: str) -> dict:
    applied = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_files(storage, directory: str = ""):
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(directory, name)) if directory else name
    for sub in sorted(dirs):
        yield from _media_files(storage, str(PurePosixPath(directory, sub)) if directory else sub)


def _kizuna_version() -> str:
    try:
        return version("kizuna")
    except PackageNotFoundError:
        return "unknown"


@contextmanager
def _snapshot(using: str):
    """One transaction that sees one state of the database (REPEATABLE READ on PostgreSQL, like pg_dump)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, storage=None) -> dict:
    """Write the archive to `path` (atomically: a failed backup leaves no file) and return its manifest."""
    storage = storage or default_storage
    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".kizuna-backup-") as tmp:
        data_path = Path(tmp) / DATA
        with _snapshot(using), open(data_path, "w", encoding="utf-8") as stream:
            counts = _dump(stream, using)
            migrations = _applied_migrations(using)
        media = list(_media_files(storage))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "kizuna_version": _kizuna_version(),
            "django_version": django.get_version(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "counts": counts,
            "data_sha256": _sha256(data_path),
            "media": {"files": len(media), "bytes": sum(storage.size(name) for name in media)},
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            tar.add(data_path, arcname=DATA)
            for name in media:
                info = tarfile.TarInfo(MEDIA + name)
                info.size = storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as fh:
                    tar.addfile(info, fh)
        os.chmod(partial, 0o600)  # password hashes, TOTP secrets and personal data
        os.replace(partial, path)
    return manifest


def _add_bytes(tar, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(tar) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(_("This is not a Kizuna backup: it has no readable manifest.")) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("Unsupported backup format %(format)s version %(version)s.")
                          % {"format": manifest.get("format"), "version": manifest.get("format_version")})
    return manifest


def _check_migrations(manifest: dict, using: str, report: RestoreReport) -> None:
    here = {(app, name) for app, names in _applied_migrations(using).items() for name in names}
    there = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    missing = sorted(f"{app}.{name}" for app, name in there - here)
    if missing:
        raise BackupError(
            _("The backup comes from a newer schema; run `kizuna migrate` with a Kizuna that has these "
              "migrations first: %(missing)s") % {"missing": ", ".join(missing[:10])}
        )
    if here - there:
        report.warnings.append(_("The database has migrations the backup lacks; the data was loaded into the "
                                 "newer schema."))


def _rows(using: str) -> dict:
    counts = {}
    for model in backed_up_models():
        counts[model._meta.label_lower] = model._base_manager.using(using).count()
        for through in _m2m_tables(model):
            counts[through._meta.label_lower] = through._base_manager.using(using).count()
    return counts


def _media_members(tar) -> list:
    members = []
    for member in tar.getmembers():
        if not member.name.startswith(MEDIA):
            continue
        name = member.name[len(MEDIA):]
        parts = PurePosixPath(name).parts
        if not member.isfile() or not parts or name.startswith("/") or ".." in parts:
            raise BackupError(_("Refusing an unsafe file name in the backup: %(name)s")
                              % {"name": member.name})
        members.append((name, member))
    return members


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS, force: bool = False, storage=None) -> RestoreReport:
    """Load a backup into a migrated database, in one transaction; the counts are checked before commit.

    Without `force` the database must hold no rows (content types and permissions aside) and the storage
    none of the backup's files; with `force` the database is emptied first and same-named files replaced."""
    storage = storage or default_storage
    report = RestoreReport()
    with tarfile.open(path, "r:gz") as tar, tempfile.TemporaryDirectory(prefix="kizuna-restore-") as tmp:
        manifest = read_manifest(tar)
        _check_migrations(manifest, using, report)
        media = _media_members(tar)
        data_path = Path(tmp) / DATA
        with tar.extractfile(DATA) as src, open(data_path, "wb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                dst.write(block)
        if _sha256(data_path) != manifest["data_sha256"]:
            raise BackupError(_("The data in the backup does not match its checksum: the archive is "
                                "damaged."))
        with transaction.atomic(using=using), unlogged("restoring a backup: rows come back as they were"):
            _make_room(using, storage, media, force)
            call_command("loaddata", str(data_path), database=using, verbosity=0)
            report.counts = _rows(using)
            wrong = {label: (n, report.counts.get(label)) for label, n in manifest["counts"].items()
                     if report.counts.get(label) != n}
            if wrong:
                details = ", ".join(f"{label}: {want} expected, {got} loaded"
                                    for label, (want, got) in sorted(wrong.items()))
                raise BackupError(_("The restored rows do not match the manifest (%(details)s); nothing was "
                                    "restored.") % {"details": details})
            for name, member in media:
                with tar.extractfile(member) as fh:
                    saved = storage.save(name, File(fh, name=name))
                if saved != name:
                    raise BackupError(_("The file %(name)s could not be restored under its own name.")
                                      % {"name": name})
                report.files += 1
            # the full-text index beside the documents is not in the archive: written from their text (the
            # search module writes through the default database only)
            if using == DEFAULT_DB_ALIAS:
                report.indexed = rewrite_terms()
    return report


def _make_room(using: str, storage, media: list, force: bool) -> None:
    filled = {label: n for label, n in _rows(using).items() if n}
    clashing = [name for name, _member in media if storage.exists(name)]
    if not force and (filled or clashing):
        what = ", ".join([f"{label} ({n})" for label, n in sorted(filled.items())][:8] + clashing[:3])
        raise BackupError(
            _("The database or the file storage is not empty (%(what)s). Restore into a freshly migrated "
              "database, or use --force to replace what is there.") % {"what": what}
        )
    if filled:
        call_command("flush", database=using, interactive=False, verbosity=0)
    for name in clashing:
        storage.delete(name)
