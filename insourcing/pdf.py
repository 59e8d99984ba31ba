"""HTML to PDF. The only module that imports WeasyPrint.

Documents may reference our own static files (stylesheets, the logo) and nothing else: the URL fetcher
serves `STATIC_URL` paths from the static file finders and refuses every other URL — file://, http(s),
other hosts — so user text in a document can never make the renderer read a local file or call a server.
"""

import logging
import mimetypes
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A base URL on a reserved, unresolvable host (RFC 2606): relative links resolve under it and the fetcher
# only ever answers for its STATIC_URL prefix.
BASE_URL = "https://documents.insourcing.invalid/"
DEFAULT_TIME_LIMIT = 60


class RenderTimeout(Exception):
    pass


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = urlsplit(BASE_URL)
        if (
            parts.scheme == prefix.scheme
            and parts.netloc == prefix.netloc
            and parts.path.startswith(settings.STATIC_URL)
        ):
            relative = unquote(parts.path[len(settings.STATIC_URL) :])
            if ".." not in relative.split("/"):
                path = _static_path(relative)
                if path:
                    mime, _ = mimetypes.guess_type(path)
                    with open(path, "rb") as handle:
                        body = handle.read()
                    return URLFetcherResponse(
                        url, body=body, headers={"Content-Type": mime or "application/octet-stream"}
                    )
        self.refused.append(url)
        logger.warning("PDF renderer refused to fetch %s", url[:200])
        raise ValueError(f"Refused to fetch {url[:200]!r}: documents may only use the site's static files")


def _static_path(relative: str) -> str | None:
    """A static file by its name, or by its hashed name once collectstatic has run (production)."""
    found = finders.find(relative)
    if found:
        return found
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return str(candidate)
    return None


@contextmanager
def _time_limit(seconds: int):
    """SIGALRM-based limit where we can (the main thread of a worker or gunicorn process)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise RenderTimeout(f"Rendering took longer than {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# PDF/UA-1: a tagged PDF (headings, lists, tables and reading order for screen readers) that takes its
# language from <html lang> and shows the <title> in the viewer's title bar rather than the file name.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def _html(html: str, fetcher: StaticOnlyFetcher) -> HTML:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)


def html_to_pdf(html: str, *, time_limit: int = DEFAULT_TIME_LIMIT, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    with _time_limit(time_limit):
        return write(layout(html, fetcher=fetcher))


def layout(html: str, *, fetcher: StaticOnlyFetcher | None = None):
    """The laid-out document (pages and their boxes), for checks on pagination such as rows split across pages."""
    return _html(html, fetcher or StaticOnlyFetcher()).render(**PDF_OPTIONS)


def write(document) -> bytes:
    """The PDF of a laid-out document: `html_to_pdf` is `write(layout(html))`, and a check that reads both the
    pages' boxes and the PDF lays the document out once."""
    return document.write_pdf(**PDF_OPTIONS)


# What a real document uses: the document stylesheet (its @page footer and fonts), a heading, bold and plain text,
# a table. The stylesheet is named by its path under STATIC_URL, which the fetcher serves from the static finders
# with or without collectstatic's manifest.
WARM_UP_HTML = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>'
    '<link rel="stylesheet" href="{static}pdf/document.css"></head><body><h1>Warm-up</h1>'
    "<p><strong>Bold</strong>, <em>italic</em> and plain text: £1,234.</p>"
    "<table><tr><th>Heading</th><td>Cell</td></tr></table></body></html>"
)


def warm_up() -> float:
    """Render a tiny document with the document stylesheet and fonts once; returns the seconds it took.

    The first render in a process pays for what later ones find loaded (WeasyPrint's own stylesheets, fonts,
    the document stylesheet): the worker calls this before it forks its pool, so every pool process, the
    first and any that replaces it, starts with a warm renderer (issue 16: the first PDF after a start took
    5.5 to 11.7 s)."""
    started = time.perf_counter()
    fetcher = StaticOnlyFetcher()
    html_to_pdf(WARM_UP_HTML.format(static=settings.STATIC_URL), fetcher=fetcher)
    if fetcher.refused:
        raise RuntimeError(f"The warm-up document could not load {fetcher.refused}")
    return time.perf_counter() - started
