"""A small asyncio HTTP/1.1 client for the soak test, and the simulated member's phone that uses it.

Each phone has its own cookie jar and its own loopback source address (the whole of 127.0.0.0/8 is local on
Linux), so the survey's per-client rate limit sees one address per member, as it would for phones on mobile
data, and stays switched on exactly as in production. One request per connection (`Connection: close`), as a
phone arriving from the internet would open its own.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT = 120  # seconds: under 200 connections a request queues behind many others, which is the point


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: str
    seconds: float

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def location(self) -> str:
        return urlsplit(self.header("Location")).path


class Client:
    """One user agent: a cookie jar (name -> value, paths ignored: one site) and a source address."""

    def __init__(self, base_url: str, *, source: str = "127.0.0.1"):
        parts = urlsplit(base_url)
        self.host, self.port, self.source = parts.hostname, parts.port, source
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        body = urlencode(form or {}, doseq=True).encode() if method == "POST" else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        started = time.perf_counter()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, local_addr=(self.source, 0)), TIMEOUT
        )
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), TIMEOUT)
        finally:
            writer.close()
        seconds = time.perf_counter() - started
        head, _, payload = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = [tuple(x.strip() for x in line.split(":", 1)) for line in header_lines if ":" in line]
        reply = Reply(int(status_line.split()[1]), headers, payload.decode("utf-8", "replace"), seconds)
        self._store_cookies(reply)
        return reply

    def _store_cookies(self, reply: Reply) -> None:
        for name, value in reply.headers:
            if name.lower() != "set-cookie":
                continue
            jar = SimpleCookie()
            jar.load(value)
            for cookie, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(cookie, None)
                else:
                    self.cookies[cookie] = morsel.value


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


INPUT = re.compile(r"<(input|textarea)\b([^>]*)>", re.I)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def answer_page(page: str, rng: random.Random) -> tuple[dict, int]:
    """What a member fills in on one page: a random choice for each question and row, some free text.

    Returns the form and the number of answers it carries (one per radio group chosen and per text filled).
    The join question is left unanswered: it is optional, and a "Yes" would need contact details.
    """
    radios: dict[str, list[str]] = {}
    texts: list[str] = []
    for tag, attrs in INPUT.findall(page):
        a = dict(ATTR.findall(attrs))
        name = a.get("name", "")
        if not re.fullmatch(r"q\d+(_r\d+)?", name):
            continue  # the CSRF token, the buttons, and the join and detail boxes
        if tag.lower() == "textarea" or a.get("type") == "text":
            texts.append(name)
        elif a.get("type") == "radio":
            radios.setdefault(name, []).append(unescape(a["value"]))
    joins = {name for name in radios if f'name="{name}_name"' in page}
    form = {"csrfmiddlewaretoken": csrf_token(page), "action": "next"}
    for name, values in radios.items():
        if name not in joins:
            form[name] = rng.choice(values)
    for name in texts:
        if rng.random() < 0.5:
            form[name] = rng.choice(["Short staffed most weeks", "Pay is late", "Équipe fatiguée – too few hours"])
    return form, len(form) - 2


@dataclass
class Tally:
    accepted: int = 0  # submissions the server confirmed (redirect to the thank-you page)
    answers_sent: int = 0  # answers carried by the accepted submissions
    statuses: dict[int, int] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)  # first few surprises, for the report
    failures: int = 0  # connection errors, timeouts, surprises
    latencies: list[float] = field(default_factory=list)

    def note(self, reply: Reply) -> None:
        self.statuses[reply.status] = self.statuses.get(reply.status, 0) + 1
        self.latencies.append(reply.seconds)

    def fail(self, text: str) -> None:
        self.failures += 1
        if len(self.unexpected) < 10:
            self.unexpected.append(text)


async def member_journey(client: Client, token: str, tally: Tally, rng: random.Random) -> None:
    """Open the link, read the introduction, answer every page, send: as a member's phone does."""
    start = f"/s/{token}/"
    reply = await client.request("GET", start)
    tally.note(reply)
    if reply.status != 200:
        return tally.fail(f"GET {start}: {reply.status}")
    reply = await client.request("POST", start, {"csrfmiddlewaretoken": csrf_token(reply.body)})
    tally.note(reply)
    path, answers = reply.location, 0
    while reply.status == 302 and re.fullmatch(rf"/s/{token}/\d+/", path):
        reply = await client.request("GET", path)
        tally.note(reply)
        if reply.status != 200:
            return tally.fail(f"GET {path}: {reply.status}")
        form, count = answer_page(reply.body, rng)
        reply = await client.request("POST", path, form)
        tally.note(reply)
        if reply.status == 200:
            # A follow-up appeared (an official's post): leave it empty and go on, as most members would.
            form.update(dict.fromkeys(re.findall(r'name="(q\d+_detail)"', reply.body), ""))
            reply = await client.request("POST", path, form)
            tally.note(reply)
        answers += count
        path = reply.location
    if reply.status == 302 and path == f"{start}thanks/":
        tally.accepted += 1
        tally.answers_sent += answers
        tally.note(await client.request("GET", path))
    else:
        tally.fail(f"POST {path or start}: {reply.status} {reply.body[:120]!r}")
