"""Load demo data. Idempotent: running it twice changes nothing. Refused unless DEBUG is on.

Apps add their demo data by defining `seed_demo(tenancy, stdout)` in `<app>/demo.py` or
`<app>/demo_*.py`; this command calls each in dependency order so the project package never imports the apps.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from insourcing import freshness
from insourcing.demo import DEMO_PASSWORD, seed_tenancy
from insourcing.emails import absolute_url
from insourcing.models import Branch

APPS_IN_ORDER = ["contracts", "campaigns", "surveys"]


def _demo_modules():
    """Each app's `demo.py`, then its `demo_*.py` in name order, apps in dependency order."""
    for app in APPS_IN_ORDER:
        folder = Path(apps.get_app_config(app).path)
        names = (["demo"] if (folder / "demo.py").exists() else []) + sorted(p.stem for p in folder.glob("demo_*.py"))
        for name in names:
            yield import_module(f"{app}.{name}")


class Command(BaseCommand):
    help = "Create demo regions, branches, users and data (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with a published password.")
        with transaction.atomic():
            tenancy = seed_tenancy()
            for module in _demo_modules():
                module.seed_demo(tenancy, self.stdout)
            # Demo loaders write with bulk_create and update() too, which send no signals.
            freshness.mark_changed(Branch.objects.values_list("pk", flat=True))
        # SITE_URL, so the links work wherever the demo runs (it defaults to http://127.0.0.1:8000 with DEBUG).
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {absolute_url('/')} with:"))
        for email, role in [
            ("officer@example.org", "branch officer of Demo City"),
            ("organiser@example.org", "regional organiser, Eastern region"),
            ("admin@example.org", "staff admin"),
        ]:
            self.stdout.write(f"  {email:<24} / {DEMO_PASSWORD}   ({role})")
