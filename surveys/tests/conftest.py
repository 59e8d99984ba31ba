import pytest
from django.core.cache import cache

from surveys.tests.factories import make_survey


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Submission counters live in the shared cache; each test starts with none."""
    cache.clear()
    yield


@pytest.fixture
def survey(branch_a, alice):
    """An open survey of a CleanCo Ltd contract; a test file needing another (closed, more staff) defines its own."""
    return make_survey(branch_a, alice, open_it=True, provider__name="CleanCo Ltd")
