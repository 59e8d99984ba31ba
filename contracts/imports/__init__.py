"""Contract register imports: readers, the column synonym map, row cleaning and the apply service.

`run_import` is the entry point for the browser and the `import_contracts` command alike.
"""

from .readers import UnreadableFile
from .service import ImportResult, prepare, run_import

__all__ = ["ImportResult", "UnreadableFile", "prepare", "run_import"]
