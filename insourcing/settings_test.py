"""Test settings: production settings with only what speed and isolation need changed."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-used-anywhere-else-0123456789abcdef")
os.environ.setdefault("EMAIL_URL", "memorymail://")

from .settings import *  # noqa: F403
from .settings import env

# A cell that does not fit its column kind fails the test instead of going out as text.
EXPORTS_STRICT = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client speaks plain HTTP; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Shared with the Celery worker the tests start, so both see the same files.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="insourcing-media-"))
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]  # noqa: F405
# Migrations must stay safe to run while the previous release serves traffic.
MIGRATION_LINTER_OPTIONS = {"exclude_apps": ["admin", "auth", "contenttypes", "sessions", "axes"]}
# axe-core (npm) is served like our own scripts so browser tests run it without loosening the CSP.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("vendor/axe", BASE_DIR / "node_modules" / "axe-core")]  # noqa: F405
if os.environ.get("INSOURCING_TEST_WORKER"):
    # Test workers also know a deliberately slow document kind, to be killed mid-render.
    INSTALLED_APPS = [*INSTALLED_APPS, "insourcing.tests.slowkind"]
    # The worker runs in another process: tests read its mail from files.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["INSOURCING_TEST_MAIL_DIR"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": REDIS_URL}}  # noqa: F405
# No test reaches the internet: the notice feeds stay off unless a test turns them on and points them at its
# local replay server, and pages follow each other without the production pause.
NOTICES_FETCH_ENABLED = False
NOTICES_FIND_A_TENDER_URL = "http://127.0.0.1:9"
NOTICES_CONTRACTS_FINDER_URL = "http://127.0.0.1:9"
NOTICES_PAGE_PAUSE_SECONDS = 0
if os.environ.get("INSOURCING_TEST_REPLAY_URL"):
    # The test worker reads both feeds from the session's local replay server (conftest `celery_worker`). Beat
    # does not run in tests: only a test that enqueues a read makes the worker ask it anything.
    NOTICES_FETCH_ENABLED = True
    NOTICES_FIND_A_TENDER_URL = NOTICES_CONTRACTS_FINDER_URL = os.environ["INSOURCING_TEST_REPLAY_URL"]
