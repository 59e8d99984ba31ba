"""Load the minimum wage and Real Living Wage rates committed in contracts/data/. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from contracts.comparisons import rates
from contracts.models import ReferenceRate


class Command(BaseCommand):
    help = "Create or update reference rates (NLW/NMW, Real Living Wage) from contracts/data/*.csv."

    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = rates.store(rates.committed_rates(), ReferenceRate)
        self.stdout.write(self.style.SUCCESS(f"Reference rates: {created} created, {updated} checked or updated."))
