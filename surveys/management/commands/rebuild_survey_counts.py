from django.core.management.base import BaseCommand

from surveys.counts import rebuild
from surveys.models import Survey


class Command(BaseCommand):
    help = "Recount surveys' running answer counts from their raw answers (all surveys still holding answers)."

    def add_arguments(self, parser):
        parser.add_argument("survey_ids", nargs="*", type=int, help="Only these surveys.")

    def handle(self, *args, survey_ids, **options):
        surveys = Survey.objects.filter(raw_deleted_on__isnull=True)
        if survey_ids:
            surveys = surveys.filter(pk__in=survey_ids)
        done = 0
        for survey in surveys.only("pk"):
            rebuild(survey)
            done += 1
        self.stdout.write(f"Recounted {done} survey(s).")
