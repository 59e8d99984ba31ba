import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from insourcing.access import get_for_user
from insourcing.models import Branch


def test_officer_reads_only_their_branch(alice, branch_a, branch_a2, branch_b):
    assert list(Branch.objects.for_user(alice)) == [branch_a]
    assert list(Branch.objects.editable_by(alice)) == [branch_a]


def test_organiser_reads_every_branch_in_their_region_and_edits_none(olive, branch_a, branch_a2, branch_b):
    assert set(Branch.objects.for_user(olive)) == {branch_a, branch_a2}
    assert not Branch.objects.editable_by(olive).exists()


def test_user_without_role_sees_nothing(charlie, branch_a):
    assert not Branch.objects.for_user(charlie).exists()


def test_lookup_outside_scope_is_404(alice, branch_b):
    with pytest.raises(Http404):
        get_for_user(Branch, alice, slug=branch_b.slug)


def test_organiser_asking_to_edit_is_refused(olive, branch_a):
    assert get_for_user(Branch, olive, slug=branch_a.slug) == branch_a
    with pytest.raises(PermissionDenied):
        get_for_user(Branch, olive, edit=True, slug=branch_a.slug)


def test_officer_of_two_branches_sees_both_once(alice, branch_a, branch_b):
    from insourcing.models import BranchOfficer

    BranchOfficer.objects.create(user=alice, branch=branch_b)
    assert sorted(Branch.objects.for_user(alice).values_list("slug", flat=True)) == ["demo-city", "south-town"]
