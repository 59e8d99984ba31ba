"""The upload limit, worded one way everywhere (forms, the 413 page): one file may be MAX_UPLOAD_BYTES.

A request may be larger (MAX_REQUEST_BYTES, for a form with a file and its other fields), but people are told
only the file limit, so a 30 MB file and a 50 MB file are refused with the same figure.
"""

from django.conf import settings

MB = 1024 * 1024


def size_text(size: int) -> str:
    """20 MB, 1.5 MB, 300 KB: whole numbers where they are whole, one decimal otherwise."""
    if size >= MB:
        return f"{round(size / MB, 1):g} MB"
    return f"{max(round(size / 1024), 1)} KB"


def limit_text() -> str:
    return size_text(settings.MAX_UPLOAD_BYTES)


def too_large(size: int) -> str:
    """The sentence for a file over the limit."""
    return f"This file is {size_text(size)}, and files can be at most {limit_text()}."
