"""Django's {# #} comments end at the line: one spread over lines prints on the page for every user to read."""

import re
from pathlib import Path

from django.conf import settings

COMMENT = re.compile(r"\{#(.*?)#\}|\{#", re.S)


def _templates():
    for folder in settings.TEMPLATES[0]["DIRS"]:
        yield from Path(folder).rglob("*.*")


def test_no_template_has_a_comment_that_would_print():
    broken = []
    for path in _templates():
        if path.suffix not in (".html", ".txt", ".ics", ".xml"):
            continue
        for match in COMMENT.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) is None or "\n" in match.group(1):
                broken.append(f"{path}: {match.group(0)[:60]!r}")
    assert not broken, "Use {% comment %} for a comment over several lines:\n" + "\n".join(broken)
