"""Answers in progress live in the member's own browser, in signed cookies, until they press send.

Nothing about a half-finished survey is stored on the server, and the cookies hold only the answers: no id
that the stored response could later be matched with. One cookie per page (split if long) keeps each under
the 4 KB browsers allow. They are deleted when the answers are sent.
"""

from django.core import signing

CHUNK = 3500
MAX_CHUNKS = 4
MAX_AGE = 60 * 60 * 24 * 2  # a draft left for two days starts again
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
        value = signing.loads("".join(parts), salt=_salt(survey), max_age=MAX_AGE)
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def save(request, response, survey, page: int, data: dict) -> None:
    value = signing.dumps(data, salt=_salt(survey), compress=True)
    chunks = [value[i : i + CHUNK] for i in range(0, len(value), CHUNK)][:MAX_CHUNKS]
    for chunk, part in enumerate(chunks):
        response.set_cookie(
            _name(page, chunk),
            part,
            max_age=MAX_AGE,
            path=path(survey),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    for chunk in range(len(chunks), MAX_CHUNKS):
        if _name(page, chunk) in request.COOKIES:
            response.delete_cookie(_name(page, chunk), path=path(survey), samesite="Lax")


def clear(request, response, survey) -> None:
    for name in request.COOKIES:
        if name.startswith("svd") and name != DONE:
            response.delete_cookie(name, path=path(survey), samesite="Lax")


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
