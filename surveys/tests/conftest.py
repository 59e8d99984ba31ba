import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Submission counters live in the shared cache; each test starts with none."""
    cache.clear()
    yield
