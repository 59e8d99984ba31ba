"""Small-cell suppression: no group of 1 to 9 people is shown or can be worked out from what is shown.

The rules (also printed on the export page):
1. Primary: every count from 1 to 9 is suppressed. Zeros and counts of 10 or more are shown.
2. Complementary: a table's rows and columns add up to totals that are shown, so a single hidden cell in a line
   could be recovered by subtraction. Every line with a hidden cell gets a second one (the smallest count left).
3. Sums: the hidden counts of a line whose total is shown add up to that total less the shown counts, so together
   they are a group too. They must come to nothing or to at least 10 (Female: Yes 13 of 16 would tell that 3
   women answered something else); otherwise hide the next smallest count in the line, or the line's total.
4. Audit: the published numbers are a set of linear equations (each line adds up to its total). We solve
   them exactly (reduced row echelon form over fractions) and, while any hidden count can still be worked out
   by any combination of additions and subtractions, hide one more count beside it.

A table is described by `values` (every cell and total, by key) and `lines` (each a total key followed by the
keys that add up to it). Keys in `released` are published whatever their value (the overall number of
responses, or totals already published elsewhere); keys in `hidden` were suppressed elsewhere and stay hidden.
"""

from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

THRESHOLD = 10


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress(
    values: dict[Hashable, int],
    lines: Sequence[Sequence[Hashable]],
    *,
    released: Iterable[Hashable] = (),
    hidden: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The keys to hide."""
    released = set(released)
    order = {key: index for index, key in enumerate(values)}
    suppressed = {key for key, value in values.items() if is_small(value) and key not in released} | set(hidden)
    while True:
        if _complete_lines(values, lines, released, suppressed, order):
            continue
        if _fill_small_sums(values, lines, released, suppressed, order):
            continue
        determined = recoverable(lines, suppressed)
        if not determined:
            return suppressed
        if not _protect(min(determined, key=order.__getitem__), values, lines, released, suppressed, order):
            # Nothing left to hide beside it: hide every count in its lines rather than publish it.
            suppressed |= {k for line in lines if set(line) & determined for k in line if k not in released}
            if not recoverable(lines, suppressed):
                return suppressed
            raise ValueError("This table cannot be published without exposing a small group")


def _candidates(line, values, released, suppressed, order):
    free = [k for k in line if k not in suppressed and k not in released]
    positive = [k for k in free if values[k] > 0]
    # Prefer the smallest non-zero count; a zero only if nothing else is left to hide.
    return sorted(positive or free, key=lambda k: (values[k], order[k]))


def _complete_lines(values, lines, released, suppressed, order) -> bool:
    changed = False
    for line in lines:
        if sum(1 for k in line if k in suppressed) == 1:
            members = _candidates(line[1:], values, released, suppressed, order)
            pick = members or _candidates(line[:1], values, released, suppressed, order)
            if pick:
                suppressed.add(pick[0])
                changed = True
    return changed


def _fill_small_sums(values, lines, released, suppressed, order) -> bool:
    changed = False
    for total, *members in lines:
        if total in suppressed or not is_small(sum(values[k] for k in members if k in suppressed)):
            continue
        # Only a count above zero raises the hidden sum; with none left, the line's total goes instead.
        pick = [k for k in _candidates(members, values, released, suppressed, order) if values[k] > 0]
        if not pick and total not in released:
            pick = [total]
        if pick:
            suppressed.add(pick[0])
            changed = True
    return changed


def _protect(key, values, lines, released, suppressed, order) -> bool:
    options = [
        candidate
        for line in lines
        if key in line
        for candidate in _candidates(line, values, released, suppressed, order)[:1]
    ]
    if not options:
        return False
    suppressed.add(min(options, key=lambda k: (values[k], order[k])))
    return True


def recoverable(lines: Sequence[Sequence[Hashable]], suppressed: set[Hashable]) -> set[Hashable]:
    """Hidden keys whose value follows exactly from the published ones through the lines' sums."""
    unknowns = sorted({k for line in lines for k in line if k in suppressed}, key=repr)
    if not unknowns:
        return set()
    column = {key: index for index, key in enumerate(unknowns)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        total, *members = line
        if total in column:
            row[column[total]] += 1
        for member in members:
            if member in column:
                row[column[member]] -= 1
        if any(row):
            matrix.append(row)
    return {unknowns[c] for c in _single_entry_rows(_rref(matrix))}


def _rref(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    rows = [row[:] for row in matrix]
    width = len(rows[0]) if rows else 0
    pivot_row = 0
    for col in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][col]
        rows[pivot_row] = [value / pivot for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
        if pivot_row == len(rows):
            break
    return rows[:pivot_row]


def _single_entry_rows(rows: list[list[Fraction]]) -> list[int]:
    """In reduced row echelon form, e_k is in the row space exactly when some row is e_k."""
    columns = []
    for row in rows:
        nonzero = [c for c, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            columns.append(nonzero[0])
    return columns
