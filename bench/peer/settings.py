"""Production-like settings for the peer, as a team would deploy it: the app's choices where the peer allows them.

DEBUG off, PostgreSQL with persistent connections (CONN_MAX_AGE 60, as the app), database sessions (the peer keeps
its multi-step answers in the session), Django's default middleware. PEER_DATABASE_URL and SECRET_KEY come from
scripts/bench.sh.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

_db = urlsplit(os.environ["PEER_DATABASE_URL"])
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.peer.urls"
WSGI_APPLICATION = "bench.peer.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "survey",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username,
        "PASSWORD": _db.password,
        "HOST": _db.hostname,
        "PORT": _db.port,
        "CONN_MAX_AGE": 60,
    }
}
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
# The peer's settings: where its CSV export is written, and what an unanswered question shows.
CSV_DIRECTORY = Path(os.environ.get("PEER_CSV_DIRECTORY", "/tmp"))
TEX_DIRECTORY = CSV_DIRECTORY
USER_DID_NOT_ANSWER = "Left blank"
EXCEL_COMPATIBLE_CSV = False
CHOICES_SEPARATOR = ","
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
