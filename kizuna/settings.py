"""Kizuna settings: one module, configured by the environment.

Environment variables:
  DATABASE_URL        default sqlite:///<project>/var/kizuna.sqlite3
  SECRET_KEY          required when DEBUG is off
  SECRET_KEY_FALLBACKS  previous keys, comma separated, during a key rotation
  DEBUG               "1" to turn on debug pages
  ALLOWED_HOSTS       comma separated
  EMAIL_URL-ish:      EMAIL_HOST, EMAIL_PORT (when unset, mail is written to files in var/mail/)
  MEDIA_ROOT          where uploaded and generated files live
  KIZUNA_SITE_URL     absolute base URL used in mail
  KIZUNA_OAI_NAMESPACE  the domain in the library's OAI-PMH identifiers (default kizuna.clair.or.jp)
  KIZUNA_REDIS_URL    shared cache (and session reads) in Redis; KIZUNA_CACHE_KEY_PREFIX, KIZUNA_SESSION_ENGINE
  KIZUNA_TRUSTED_PROXY_COUNT  proxies (load balancers) in front of Kizuna that add to X-Forwarded-For
  KIZUNA_CLIENT_IP_HEADER     or: the header a trusted proxy puts the client's address in (e.g. X-Real-IP)
  KIZUNA_SEALING_KEYS  Fernet keys (comma separated, the first seals) for content sealed at rest: counselling
                       messages and notes (kizuna/core/sealed.py); required in production
  KIZUNA_COUNSELLING_RETENTION_DAYS  days after a participant's departure before their counselling cases are
                       deleted (default 365)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KIZUNA_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "kizuna-insecure-development-key-never-use-in-production" if DEBUG or env_bool("KIZUNA_DEV") else None
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set (or DEBUG=1 / KIZUNA_DEV=1 for local use)")
# Previous keys, still accepted for signatures while a new SECRET_KEY rolls out (docs/operations.md).
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]
# Keys of content sealed at rest, kept outside the database (kizuna/core/sealed.py, docs/operations.md).
KIZUNA_SEALING_KEYS = [k for k in os.environ.get("KIZUNA_SEALING_KEYS", "").split(",") if k.strip()]
KIZUNA_COUNSELLING_RETENTION_DAYS = int(os.environ.get("KIZUNA_COUNSELLING_RETENTION_DAYS", "365"))
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("KIZUNA_SITE_URL", "http://127.0.0.1:8000")
# The namespace of the library's OAI-PMH identifiers (oai:<namespace>:library/<id>): a domain CLAIR holds.
KIZUNA_OAI_NAMESPACE = os.environ.get("KIZUNA_OAI_NAMESPACE", "kizuna.clair.or.jp")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "template_partials",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
    "kizuna.core",
    "kizuna.plan",
    "kizuna.grants",
    "kizuna.signage",
    "kizuna.events",
    "kizuna.requests",
    "kizuna.dispatch",
    "kizuna.jet",
    "kizuna.learning",
    "kizuna.counselling",
    "kizuna.careers",
    "kizuna.alumni",
    "kizuna.library",
    "kizuna.newsletter",
    "kizuna.social",
    "kizuna.networks",
    "kizuna.delegations",
    "kizuna.awards",
    "kizuna.exchange",
    "kizuna.secondments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kizuna.core.middleware.RejectLongUrlMiddleware",
    "kizuna.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kizuna.core.middleware.AuditlogMiddleware",
    "kizuna.core.audit.AuditMiddleware",
    "kizuna.core.middleware.RequireStaffMFAMiddleware",
]

ROOT_URLCONF = "kizuna.urls"
WSGI_APPLICATION = "kizuna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kizuna.core.context_processors.kizuna",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kizuna.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("KIZUNA_TEST_SQLITE") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # pg_trgm and Japanese text need LC_CTYPE C.UTF-8. Kizuna's backend (Django's plus a check, kizuna.W001)
    # creates the test database from template0 with that locale, whatever the cluster's default is.
    DATABASES["default"]["ENGINE"] = "kizuna.core.postgresql"
    DATABASES["default"].setdefault("TEST", {}).update(
        TEMPLATE="template0", CHARSET="UTF8", LC_COLLATE="C.UTF-8", LC_CTYPE="C.UTF-8"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("KIZUNA_FAST_PASSWORDS"):
    # Tests and benchmarks only: hashing with PBKDF2 dominates otherwise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Accounts (django-allauth): email is the login, verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "kizuna.core.accounts.AccountAdapter"
# Lock-out: after 5 failed logins for one account, 15 minutes without logging in.
ACCOUNT_LOGIN_FAILED_LOCKOUT = int(os.environ.get("KIZUNA_LOGIN_ATTEMPTS", "5"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{ACCOUNT_LOGIN_FAILED_LOCKOUT}/900s/key",
}
# The client's address, for login rate limits and the audit log (kizuna.core.middleware.AuditlogMiddleware).
# Without a trusted proxy it is the connection's address and X-Forwarded-For is ignored (anyone can send one).
# Behind a load balancer, set how many proxies of ours append to X-Forwarded-For (the address the outermost one
# saw is taken), or the header one of them sets to the client's address; otherwise every failed login counts
# against the balancer's address and 20 a minute from anyone block everyone's logins (docs/deploy-at-scale.md).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("KIZUNA_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("KIZUNA_CLIENT_IP_HEADER") or None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kizuna] "
MFA_ADAPTER = "kizuna.core.mfa.MFAAdapter"  # TOTP secrets encrypted at rest
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Kizuna"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or env_bool("KIZUNA_DEV")

# A page or API call that writes an audited record without its audit entry fails (kizuna/core/audit.py) when
# strict (tests, DEBUG); otherwise the missing entry is reported in the error log and the request goes on.
KIZUNA_AUDIT_STRICT = env_bool("KIZUNA_AUDIT_STRICT", DEBUG)
LOGIN_REDIRECT_URL = "core:home"
LOGIN_URL = "account_login"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "build" / "static"] if (PROJECT_DIR / "build" / "static").exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
for _directory in (VAR_DIR, STATIC_ROOT, MEDIA_ROOT):
    _directory.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    # A mail server that stops answering must not hold a sender (or a task worker) for ever.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    # Without a mail server, each mail is written to a file under var/mail/ (one per sending), so that a local
    # run's output stays readable and the mails can still be read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ.get("KIZUNA_MAIL_DIR", str(VAR_DIR / "mail"))
EMAIL_SUBJECT_PREFIX_KIZUNA = "[Kizuna] "
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kizuna <no-reply@kizuna.example.jp>")
# Replies to requests by mail (docs/requests.md): mail to a requester about a staff reply answers to
# requests+<request>-<mac>@ this domain; the mail server pipes that address to `kizuna requests_inbound`.
REQUESTS_INBOUND = os.environ.get("KIZUNA_REQUESTS_INBOUND", "requests@kizuna.example.jp")
# The mail magazine and the newsletters (docs/newsletter.md): the sender's address, the bounce address (each
# reader's mail goes out from bounces+<tag>@ that domain, VERP), the rate the mail server accepts (mails a second),
# how long a sender holds an issue before another may take over, and how long one task-worker slice sends.
NEWSLETTER_FROM = os.environ.get("KIZUNA_NEWSLETTER_FROM", "magazine@kizuna.example.jp")
NEWSLETTER_BOUNCES = os.environ.get("KIZUNA_NEWSLETTER_BOUNCES", "bounces@kizuna.example.jp")
NEWSLETTER_RATE = float(os.environ.get("KIZUNA_NEWSLETTER_RATE", "100"))
NEWSLETTER_LEASE_SECONDS = int(os.environ.get("KIZUNA_NEWSLETTER_LEASE_SECONDS", "60"))
NEWSLETTER_TASK_SECONDS = int(os.environ.get("KIZUNA_NEWSLETTER_TASK_SECONDS", "120"))

# Shared by every app-server process: login lock-outs, rate limits, the TOTP replay guard and the dashboard's
# version must count across workers and servers. KIZUNA_REDIS_URL puts it in Redis (and wins over
# KIZUNA_CACHE_BACKEND / KIZUNA_CACHE_LOCATION); the default is the database table kizuna_cache.
# KIZUNA_CACHE_KEY_PREFIX keeps several sites (or test runs) apart in one Redis (docs/deploy-at-scale.md).
REDIS_URL = os.environ.get("KIZUNA_REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache" if REDIS_URL else os.environ.get(
            "KIZUNA_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": REDIS_URL or os.environ.get("KIZUNA_CACHE_LOCATION", "kizuna_cache"),
        "KEY_PREFIX": os.environ.get("KIZUNA_CACHE_KEY_PREFIX", ""),
    }
}
# Sessions are kept in the database (a cache flush logs nobody out); with Redis they are read from the cache.
SESSION_ENGINE = os.environ.get(
    "KIZUNA_SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db",
)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("KIZUNA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("KIZUNA_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from Kizuna's own origin; an inline <script> or <style> only
# with the request's nonce (`nonce="{{ request.csp_nonce }}"`), no inline event handlers (onclick=) or style
# attributes, no eval (htmx is configured without it in base.html); QR codes may be data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # fixtures and restores are not business actions

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
