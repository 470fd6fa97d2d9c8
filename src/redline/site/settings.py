"""Django settings, read once from ``REDLINE_*`` environment variables.

SQLite (WAL, foreign keys on) under ``REDLINE_DATA_DIR`` by default; PostgreSQL or
any other database through ``DATABASE_URL``. Outside debug mode a missing or
placeholder ``REDLINE_SECRET_KEY`` is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from redline.core import datadir


def _bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = datadir.data_dir()

DEBUG = _bool("REDLINE_DEBUG")
PLACEHOLDER_SECRETS = datadir.PLACEHOLDER_SECRETS
SECRET_KEY = os.environ.get("REDLINE_SECRET_KEY") or datadir.read_secret_key(DATA_DIR) or ""
_secret_problem = datadir.secret_key_problem(SECRET_KEY)
if _secret_problem:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"REDLINE_SECRET_KEY {_secret_problem}: run `redline init` to keep a generated one in the data "
            f"directory {DATA_DIR} (set REDLINE_DATA_DIR to use another folder), or set REDLINE_SECRET_KEY to a long "
            "random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'); REDLINE_DEBUG=1 for development"
        )
    if SECRET_KEY.strip().lower() in PLACEHOLDER_SECRETS:
        SECRET_KEY = "redline-development-only-key-" + "x" * 32

ALLOWED_HOSTS = _list("REDLINE_ALLOWED_HOSTS", "127.0.0.1,localhost" + (",testserver" if DEBUG else ""))
CSRF_TRUSTED_ORIGINS = _list("REDLINE_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("REDLINE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "redline.accounts",
    "redline.ledger",
    "redline.registry",
    "redline.enumeration",
    "redline.disclosure",
    "redline.commitments",
    "redline.evidence",
    "redline.decisions",
    "redline.risk_runs",
    "redline.forecasts",
    "redline.safety_cases",
    "redline.documents",
    "redline.transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "redline.http.guard.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "redline.http.timezones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "redline.ledger.middleware.LedgerActorMiddleware",
    "redline.http.errors.RedlineErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "redline.site.urls"
WSGI_APPLICATION = "redline.site.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "redline.site.context.site",
            ],
            "builtins": ["redline.http.templatetags"],
        },
    },
]

# --- database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'redline.sqlite3'}",
        conn_max_age=int(os.environ.get("REDLINE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
_AUTOCHECKPOINT = int(os.environ.get("REDLINE_SQLITE_AUTOCHECKPOINT", "1000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # wal_autocheckpoint: SQLite's default of 1,000 pages, larger under `redline serve`, whose
        # checkpointer thread copies the log back off the request path (redline.site.checkpoint).
        # temp_store=MEMORY: a statement that changes more than 64 KiB of pages (a report's 37 band keys
        # land on 37 random pages of the duplicate index) kept its undo journal in a new file in
        # /var/tmp, created and deleted once per report; in memory, intake took 14% more reports a
        # second (docs/benchmarks.md). Large sorts (an index built by a migration) use memory too.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                        f"PRAGMA wal_autocheckpoint={_AUTOCHECKPOINT}; PRAGMA temp_store=MEMORY;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- passwords and sessions ---------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_COOKIES = _bool("REDLINE_SECURE_COOKIES", default=not DEBUG)
WEBHOOK_ALLOW_PRIVATE = _bool("REDLINE_WEBHOOK_ALLOW_PRIVATE")  # webhooks to the local network (SSRF guard off)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = int(os.environ.get("REDLINE_HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = _bool("REDLINE_SSL_REDIRECT")
BEHIND_PROXY = _bool("REDLINE_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- rate limits ----------------------------------------------------------------
#: Failed sign-ins allowed per (IP, account) in the window before refusing.
LOGIN_FAILURE_LIMIT = int(os.environ.get("REDLINE_LOGIN_FAILURE_LIMIT", "5"))
#: Failed API-token checks allowed per IP in the window.
TOKEN_FAILURE_LIMIT = int(os.environ.get("REDLINE_TOKEN_FAILURE_LIMIT", "20"))
RATE_LIMIT_WINDOW = int(os.environ.get("REDLINE_RATE_LIMIT_WINDOW", "900"))
#: Failed sign-ins allowed per IP address alone (any account) in the window.
LOGIN_FAILURE_LIMIT_PER_IP = int(os.environ.get("REDLINE_LOGIN_FAILURE_LIMIT_PER_IP", "50"))
#: Anonymous reports allowed per client address in REPORT_RATE_WINDOW seconds (each one notifies vendors).
REPORT_RATE_LIMIT = int(os.environ.get("REDLINE_REPORT_RATE_LIMIT", "10"))
REPORT_RATE_WINDOW = int(os.environ.get("REDLINE_REPORT_RATE_WINDOW", "3600"))
#: The largest page the API serves (``limit`` above it is capped).
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_PER_PAGE = 50

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

# --- coordinated disclosure (docs/disclosure.md#embargo-per-case) ---------------------------
#: Longest embargo, in days from its start.
EMBARGO_MAX_DAYS = int(os.environ.get("REDLINE_EMBARGO_MAX_DAYS", "90"))
#: Longest embargo once every accepted vendor has a fix ready, in days after the last fix.
EMBARGO_AFTER_FIX_DAYS = int(os.environ.get("REDLINE_EMBARGO_AFTER_FIX_DAYS", "30"))
#: Longest embargo once misuse is seen in the wild, in days after it was seen.
EMBARGO_IN_THE_WILD_DAYS = int(os.environ.get("REDLINE_EMBARGO_IN_THE_WILD_DAYS", "7"))
#: Days a vendor has to answer a dispute before the adjudicator may decide without its answer.
DISPUTE_ANSWER_DAYS = int(os.environ.get("REDLINE_DISPUTE_ANSWER_DAYS", "14"))

# --- limits on what a request may send (docs/security.md#limits) ----------------------
#: Largest request body, uploads included; larger requests answer 413 before they are read.
MAX_UPLOAD_BYTES = int(os.environ.get("REDLINE_MAX_UPLOAD_BYTES", str(256 * 1024 * 1024)))
#: Largest body that is not a multipart upload (JSON, form fields); Django's own cap as well.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("REDLINE_MAX_BODY_BYTES", str(4 * 1024 * 1024)))
#: What an imported zip archive (an Inspect .eval log) may unpack to: one member, all members, members.
MAX_ARCHIVE_MEMBER_BYTES = int(os.environ.get("REDLINE_MAX_ARCHIVE_MEMBER_BYTES", str(64 * 1024 * 1024)))
MAX_ARCHIVE_UNPACKED_BYTES = int(os.environ.get("REDLINE_MAX_ARCHIVE_UNPACKED_BYTES", str(512 * 1024 * 1024)))
MAX_ARCHIVE_MEMBERS = int(os.environ.get("REDLINE_MAX_ARCHIVE_MEMBERS", "100000"))

# --- e-mail and tasks ---------------------------------------------------------
EMAIL_BACKEND = os.environ.get("REDLINE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("REDLINE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("REDLINE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("REDLINE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("REDLINE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("REDLINE_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("REDLINE_FROM_EMAIL", "redline <noreply@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("REDLINE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- static files, i18n ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "site" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REDLINE_LOG_LEVEL", "WARNING")},
}
