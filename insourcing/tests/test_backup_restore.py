"""The documented backup restores into a scratch database with every row and a canary intact."""

import os
import subprocess

import pytest
from django.apps import apps
from django.db import connection

from conftest import ROOT, _database_url
from insourcing.models import Branch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scratch_database():
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump archives: run under make test (PostgreSQL)")
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _database_url({**connection.settings_dict, "NAME": name})
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts(url: str) -> dict[str, int]:
    code = (
        "import django, json; django.setup(); from django.apps import apps; "
        "print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "insourcing.settings_test"}
    result = subprocess.run(["python", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_backup_restores_every_row_and_the_canary(alice, branch_a, tmp_path, scratch_database):
    Branch.objects.filter(pk=branch_a.pk).update(address="Canary House\nÆthelstan Road £1")
    source = _database_url(connection.settings_dict)
    env = {**os.environ, "DATABASE_URL": source}
    dump = tmp_path / "backup.dump"
    subprocess.run(["scripts/backup.sh", str(dump)], cwd=ROOT, env=env, check=True, capture_output=True)
    assert dump.stat().st_size > 0
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    restore = subprocess.run(
        ["scripts/restore.sh", str(dump), scratch_database], cwd=ROOT, capture_output=True, text=True
    )
    assert restore.returncode == 0, restore.stderr

    original = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    assert _counts(scratch_database) == original
    code = (
        "import django; django.setup(); from insourcing.models import Branch; "
        "print(Branch.objects.get(slug='demo-city').address)"
    )
    env = {**os.environ, "DATABASE_URL": scratch_database, "DJANGO_SETTINGS_MODULE": "insourcing.settings_test"}
    canary = subprocess.run(["python", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "Canary House\nÆthelstan Road £1" in canary.stdout
