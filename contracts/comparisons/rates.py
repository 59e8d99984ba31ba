"""Reference rates: statutory minimum wage and the Real Living Wage, as committed data files.

`contracts/data/minimum_wage.csv` is built from GOV.UK's smart-answers rate tables and
`contracts/data/real_living_wage.csv` from a compiled yearly series plus the Living Wage Foundation's later
announcements. The parsers here read the original files (kept outside the repository) so a test can show
the committed data still matches them; production loads only the committed CSVs.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MINIMUM_WAGE_CSV = DATA_DIR / "minimum_wage.csv"
REAL_LIVING_WAGE_CSV = DATA_DIR / "real_living_wage.csv"

MINIMUM_WAGE = "minimum-wage"
RLW_UK = "rlw-uk"
RLW_LONDON = "rlw-london"

SMART_ANSWERS_SOURCE = "GOV.UK smart-answers minimum_wage.yml (github.com/alphagov/smart-answers)"
NLW_STARTED = datetime.date(2016, 4, 1)


@dataclass(frozen=True)
class RateRecord:
    kind: str
    effective_from: datetime.date
    hourly_rate: Decimal
    name: str
    age_note: str = ""
    note: str = ""
    source: str = ""


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _as_of(path: Path) -> str:
    """The snapshot date in a file name (`..._as-of-2024-03-14.json`), so newer snapshots win."""
    match = re.search(r"as-of-(\d{4}-\d{2}-\d{2})", path.name)
    return match.group(1) if match else ""


def parse_smart_answers(paths: list[Path]) -> list[RateRecord]:
    """The adult rate of each period in GOV.UK's minimum-wage tables.

    Each snapshot ends with an open period (end date 3000-01-01) that a later snapshot replaces, so periods
    are merged by start date with the newer snapshot winning. The adult band is the one with the highest
    minimum age; its age changes over time (22+, 21+, 25+, 23+, 21+), so it is kept as a note.
    """
    periods: dict[str, dict] = {}
    for path in sorted(paths, key=_as_of):
        for period in json.loads(Path(path).read_text(encoding="utf-8")):
            periods[period[":start_date"]] = period
    records = []
    for start, period in sorted(periods.items()):
        adult = max(period[":minimum_rates"], key=lambda band: band[":min_age"])
        age = period.get(":living_wage_min_age") or adult[":min_age"]
        effective_from = datetime.date.fromisoformat(start)
        is_nlw = effective_from >= NLW_STARTED
        records.append(
            RateRecord(
                kind=MINIMUM_WAGE,
                effective_from=effective_from,
                hourly_rate=_money(adult[":rate"]),
                name="National Living Wage" if is_nlw else "National Minimum Wage (adult rate)",
                age_note=f"aged {age} and over",
                source=SMART_ANSWERS_SOURCE,
            )
        )
    return records


def parse_stipends_csv(path: Path) -> dict[int, Decimal]:
    """Real Living Wage (UK) by the year it was announced, from the compiled stipends series.

    The file has a BOM, a descriptive header row before the machine one, blank cells for years not yet
    compiled and `9` for £9.00.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    machine_header = next(i for i, line in enumerate(lines) if line.startswith("year,"))
    rows = csv.DictReader(io.StringIO("\n".join(lines[machine_header:])))
    return {int(row["year"]): _money(row["rlw_rate"]) for row in rows if (row.get("rlw_rate") or "").strip()}


def _read_csv(path: Path) -> list[RateRecord]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            RateRecord(
                kind=row["kind"],
                effective_from=datetime.date.fromisoformat(row["effective_from"]),
                hourly_rate=_money(row["hourly_rate"]),
                name=row["name"],
                age_note=row["age_note"],
                note=row["note"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        ]


def committed_rates() -> list[RateRecord]:
    return _read_csv(MINIMUM_WAGE_CSV) + _read_csv(REAL_LIVING_WAGE_CSV)


def store(records: list[RateRecord], model) -> tuple[int, int]:
    """Create or update each rate by kind and date; returns (created, updated). Safe to run again.

    `model` is ReferenceRate, or its historical version inside a migration.
    """
    created = updated = 0
    for record in records:
        _, was_created = model.objects.update_or_create(
            kind=record.kind,
            effective_from=record.effective_from,
            defaults={
                "hourly_rate": record.hourly_rate,
                "name": record.name,
                "age_note": record.age_note,
                "note": record.note,
                "source": record.source,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated
