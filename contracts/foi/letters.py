"""The guide's model letters and motion, and the square-bracket placeholders they are written with.

The defaults in `defaults/` are the guide's wording ("Model letter seeking contract information from a public
authority" and Appendix 3's "Insourcing First" motion; the internal review and complaint letters follow the
same voice). Branches edit their own copies; placeholders are filled when a letter is made for an authority.
"""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

DEFAULTS = Path(__file__).resolve().parent / "defaults"
ASKS_MARKER = "[Information requested]"
# Up to 300 characters: the guide's placeholders carry guidance ("[say why: no reply within 20 working days,
# information withheld, ...]"), and one that went unnoticed would go to the council as it stands.
PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,300})\]")


@cache
def default_text(name: str) -> str:
    return (DEFAULTS / f"{name}.txt").read_text(encoding="utf-8").strip()


def default_asks() -> str:
    return default_text("request_asks")


def one_line(address: str) -> str:
    return ", ".join(line.strip() for line in (address or "").splitlines() if line.strip())


def fill(text: str, values: dict[str, str]) -> str:
    """Replace [Placeholders] (any case) with non-empty values; unknown or empty ones stay for the officer.

    A placeholder with guidance after a colon ("[say why: no reply within ...]") is looked up by its name."""
    lookup = {key.lower(): value for key, value in values.items() if value}

    def replace(match: re.Match) -> str:
        name = match.group(1).strip().lower()
        return lookup.get(name) or lookup.get(name.split(":", 1)[0].strip(), match.group(0))

    return PLACEHOLDER.sub(replace, text)


def unfilled_placeholders(text: str) -> list[str]:
    """Placeholders still in a letter (the asks marker is not one: it is where the list goes)."""
    return [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0).lower() != ASKS_MARKER.lower()]


def ask_lines(asks: str) -> list[str]:
    return [line.strip().lstrip("-•*").strip() for line in (asks or "").splitlines() if line.strip().lstrip("-•*")]


CLOSING = re.compile(r"^(yours (sincerely|faithfully|truly)|with best wishes|best wishes)\W*$", re.IGNORECASE)


def blocks(body: str, asks: list[str]) -> list[dict]:
    """The letter as paragraphs and the list of asks, for templates: [{"lines": [...]}, {"asks": [...]}].

    The closing ("Yours sincerely") is marked, so print leaves room below it to sign."""
    result = []
    for paragraph in re.split(r"\n\s*\n", (body or "").strip()):
        if paragraph.strip().lower() == ASKS_MARKER.lower():
            result.append({"asks": asks})
        elif paragraph.strip():
            lines = paragraph.strip().splitlines()
            result.append({"lines": lines, "closing": bool(CLOSING.match(lines[-1].strip()))})
    return result


def plain_text(body: str, asks: list[str]) -> str:
    return "\n\n".join(
        "\n".join(f"- {ask}" for ask in block["asks"]) if "asks" in block else "\n".join(block["lines"])
        for block in blocks(body, asks)
    )


def check_asks_marker(body: str, asks: str) -> None:
    """A letter with a list of asks must say where it goes, and a letter marked for one must have one."""
    marked = ASKS_MARKER.lower() in body.lower()
    if ask_lines(asks) and not marked:
        raise ValidationError(f"Put {ASKS_MARKER} on a line of its own where the list of information should go.")
    if marked and not ask_lines(asks):
        raise ValidationError("List at least one piece of information to ask for, one per line.")
