"""python -m bench.soak_faults: PostgreSQL and Redis stopped and restarted under a running gunicorn and worker.

1. Database restart: PostgreSQL stopped (pg_ctl, by its data directory): pages answer the 503 page, /healthz
   answers 503; PostgreSQL started again: the same gunicorn workers (same pids) answer normally, the same
   officer session still works and a member's submission is stored.
2. Broker down: Redis stopped: a member's submission and an officer's "generate PDF" request still succeed (the
   job waits in the outbox), /healthz answers 503; Redis started again on the same port: the worker's beat
   flushes the outbox and the PDF becomes ready for download.

scripts/soak.sh starts the servers and passes SOAK_DIR (scripts/services.sh's directory), the gunicorn pid, the
base URL and the survey token. Every check that fails is printed and fails the run.
"""

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from .soak_client import Client, Tally, csrf_token, member_journey
from .web import DEMO_PASSWORD, login

ROOT = Path(__file__).resolve().parent.parent
OFFICER = "officer@example.org"
BRANCH = "demo-city"
UNAVAILABLE = "Nothing you sent has been lost"


class Checks:
    def __init__(self):
        self.failed: list[str] = []

    def expect(self, ok: bool, text: str) -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {text}")
        if not ok:
            self.failed.append(text)
        return ok


def services(action: str, directory: str) -> None:
    """Stop or start one server with scripts/services.sh (by pid file or data directory, never by name)."""
    subprocess.run(
        ["bash", "-c", 'source scripts/services.sh && "services_$0" "$1"', action, directory], cwd=ROOT, check=True
    )


def worker_pids(gunicorn_pid: int) -> set[int]:
    children = Path(f"/proc/{gunicorn_pid}/task/{gunicorn_pid}/children").read_text().split()
    return {int(pid) for pid in children}


def stored_responses(token: str) -> int:
    from django.db import close_old_connections

    from surveys.models import Response

    close_old_connections()  # the script's own connection dies with the database, like gunicorn's
    return Response.objects.filter(survey__token=token).count()


async def submit(base_url: str, token: str, address: str) -> Tally:
    tally = Tally()
    await member_journey(Client(base_url, source=address), token, tally, random.Random(1))
    return tally


async def poll(predicate, *, seconds: float, interval: float = 1.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = await predicate()
        if value:
            return value
        await asyncio.sleep(interval)
    return None


async def database_restart(base_url: str, directory: str, token: str, session: str, gunicorn_pid: int, c: Checks):
    print("Database restart")
    officer = Client(base_url)
    officer.cookies["sessionid"] = session
    workers = worker_pids(gunicorn_pid)
    before = stored_responses(token)
    c.expect((await officer.request("GET", "/dashboard/")).status == 200, "dashboard answers 200 before the outage")

    services("pg_stop", directory)
    started = time.monotonic()
    reply = await officer.request("GET", "/dashboard/")
    c.expect(reply.status == 503 and UNAVAILABLE in reply.body, f"dashboard during the outage: {reply.status}")
    c.expect(reply.header("Retry-After") == "30", "the 503 page says when to retry")
    reply = await Client(base_url).request("GET", "/healthz")
    c.expect(reply.status == 503 and '"database": "down' in reply.body, f"/healthz during the outage: {reply.status}")
    member = Client(base_url, source="127.2.0.1")
    reply = await member.request("GET", f"/s/{token}/")
    c.expect(reply.status == 503 and UNAVAILABLE in reply.body, f"survey link during the outage: {reply.status}")
    reply = await Client(base_url).request("GET", "/robots.txt")
    c.expect(reply.status == 200, "pages without the database still answer (robots.txt)")

    services("pg_start", directory)

    async def healthy():
        return (await Client(base_url).request("GET", "/healthz")).status == 200

    recovered = await poll(healthy, seconds=30, interval=0.5)
    c.expect(bool(recovered), f"/healthz answers 200 again {time.monotonic() - started:.1f} s after the stop")
    reply = await officer.request("GET", "/dashboard/")
    c.expect(reply.status == 200 and "Demo City" in reply.body, "the same officer session works after the restart")
    tally = await submit(base_url, token, "127.2.0.2")
    c.expect(tally.accepted == 1, f"a member's submission is accepted after the restart {tally.unexpected}")
    c.expect(stored_responses(token) == before + 1, "and stored")
    c.expect(worker_pids(gunicorn_pid) == workers, f"gunicorn was not restarted (workers {sorted(workers)})")


async def broker_down(base_url: str, directory: str, token: str, session: str, c: Checks):
    from insourcing.models import GeneratedDocument, OutboxMessage

    print("Broker down")
    officer = Client(base_url)
    officer.cookies["sessionid"] = session
    before = stored_responses(token)

    services("redis_stop", directory)
    tally = await submit(base_url, token, "127.2.0.3")
    c.expect(tally.accepted == 1, f"a member's submission is accepted with Redis stopped {tally.unexpected}")
    c.expect(stored_responses(token) == before + 1, "and stored")

    page = await officer.request("GET", f"/branches/{BRANCH}/")
    reply = await officer.request(
        "POST", f"/branches/{BRANCH}/letterhead.pdf", {"csrfmiddlewaretoken": csrf_token(page.body)}
    )
    found = re.fullmatch(r"/documents/(\d+)/", reply.location)
    c.expect(reply.status == 302 and bool(found), f"'generate PDF' is accepted with Redis stopped: {reply.status}")
    if not found:
        services("redis_start", directory)
        return
    document = int(found.group(1))
    reply = await officer.request("GET", f"/documents/{document}/")
    c.expect(reply.status == 200, f"its status page answers while Redis is stopped: {reply.status}")
    c.expect(OutboxMessage.objects.exists(), "the render job waits in the outbox")
    reply = await Client(base_url).request("GET", "/healthz")
    c.expect(reply.status == 503 and '"broker": "down' in reply.body, f"/healthz with Redis stopped: {reply.status}")

    services("redis_start", directory)
    started = time.monotonic()

    async def ready():
        return GeneratedDocument.objects.filter(pk=document, status=GeneratedDocument.Status.READY).exists()

    # Beat flushes the outbox every minute; the worker first has to notice the broker is back.
    done = await poll(ready, seconds=180, interval=2)
    c.expect(bool(done), f"the PDF is ready {time.monotonic() - started:.0f} s after Redis returned")
    reply = await officer.request("GET", f"/documents/{document}/download/")
    c.expect(reply.status == 200 and reply.body.startswith("%PDF"), f"and downloads as a PDF: {reply.status}")
    c.expect(not OutboxMessage.objects.exists(), "the outbox is empty")
    c.expect(GeneratedDocument.objects.filter(pk=document, attempts=1).exists(), "the PDF was rendered once")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak_faults", description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    parser.add_argument("--services-dir", default=os.environ.get("SOAK_DIR"), required=not os.environ.get("SOAK_DIR"))
    args = parser.parse_args(argv)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    # The checks read the database with the ORM between requests, from inside the event loop: a short blocking
    # read is fine in this script.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    django.setup()
    checks = Checks()
    session = login(args.base_url, OFFICER, DEMO_PASSWORD)
    asyncio.run(database_restart(args.base_url, args.services_dir, args.token, session, args.gunicorn_pid, checks))
    asyncio.run(broker_down(args.base_url, args.services_dir, args.token, session, checks))
    if checks.failed:
        print(f"{len(checks.failed)} fault checks failed", file=sys.stderr)
        return 1
    print("All fault checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
