"""The upload limit and file sizes, worded one way everywhere (forms, imports, the 413 page).

One file may be MAX_UPLOAD_BYTES. A request may be larger (MAX_REQUEST_BYTES, for a form with a file and its other
fields), but people are told only the file limit, so a 30 MB file and a 50 MB file are refused with the same figure.
"""

from django.conf import settings

KB = 1024
MB = 1024 * KB
GB = 1024 * MB
_UNITS = [(GB, "GB"), (MB, "MB"), (KB, "KB")]


def size_text(size: int) -> str:
    """20 MB, 1.5 MB, 300 KB: whole numbers where they are whole, one decimal otherwise (limits read as round)."""
    for unit, name in _UNITS[:2]:
        if size >= unit:
            return f"{round(size / unit, 1):g} {name}"
    return f"{max(round(size / KB), 1)} KB"


def over_text(size: int, limit: int) -> str:
    """A size over `limit`, precise enough to read as over it: "20.01 MB" where rounding would say "20 MB", the
    size of the limit itself; the exact bytes when even two decimals would not tell them apart."""
    text = size_text(size)
    if size <= limit or text != size_text(limit):
        return text
    unit, name = next(((unit, name) for unit, name in _UNITS if size >= unit), (1, "bytes"))
    for decimals in (1, 2):
        shown = f"{size / unit:.{decimals}f}"
        if float(shown) * unit > limit:
            return f"{shown} {name}"
    return f"{size:,} bytes, just over the {size_text(limit)} of {limit:,} bytes"


def limit_text() -> str:
    return size_text(settings.MAX_UPLOAD_BYTES)


def too_large(size: int) -> str:
    """The sentence for a file over the limit."""
    return f"This file is {over_text(size, settings.MAX_UPLOAD_BYTES)}, and files can be at most {limit_text()}."
