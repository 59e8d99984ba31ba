"""Every contracts model, so Django finds them and other apps have one place to import them from.

The models live in their packages (`contracts/register/models/`, `contracts/imports/models.py`,
`contracts/foi/models.py`, `contracts/comparisons/models.py`) and keep the app label "contracts", so their tables
and migrations are unchanged. The packages import each other's models directly, never through this module.
"""

from .comparisons.models import *  # noqa: F403
from .foi.models import *  # noqa: F403
from .imports.models import *  # noqa: F403
from .register.models import *  # noqa: F403
