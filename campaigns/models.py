"""The campaigns app's models, defined in its feature packages and gathered here so Django registers them
under the `campaigns` app label (tables and migrations stay as they were). Code outside the app imports
from `campaigns.models`; code inside a package imports its own package's models."""

from .organising.models import *  # noqa: F403
from .plans.models import *  # noqa: F403
