"""`make run`'s embedded defaults: SQLite and the server-less broker, with no DATABASE_URL or REDIS_URL.

The rest of the suite runs on PostgreSQL, so code that only PostgreSQL accepts (arrays, `= ANY`, UNNEST) would
pass it and still break the quick start. This runs the quick start's own steps on a fresh SQLite file.
"""

import os
import subprocess
import sys

from conftest import ROOT

COUNTS = """
from contracts.models import Contract, FigureSource
from surveys.models import Survey
imported = Contract.objects.filter(reference__startswith="DEMO-").count(), Contract.objects.count()
real = (Contract.objects.filter(branch__slug="demo-city", authority__name="Norfolk County Council").count(),
        Contract.objects.filter(reference__startswith="ocds-b5fd17raw-").values("branch__slug").distinct().count(),
        Contract.objects.filter(reference__startswith="ocds-b5fd17raw-").count())
print(*imported, Contract.history.filter(history_type="+").count(), FigureSource.objects.count(),
      Survey.objects.filter(status="open").count(), *real)
"""

# Every kind of page each demo role can reach, one URL per view, on the quick start's own database: a query only
# PostgreSQL runs (DISTINCT ON, arrays) passes the rest of the suite and breaks the demo (it once broke the
# organiser's dashboard).
CRAWL = """
import re
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import Resolver404, resolve
from insourcing.models import User
setup_test_environment()
SKIP = ("/accounts/logout", "/admin/", "/static/", "/media/")
for email in ("officer@example.org", "organiser@example.org"):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=email))
    queue, seen_views, visited = ["/"], set(), 0
    while queue and visited < 250:
        path = queue.pop(0)
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if view in seen_views:
            continue
        seen_views.add(view)
        visited += 1
        response = client.get(path)
        if response.status_code >= 500:
            print("FAILED", email, path, response.status_code)
        if response.status_code in (301, 302) and response.url.startswith("/"):
            queue.append(response.url.split("?")[0])
        if "html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="(/[^"#?]*)', response.content.decode()):
                if not link.startswith(SKIP):
                    queue.append(link)
    print("VISITED", email, visited)
"""


# The jobs a page queues, run on the quick start's database (the worker log showed the watch list's re-match failing
# on SQLite while the page said "saved").
JOBS = """
from contracts.notices.models import FollowedAuthority, Notice
from contracts.notices.services import notices_rematch
from insourcing.models import Branch
notice = Notice.objects.order_by("pk").first()
notice.buyer_ids = ["GB-LAE-XYZ"]
notice.save()
entry = FollowedAuthority.objects.create(branch=Branch.objects.get(slug="demo-valleys"), name="Elsewhere",
                                         identifiers="GB-LAE:XYZ")
print("REMATCHED", notices_rematch(followed_ids=[entry.pk]))
# A member opens the open survey's link and answers its first page (the members' pages keep their questions per
# process on PostgreSQL, by a fingerprint SQLite cannot compute).
from django.test import Client
from django.test.utils import setup_test_environment
from surveys.models import Survey
setup_test_environment()
survey = Survey.objects.get(status="open")
member = Client(raise_request_exception=False)
print("MEMBER", *(member.get(path, follow=True).status_code for path in (survey.member_path(), survey.short_path())))
"""


def test_quick_start_migrates_and_loads_the_demo_data_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_BROKER_DIR=str(tmp_path / "broker"),
        DJANGO_SETTINGS_MODULE="insourcing.settings",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    assert "Demo data ready" in manage("seed_demo")
    counts = map(int, manage("shell", "-c", COUNTS).split()[-8:])
    demo, contracts, created_history, sources, open_surveys, norfolk, award_branches, awards = counts
    assert demo == 4  # the three demo contracts and the register demo's uniforms contract (a CPV suggestion)
    # and the real register, read from the repository's own data/: every one of the 478 rows of Norfolk's
    # published register, and seven Contracts Finder awards spread over both demo branches.
    assert (norfolk, awards, award_branches) == (478, 7, 2)
    assert contracts == demo + norfolk + awards
    assert created_history == contracts  # each imported contract's history starts with its creation
    assert sources > 0
    assert open_surveys == 1
    jobs = manage("shell", "-c", JOBS)
    assert "REMATCHED 1" in jobs and "MEMBER 200 200" in jobs, jobs
    crawled = manage("shell", "-c", CRAWL)
    assert "FAILED" not in crawled, crawled
    assert all(int(line.split()[-1]) > 40 for line in crawled.splitlines() if line.startswith("VISITED")), crawled
