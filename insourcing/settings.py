"""Settings for Insourcing, driven by the environment (see .env.example).

Every value has a safe default for development except SECRET_KEY, which is required
whenever DEBUG is off. Values that cannot be parsed stop start-up with a message naming
the variable, rather than being silently read as something else.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean that refuses anything but a clear yes or no (django-environ reads typos as False)."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of {sorted(_TRUE | _FALSE)}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}")
    return value


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    raw = env.str(name, default=default).strip()
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in schemes:
        raise ImproperlyConfigured(f"{name}={raw!r} must be a URL starting with one of: {', '.join(schemes)}://")
    return raw


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address, for links in emails (a background job has no request to take the host from).
# Development serves on make run's address; production without it falls back to the first allowed host, and
# `check --deploy` warns (insourcing/checks.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
if SITE_URL:
    SITE_URL = env_url("SITE_URL", SITE_URL, schemes=("https", "http")).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "insourcing",
    "contracts",
    # Its own app label inside the contracts layer: the watch on Find a Tender and Contracts Finder.
    "contracts.notices.apps.NoticesConfig",
    "campaigns",
    "surveys",
    # The top layer last: it reads every app above and nothing imports it. The API keeps its app label "api".
    "overview.api",
    "overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "insourcing.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "insourcing.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "insourcing.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "insourcing.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "insourcing.urls"
WSGI_APPLICATION = "insourcing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "insourcing.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
# A connection that died while idle (database restart) is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # The development database ignores covering-index columns; PostgreSQL (production, tests) uses them.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss")) if env.str("REDIS_URL", "") else ""

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
    }

# Dashboards cache their computed figures per branch data generation (insourcing/freshness.py); this is the
# backstop for a change that reached no generation bump, and the longest a reader sees old figures.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 5 * 60)

AUTH_USER_MODEL = "insourcing.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 8 hours of inactivity ends a session (officers on shared branch-office computers);
# the key is rotated at login and deleted server-side at logout (Django's auth views do both).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
# Saved when changed, and its expiry moved on at most once a minute (insourcing.middleware.SessionMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Login brute-force protection: 5 failures for one account from one address locks that pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package.json) and are served straight from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Media is never served by URL: every download goes through a view that checks access.
MEDIA_URL = "/media-not-served/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# One uploaded file (forms say so next to the field); a whole request over MAX_REQUEST_BYTES is refused with a
# 413 page before Django reads it.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
# At least one whole file, or the 413 page would refuse a file the form says is allowed.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 2 * MAX_UPLOAD_BYTES, minimum=MAX_UPLOAD_BYTES)
# Uploaded contract registers can hold officers' names and emails: kept this many days after the import finishes.
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 30, minimum=1)
# Import limits (contracts/imports/limits.py), checked by the worker before any parsing and stated in one message.
# Each uploaded file is at most MAX_UPLOAD_BYTES and a request with several files at most MAX_REQUEST_BYTES (the
# 413 page). An Excel workbook or a zip is checked from its directory alone: the sizes its parts declare when
# unpacked (zipfile never unpacks more than a part declares), their compression ratio and the shared text table.
IMPORT_MAX_UNZIPPED_BYTES = env_int("IMPORT_MAX_UNZIPPED_BYTES", 150 * 1024 * 1024, minimum=MAX_UPLOAD_BYTES)
IMPORT_MAX_ZIP_RATIO = env_int("IMPORT_MAX_ZIP_RATIO", 100, minimum=2)
IMPORT_MAX_SHARED_STRINGS_BYTES = env_int("IMPORT_MAX_SHARED_STRINGS_BYTES", 30 * 1024 * 1024, minimum=1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=10)
# Files in one upload or one zip: Contracts Finder downloads come as many small JSON files.
IMPORT_MAX_FILES = env_int("IMPORT_MAX_FILES", 200, minimum=1)
# A job busy (or waiting for the worker) longer than this has lost its worker: the sweep stops it and deletes
# its file. Longer than the import task's hard time limit (contracts/imports/tasks.py) plus the outbox's retries.
IMPORT_STUCK_AFTER_MINUTES = env_int("IMPORT_STUCK_AFTER_MINUTES", 30, minimum=5)

# Mail: every message is built by insourcing/emails.py.
if env.str("EMAIL_URL", ""):
    _email = env.email_url("EMAIL_URL")
    vars().update(_email)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    raise ImproperlyConfigured("EMAIL_URL is required when DEBUG is off (e.g. smtp+tls://user:pass@host:587)")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Insourcing <noreply@insourcing.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The union's name, used wherever the guide's templates say UNISON.
UNION_NAME = env.str("UNION_NAME", default="UNISON")
UNION_JOIN_URL = env.str("UNION_JOIN_URL", default="https://join.unison.org.uk/")

# Survey answers sent per client address in 10 minutes (surveys/ratelimit.py); generous, as a canteen's wifi
# puts many phones behind one address.
SURVEY_SUBMIT_LIMIT = env_int("SURVEY_SUBMIT_LIMIT", 30, minimum=1)

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/, which needs no
# server and still runs a real worker and beat.
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Longer than any task's time limit plus retry countdown, so a slow task is never delivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_connect_timeout": 3, "socket_timeout": 10}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Watching Find a Tender and Contracts Finder (contracts/notices). Off unless set: an installation without
# internet (and `make run`'s demo) asks nobody; tests turn it on and point the base URLs at a local server.
NOTICES_FETCH_ENABLED = env_bool("NOTICES_FETCH_ENABLED", False)
NOTICES_FIND_A_TENDER_URL = env_url(
    "NOTICES_FIND_A_TENDER_URL", "https://www.find-tender.service.gov.uk", schemes=("https", "http")
).rstrip("/")
NOTICES_CONTRACTS_FINDER_URL = env_url(
    "NOTICES_CONTRACTS_FINDER_URL", "https://www.contractsfinder.service.gov.uk", schemes=("https", "http")
).rstrip("/")
# Find a Tender allows 12 requests in 2 minutes: one page every 10 seconds stays under it.
NOTICES_PAGE_PAUSE_SECONDS = env_int("NOTICES_PAGE_PAUSE_SECONDS", 10)
NOTICES_FIRST_DAYS = env_int("NOTICES_FIRST_DAYS", 7, minimum=1)  # how far back the very first pass reads

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {"TITLE": "Insourcing read API", "VERSION": "1.0.0", "SERVE_INCLUDE_SCHEMA": False}

# Security headers. CSP has no 'unsafe-inline' anywhere: templates carry no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"forbidden_without_traceback": {"()": "insourcing.security_log.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # runserver's request log line carries no client address; keep it that way for /s/ survey paths.
        "django.server": {"level": "INFO"},
        # A 403 is an expected refusal: one warning line, no traceback (see the filter).
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
