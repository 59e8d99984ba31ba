"""Run with the peer's interpreter (var/bench-peer/bin/python -m bench.peer.tool ...), DJANGO_SETTINGS_MODULE set
to bench.peer.settings. Reads a JSON request on stdin and prints one JSON line; the bench (bench/peer_bench.py)
decides what to ask and checks what comes back.

  survey   {"name", "questions": [{"text", "choices": [...]}, ...]}
           -> {"survey": id, "questions": [id, ...]}: a published one-page survey, anonymous answers allowed.
  answers  {"survey": id, "responses": [[[question index, choice index], ...], ...]}
           -> {"responses": n, "answers": n}: stored in bulk (the peer's models, its own columns).
  export   {"survey": id, "runs": n}
           -> {"wall_ms": [...], "cpu_ms": [...], "rows": n}: the peer's results export (Survey2Csv, what its
           admin action and its CSV view write), timed in this process; CPU is this process plus its PostgreSQL
           backend (from /proc/<pid>/schedstat).
  count    {"survey": id} -> {"responses": n, "answers": n}
"""

import json
import os
import sys
import time


def backend_cpu_ns(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/schedstat") as handle:
        return int(handle.read().split()[0])


def _choices(labels):
    # The peer splits its choices on commas (CHOICES_SEPARATOR).
    return ", ".join(label.replace(",", ";") for label in labels)


def make_survey(request):
    from django.utils import timezone
    from survey.models import Question, Survey

    survey = Survey.objects.create(
        name=request["name"],
        description="Benchmark copy of the app's survey",
        is_published=True,
        need_logged_user=False,
        editable_answers=True,
        display_method=Survey.ALL_IN_ONE_PAGE,
        publish_date=timezone.localdate(),
        expire_date=timezone.localdate() + timezone.timedelta(days=30),
    )
    ids = []
    for order, q in enumerate(request["questions"]):
        question = Question.objects.create(
            survey=survey,
            text=q["text"],
            order=order,
            required=False,
            type=Question.RADIO if q["choices"] else Question.TEXT,
            choices=_choices(q["choices"]) if q["choices"] else None,
        )
        ids.append(question.pk)
    return {"survey": survey.pk, "questions": ids}


def store_answers(request):
    from django.db import transaction
    from survey.models import Answer, Question, Response, Survey

    survey = Survey.objects.get(pk=request["survey"])
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    # What the peer's form stores for a choice: its slug (ResponseForm's cleaned value).
    values = [[slug for slug, _label in q.get_choices()] for q in questions]
    stored = 0
    with transaction.atomic():
        for start in range(0, len(request["responses"]), 2000):
            chunk = request["responses"][start : start + 2000]
            responses = Response.objects.bulk_create(
                Response(survey=survey, interview_uuid=f"bench{start + n:027d}") for n in range(len(chunk))
            )
            answers = []
            for response, given in zip(responses, chunk, strict=True):
                for q_index, choice in given:
                    answer = Answer(question=questions[q_index], response=response)
                    # Set after __init__, which checks a body against the labels, not the slugs the form stores.
                    answer.body = choice if isinstance(choice, str) else values[q_index][choice]
                    answers.append(answer)
            Answer.objects.bulk_create(answers, batch_size=5000)
            stored += len(answers)
    return {"responses": len(request["responses"]), "answers": stored}


def export(request):
    from django.db import connection
    from survey.exporter.csv.survey2csv import Survey2Csv
    from survey.models import Survey

    survey = Survey.objects.get(pk=request["survey"])
    wall, cpu, rows = [], [], 0
    for _ in range(request.get("runs", 1)):
        backend = backend_cpu_ns(connection)
        start, start_cpu = time.perf_counter(), time.process_time()
        text = str(Survey2Csv(survey))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000 + (backend_cpu_ns(connection) - backend) / 1e6)
        rows = text.count("\n")
    return {"wall_ms": wall, "cpu_ms": cpu, "rows": rows}


def count(request):
    from survey.models import Answer, Response

    return {
        "responses": Response.objects.filter(survey_id=request["survey"]).count(),
        "answers": Answer.objects.filter(response__survey_id=request["survey"]).count(),
    }


COMMANDS = {"survey": make_survey, "answers": store_answers, "export": export, "count": count}

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peer.settings")
    django.setup()
    print(json.dumps(COMMANDS[sys.argv[1]](json.load(sys.stdin))))
