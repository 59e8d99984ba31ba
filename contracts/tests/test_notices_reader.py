"""Reading real OCDS releases (data/ocds/) into notices: their kind, buyer, public page and figures."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from contracts.notices.models import NoticeKind, Source
from contracts.notices.reader import BadRelease, read_release

from .notices_replay import PETERBOROUGH_CARERS, as_find_a_tender, contract_change, real_release

OCDS = Path(settings.BASE_DIR) / "data" / "ocds"
FICTIONAL = OCDS / "ocds-fictional-example-1.1"


def _first(path: Path) -> tuple[dict, str]:
    package = json.loads(path.read_text())
    return package["releases"][0], package.get("publishedDate")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("01-planning", NoticeKind.PLANNING),
        ("02-tender", NoticeKind.TENDER),
        ("03-tenderAmendment", NoticeKind.TENDER),
        ("04-award", NoticeKind.AWARD),
        ("05-contract", NoticeKind.AWARD),
    ],
)
def test_the_ocds_example_stages_are_read_as_their_kind(name, kind):
    release, published = _first(FICTIONAL / f"ocds-213czf-000-00001-{name}.json")
    notice = read_release(Source.CONTRACTS_FINDER, release, package_published=published)
    assert notice["kind"] == kind
    assert notice["buyer_name"] == "London Borough of Barnet"
    assert notice["buyer_ids"] == ["GB-LAC-E09000003"]


def test_a_contracts_finder_award_tagged_tender_is_an_award_with_its_page_and_figures():
    notice = read_release(Source.CONTRACTS_FINDER, real_release(PETERBOROUGH_CARERS))
    assert notice["kind"] == NoticeKind.AWARD
    assert notice["buyer_name"] == "Peterborough City Council"
    assert notice["url"] == "https://www.contractsfinder.service.gov.uk/Notice/02d2b5b1-e148-4965-92bc-d72dd5f3f6f2"
    assert notice["supplier_name"] == "Making Space"
    assert notice["values"]["end_date"] == "2023-07-31"


def test_a_find_a_tender_change_and_termination():
    release = real_release(PETERBOROUGH_CARERS)
    change = read_release(Source.FIND_A_TENDER, contract_change(release, new_end="2029-03-31T00:00:00Z", number=9))
    assert change["kind"] == NoticeKind.CHANGE and change["values"]["end_date"] == "2029-03-31"
    assert change["url"] == "https://www.find-tender.service.gov.uk/Notice/000009-2026"
    ended = as_find_a_tender(release, number=10)
    ended["tag"] = ["contractTermination"]
    assert read_release(Source.FIND_A_TENDER, ended)["kind"] == NoticeKind.TERMINATION


def test_a_release_without_an_ocid_is_refused():
    release = real_release(PETERBOROUGH_CARERS)
    del release["ocid"]
    with pytest.raises(BadRelease):
        read_release(Source.CONTRACTS_FINDER, release)
