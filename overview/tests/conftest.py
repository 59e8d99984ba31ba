"""Fixtures shared by the dashboard and API tests."""

import pytest

from .factories import build_world


@pytest.fixture
def world(alice, branch_a, branch_a2, branch_b, bob):
    """Hand-built data across two regions whose every dashboard figure is known (see factories)."""
    return build_world(alice=alice, branch_a=branch_a, branch_a2=branch_a2, branch_b=branch_b, bob=bob)
