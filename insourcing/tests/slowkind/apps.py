"""A test-only app loaded by test workers: a document kind that takes seconds and records each start."""

import os
import time

from django.apps import AppConfig


class SlowKindConfig(AppConfig):
    name = "insourcing.tests.slowkind"
    label = "slowkind"

    def ready(self):
        from insourcing import documents

        @documents.register("slow_test", "Slow test document")
        def render(document):
            with open(os.environ["INSOURCING_TEST_MAIL_DIR"] + "/../render-starts.log", "a") as log:
                log.write(f"{document.pk}\n")
            time.sleep(float(os.environ.get("INSOURCING_SLOW_SECONDS", "4")))
            return f"<h1>Slow document {document.pk}</h1>"
