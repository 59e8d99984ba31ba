"""The short link a member can type from the poster: /s/ABCDE-FGHJK/.

Ten characters from an alphabet with nothing to mistake for something else: no 0/O, 1/I/l, and no U (as in
Crockford's base32, so no rude words form by chance). 30 symbols to the power 10 is about 2^49, so guessing a
live code is hopeless, more so as lookups of codes that do not exist are limited per connection
(`ratelimit.allow_lookup`). Members may type it in either case, with or without the hyphen; it leads to the
same survey as the long token link, which keeps working.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
# What the URL accepts before normalising: letters, digits and a few hyphens. Never 24 characters, the length of
# a long token, so the two patterns cannot take each other's links.
PATTERN = r"[0-9A-Za-z-]{10,14}"


def new_short_code() -> str:
    """Stored without the hyphen, in capitals. About 49 bits: with a million surveys the chance that any two
    ever drew the same code is below one in a thousand, and the unique index refuses the rare clash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of what a member typed, or None when it cannot be a short code."""
    code = typed.replace("-", "").upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def display(code: str) -> str:
    """ABCDE-FGHJK: two groups of five are easier to read out and type than ten in a row."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


class ShortCodeConverter:
    regex = PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
