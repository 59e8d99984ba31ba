"""Spreadsheet exports that never let a cell start a formula (CSV/formula injection, OWASP)."""

from django_tables2.export import TableExport
from tablib import Dataset

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(headers=[spreadsheet_safe(h) for h in dataset.headers or []], title=dataset.title)
        for row in dataset:
            safe.append(tuple(spreadsheet_safe(cell) for cell in row))
        return safe
