"""collectstatic, skipped when no source file changed since the last benchmark run collected them.

WhiteNoise compresses every file (gzip and brotli) on every collectstatic, changed or not: over a minute on
a busy 2-core machine. The fingerprint covers every file the finders see (path, size, mtime) and the storage
backend, so an edited stylesheet or an upgraded package still triggers a full collectstatic.
"""

import hashlib
import os
from pathlib import Path

import django

STAMP = "bench-staticfiles.stamp"  # under var/: kept out of STATIC_ROOT, which is served to the world


def fingerprint() -> str:
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{getattr(storage, 'prefix', '') or ''}/{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collect() -> str:
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = Path(settings.VAR_DIR) / STAMP
    current = fingerprint()
    if (root / "staticfiles.json").is_file() and stamp.is_file() and stamp.read_text() == current:
        return "static files unchanged since the last run: collectstatic skipped"
    stamp.unlink(missing_ok=True)  # a half-finished collectstatic must not look complete next time
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return "collectstatic done"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    print(collect())
