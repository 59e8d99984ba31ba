"""Answers in progress live in the member's own browser, in encrypted cookies, until they press send.

Nothing about a half-finished survey is stored on the server, and the cookies hold only the answers: no id
that the stored response could later be matched with. They are sealed (sealing.py), so whoever picks up the
phone cannot read them from the browser's storage, and they last three hours, long enough for a visit (a
break included) and no longer, so the survey page does not show them to the next person for days. One cookie
per page (split if long) keeps each under the 4 KB browsers allow. They are deleted when the answers are sent.
"""

import base64
import json
import time
import zlib

from django.core import signing

from .sealing import Unsealable, seal, unseal

CHUNK = 3500
MAX_CHUNKS = 4
MAX_AGE = 60 * 60 * 3  # a draft left for three hours starts again
DONE_MAX_AGE = 60 * 60 * 24 * 365
DONE = "svdone"
LANGUAGE = "svlang"


def _salt(survey) -> str:
    return f"surveys.draft.{survey.token}"


def _name(page: int, chunk: int) -> str:
    return f"svd{page}_{chunk}"


def path(survey) -> str:
    return survey.member_path()


def load(request, survey, page: int) -> dict:
    parts = []
    for chunk in range(MAX_CHUNKS):
        part = request.COOKIES.get(_name(page, chunk))
        if part is None:
            break
        parts.append(part)
    if not parts:
        return {}
    try:
        sealed = base64.urlsafe_b64decode("".join(parts).encode())
        saved_at, value = json.loads(zlib.decompress(unseal(sealed, purpose=_salt(survey))))
    except (ValueError, Unsealable, zlib.error):
        return {}
    if not isinstance(saved_at, int | float) or time.time() - saved_at > MAX_AGE:
        return {}
    return value if isinstance(value, dict) else {}


def _sealed(survey, data: dict) -> str:
    plain = zlib.compress(json.dumps([int(time.time()), data], ensure_ascii=False).encode())
    return base64.urlsafe_b64encode(seal(plain, purpose=_salt(survey))).decode()


def save(request, response, survey, page: int, data: dict) -> None:
    value = _sealed(survey, data)
    chunks = [value[i : i + CHUNK] for i in range(0, len(value), CHUNK)][:MAX_CHUNKS]
    where = path(survey)  # a URL reversal: once, not once per cookie
    for chunk, part in enumerate(chunks):
        response.set_cookie(
            _name(page, chunk),
            part,
            max_age=MAX_AGE,
            path=where,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    for chunk in range(len(chunks), MAX_CHUNKS):
        if _name(page, chunk) in request.COOKIES:
            response.delete_cookie(_name(page, chunk), path=where, samesite="Lax")


def clear(request, response, survey) -> None:
    where = path(survey)  # a URL reversal: once, not once per page's cookie
    for name in request.COOKIES:
        if name.startswith("svd") and name != DONE:
            response.delete_cookie(name, path=where, samesite="Lax")


def mark_done(request, response, survey) -> None:
    """Discourages a second response from the same browser; it says nothing about who answered."""
    response.set_cookie(
        DONE,
        signing.dumps("done", salt=_salt(survey)),
        max_age=DONE_MAX_AGE,
        path=path(survey),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def is_done(request, survey) -> bool:
    try:
        return signing.loads(request.COOKIES.get(DONE, ""), salt=_salt(survey)) == "done"
    except signing.BadSignature:
        return False
