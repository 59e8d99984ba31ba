"""Load demo data. Idempotent: running it twice changes nothing. Refused unless DEBUG is on.

Apps add their demo data by defining `seed_demo(tenancy, stdout)` in `<app>/demo.py`; this command calls
each in dependency order so the project package never imports the apps.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from insourcing.demo import DEMO_PASSWORD, seed_tenancy

APPS_IN_ORDER = ["contracts", "campaigns", "surveys"]


class Command(BaseCommand):
    help = "Create demo regions, branches, users and data (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with a published password.")
        with transaction.atomic():
            tenancy = seed_tenancy()
            for app in APPS_IN_ORDER:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed_demo(tenancy, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000 with:"))
        for email, role in [
            ("officer@example.org", "branch officer of Demo City"),
            ("organiser@example.org", "regional organiser, Eastern region"),
            ("admin@example.org", "staff admin"),
        ]:
            self.stdout.write(f"  {email:<24} / {DEMO_PASSWORD}   ({role})")
