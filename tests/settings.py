"""Settings for the test suite: the project's settings plus a small app that exercises the workflow helper."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("KIZUNA_DEV", "1")

from kizuna.settings import *  # noqa: E402,F403
from kizuna.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kizuna-test-media-"))  # uploads and letters made by tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every write a page or an API call makes must leave its audit entry (kizuna/core/audit.py): fail loudly.
KIZUNA_AUDIT_STRICT = True

# Each test clears the cache (tests/conftest.py), and RedisCache.clear() empties its whole Redis database: the
# suite keeps to the database cache whatever KIZUNA_REDIS_URL says. tests/ops/test_at_scale.py runs on Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kizuna_cache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
