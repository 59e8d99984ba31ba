"""A local stand-in for Find a Tender and Contracts Finder: a stdlib HTTP server in a thread that replays scripted
responses in the APIs' own shapes (an OCDS release package with `links.next` carrying the cursor), so no test
reaches the internet.

The releases are the real Contracts Finder releases in data/ocds/ (see data/SOURCES.md). Find a Tender has no file
in data/, so its pages carry the same real releases re-identified as Find a Tender gives them (ocid
`ocds-h6vhtk-…`, release id the notice id `nnnnnn-yyyy`); the contract change notice is a real award release with
the change a change notice publishes (tag `contractAmendment`, an amendment and the contract's new period).
"""

import copy
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

AWARDS = Path(settings.BASE_DIR) / "data" / "ocds" / "contracts-finder-2020_award-release-packages"
FTS_PATH = "/api/1.0/ocdsReleasePackages"
CF_PATH = "/Published/Notices/OCDS/Search"

# Real releases used by the tests (buyer, what it is).
PETERBOROUGH_CARERS = "ocds-b5fd17raw-02d2b5b1-e148-4965-92bc-d72dd5f3f6f2"  # Peterborough City Council, carers
LANCASHIRE_GROUNDS = "ocds-b5fd17raw-65836f54-c8cd-4568-8d8b-656f49adce7f"  # Lancashire CC grounds (Sodexo)
SUNDERLAND_WELFARE = "ocds-b5fd17raw-8a79c599-d165-4d72-a3d1-1dcb222a184f"  # Sunderland welfare rights advice
UEA_WASTE = "ocds-b5fd17raw-d02d57f2-956c-4c64-bf1a-7b56296d89f0"  # University of East Anglia waste (Biffa)


def real_release(ocid: str) -> dict:
    package = json.loads((AWARDS / f"{ocid}.json").read_text())
    return copy.deepcopy(package["releases"][0])


def package(releases: list, *, base: str = "", path: str = CF_PATH, next_cursor: str = "") -> dict:
    """A release package as both APIs answer a search: OCDS 1.1, the publisher, and `links.next` while more."""
    data = {
        "uri": f"{base}{path}",
        "version": "1.1",
        "publishedDate": "2026-12-01T09:00:00Z",
        "publisher": {"name": "Cabinet Office", "scheme": "GB-GOVUK", "uid": "D2"},
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publicationPolicy": "https://www.gov.uk/government/publications/open-contracting",
        "releases": releases,
    }
    if next_cursor:
        data["links"] = {"next": f"{base}{path}?limit=100&cursor={next_cursor}"}
    return data


def as_find_a_tender(release: dict, *, number: int, year: int = 2026, date: str = "2026-12-01T10:00:00Z") -> dict:
    """A real release given Find a Tender's identities: ocid ocds-h6vhtk-hhhhhh, release id the notice id."""
    release = copy.deepcopy(release)
    release["ocid"] = f"ocds-h6vhtk-{number:06x}"
    release["id"] = f"{number:06d}-{year}"
    release["date"] = date
    return release


def contract_change(release: dict, *, new_end: str, number: int, date: str = "2026-12-02T10:00:00Z") -> dict:
    """A contract change notice (Find a Tender's F20 / UK contract change) for the process of `release`."""
    changed = as_find_a_tender(release, number=number, date=date)
    changed["tag"] = ["contractAmendment"]
    award = changed["awards"][0]
    changed["contracts"] = [
        {
            "id": f"{award['id']}-contract",
            "awardID": award["id"],
            "status": "active",
            "period": {"startDate": award["contractPeriod"]["startDate"], "endDate": new_end},
            "amendments": [
                {
                    "id": "1",
                    "date": date,
                    "rationale": "Extension of the contract term agreed under the extension option.",
                }
            ],
        }
    ]
    return changed


@dataclass
class Reply:
    status: int = 200
    body: object = None  # a dict is sent as JSON, bytes as they are
    headers: dict = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    query: dict
    status: int

    @property
    def cursor(self) -> str:
        return self.query.get("cursor", [""])[0]


class Replay:
    """Scripted replies per (path, cursor), served in order; every request is logged with what it got."""

    def __init__(self):
        self.script: dict[tuple[str, str], list[Reply]] = {}
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reset(self) -> None:
        """Forget the script and the log (a server shared by a session's tests, as the worker's is)."""
        with self._lock:
            self.script.clear()
            self.log.clear()

    def add(self, path: str, cursor: str, *replies: Reply) -> None:
        self.script.setdefault((path, cursor), []).extend(replies)

    def page(self, path: str, cursor: str, releases: list, *, next_cursor: str = "") -> None:
        self.add(path, cursor, Reply(body=package(releases, base=self.base, path=path, next_cursor=next_cursor)))

    def served(self, path: str, status: int = 200) -> list[Seen]:
        return [s for s in self.log if s.path == path and s.status == status]

    def _handler(self):
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                cursor = query.get("cursor", [""])[0]
                with replay._lock:
                    queue = replay.script.get((parts.path, cursor), [])
                    reply = queue.pop(0) if queue else Reply(404, {"error": "nothing scripted"})
                    replay.log.append(Seen(parts.path, query, reply.status))
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(name="replay")
def replay_fixture(settings):
    """The replay server, with the feeds switched on and pointed at it (both APIs on one local address)."""
    with Replay() as server:
        settings.NOTICES_FETCH_ENABLED = True
        settings.NOTICES_FIND_A_TENDER_URL = server.base
        settings.NOTICES_CONTRACTS_FINDER_URL = server.base
        yield server
