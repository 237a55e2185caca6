"""Text sealed at rest: encrypted in the database with keys that live outside it.

    body = SealedTextField(_("message"))

A `SealedTextField` holds text in Python (a `SealedBinaryField` bytes: an attachment's content) and a Fernet token
(AES-128-CBC with HMAC-SHA256, the `cryptography` library) in the database, prefixed with `sealed:v1:`. The keys
come from the environment setting `KIZUNA_SEALING_KEYS` (comma-separated Fernet keys, the first one seals, all of
them open), never from the database, so that a copy of the database, a backup (its rows are serialised sealed) or
an operator reading the tables sees no content. Without the keys, reading a sealed value fails loudly
(`SealedError`) instead of showing a wrong text.

Rotation (docs/operations.md): put a new key first and keep the old ones after it, run
`kizuna rotate_sealing_keys` (every sealed value is opened and sealed again with the new key, in batches), then
drop the old keys. Development and tests without the setting derive one key from SECRET_KEY; production refuses
to start without it (system check `kizuna.E010`).

A sealed field cannot be searched or filtered on: its ciphertext differs every time.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import connection, models, transaction

PREFIX = "sealed:v1:"


class SealedError(RuntimeError):
    """A sealed value could not be opened: the key that sealed it is not among KIZUNA_SEALING_KEYS."""


def _development_key() -> bytes:
    digest = hashlib.sha256(f"kizuna-sealing:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def configured_keys() -> list[str]:
    return [k.strip() for k in getattr(settings, "KIZUNA_SEALING_KEYS", []) if k.strip()]


_cache: dict = {}


def _fernet() -> MultiFernet:
    """The keys' Fernet, made once for the settings it comes from: neither the development key (a SHA-256 of
    SECRET_KEY) nor the Fernets are made again for every value sealed or opened."""
    source = (tuple(getattr(settings, "KIZUNA_SEALING_KEYS", ())), settings.SECRET_KEY)
    cached = _cache.get("current")
    if cached is None or cached[0] != source:
        keys = tuple(configured_keys()) or (_development_key().decode(),)
        cached = _cache["current"] = (source, MultiFernet([Fernet(k.encode()) for k in keys]))
    return cached[1]


def new_key() -> str:
    return Fernet.generate_key().decode()


def seal(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def unseal(value: str) -> str:
    try:
        return _fernet().decrypt(value[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise SealedError("A sealed value cannot be opened with the configured KIZUNA_SEALING_KEYS") from None


def _sealable(value) -> bool:
    """Whether a value is sealed on the way to the database: not None, not already sealed, and not empty. An
    empty text is stored as it is (a blank referral or escalation note): it says nothing a token's length would
    not, and lists of rows then open nothing. Reads take both (`from_db_value`), so rows sealed empty before
    still open."""
    return value is not None and value != "" and not is_sealed(value)


class SealedTextField(models.TextField):
    """Text in Python, a sealed token in the database and in serialised rows (backups); the empty text stays
    empty."""

    def from_db_value(self, value, expression, connection):
        if value is None or not is_sealed(value):
            return value
        return unseal(value)

    def to_python(self, value):
        if is_sealed(value):  # a serialised row (restoring a backup)
            return unseal(value)
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return seal(str(value)) if _sealable(value) else value

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return seal(value) if _sealable(value) else value


BYTES_PREFIX = PREFIX.encode()


def seal_bytes(data: bytes) -> bytes:
    return BYTES_PREFIX + _fernet().encrypt(bytes(data))


def unseal_bytes(value: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(value)[len(BYTES_PREFIX):])
    except InvalidToken:
        raise SealedError("A sealed value cannot be opened with the configured KIZUNA_SEALING_KEYS") from None


def _is_sealed_bytes(value) -> bool:
    return isinstance(value, bytes | memoryview | bytearray) and bytes(value[:len(BYTES_PREFIX)]) == BYTES_PREFIX


class SealedBinaryField(models.BinaryField):
    """Bytes (an attachment's content) in Python, a sealed token in the database and in serialised rows."""

    def from_db_value(self, value, expression, connection):
        if value is None or not _is_sealed_bytes(value):
            return value
        return unseal_bytes(value)

    def to_python(self, value):
        if isinstance(value, str):  # a serialised row: base64 of the sealed token
            value = super().to_python(value)
        return unseal_bytes(value) if _is_sealed_bytes(value) else value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not _is_sealed_bytes(value):
            value = seal_bytes(value)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        if value is None:
            return None
        return base64.b64encode(value if _is_sealed_bytes(value) else seal_bytes(value)).decode("ascii")


def sealed_fields() -> list[tuple[type, list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, SealedTextField | SealedBinaryField)]
        if names:
            found.append((model, names))
    return found


def _rotated(value, fernet: MultiFernet):
    if is_sealed(value):
        return PREFIX + fernet.rotate(value[len(PREFIX):].encode()).decode()
    if _is_sealed_bytes(value):
        return BYTES_PREFIX + fernet.rotate(bytes(value)[len(BYTES_PREFIX):])
    return value


def _rotate_table(model, names: list[str], fernet: MultiFernet, batch: int) -> int:
    """Read the raw tokens (not the opened text) batch by batch and write them sealed with the first key."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(model._meta.get_field(n).column) for n in names]
    ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table} "
                           f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            for row_pk, *values in cursor.fetchall():
                fresh = [_rotated(v, fernet) for v in values]
                cursor.execute(f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s",
                               [*fresh, row_pk])
                done += sum(1 for v in values if is_sealed(v) or _is_sealed_bytes(v))
    return done


def rotate(*, batch: int = 500) -> dict[str, int]:
    """Seal every sealed value again with the first key. The rows are written as they are, without an audit
    entry (their content does not change); the command logs the rotation once. Returns the values per model."""
    try:
        fernet = _fernet()
        return {model._meta.label: _rotate_table(model, names, fernet, batch) for model, names in sealed_fields()}
    except InvalidToken:
        raise SealedError("A sealed value cannot be opened with the configured KIZUNA_SEALING_KEYS: keep the "
                          "old key after the new one until the rotation is done") from None


@checks.register(checks.Tags.security, deploy=True)
def sealing_keys(app_configs=None, **kwargs):
    keys = configured_keys()
    errors = []
    if not keys and sealed_fields():
        errors.append(checks.Error("KIZUNA_SEALING_KEYS is not set: sealed content would use a key derived from "
                                   "SECRET_KEY", hint="Generate one with `kizuna rotate_sealing_keys --new-key`.",
                                   id="kizuna.E010"))
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(checks.Error("A key in KIZUNA_SEALING_KEYS is not a Fernet key (32 url-safe base64 "
                                       "bytes)", id="kizuna.E011"))
    return errors
