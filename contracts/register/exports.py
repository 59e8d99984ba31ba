"""The priorities ranking and the renewals timeline as spreadsheets (`?_export=csv|xlsx` on their pages)."""

from insourcing.exports import Column, Kind

from .models.prioritisation import FACTORS, PriorityRow


def priorities_table(rows: list[PriorityRow], weights: dict[str, int]) -> tuple[list[Column], list[list]]:
    """One row per contract as ranked on the page; each factor's score and why, its weight in the header."""
    columns = [
        Column("Rank", Kind.INTEGER),
        Column("Contract"),
        Column("Public authority"),
        Column("Score (out of 5)", Kind.NUMBER),
        Column("Factors known (of 6)", Kind.INTEGER),
    ]
    for factor in FACTORS:
        columns += [
            Column(f"{factor.label}: score (1-5, weight {weights[factor.key]})", Kind.NUMBER),
            Column(f"{factor.label}: why", Kind.LONG_TEXT),
        ]
    values = []
    for rank, row in enumerate(rows, start=1):
        line = [rank, row.contract.service, row.contract.authority.name, row.total, row.known_count]
        for score in row.factors:
            line += [score.score, score.reason]
        values.append(line)
    return columns, values


TIMELINE_COLUMNS = [
    Column("Contract"),
    Column("Public authority"),
    Column("Ends", Kind.DATE),
    Column("Months left", Kind.INTEGER),
    Column("Next extension break", Kind.DATE),
    Column("Last day for notice", Kind.DATE),
    Column("Latest possible end", Kind.DATE),
    Column("Lead-in"),
]


def timeline_rows(chart, today) -> list[list]:
    return [
        [
            bar.contract.service,
            bar.contract.authority.name,
            bar.contract.end_date,
            bar.contract.months_to_end(today),
            bar.next_break,
            bar.contract.notice_deadline(),
            bar.contract.latest_possible_end(),
            bar.status.label,
        ]
        for bar in (chart.bars if chart else [])
    ]
