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


# Scope read once per request (insourcing.scoping.read_once_per_request, set by the authentication middleware).


def _shown(client, path="/branches/"):
    html = client.get(path).content.decode()
    return {name for name in ("Demo City", "North County", "South Town") if name in html}


def test_a_role_given_applies_from_the_next_request(alice_client, alice, branch_a, branch_b):
    from insourcing.models import BranchOfficer

    assert _shown(alice_client) == {"Demo City"}
    assert alice_client.get(f"/branches/{branch_b.slug}/").status_code == 404
    BranchOfficer.objects.create(user=alice, branch=branch_b)
    assert _shown(alice_client) == {"Demo City", "South Town"}
    assert alice_client.get(f"/branches/{branch_b.slug}/").status_code == 200
    assert alice_client.get(f"/branches/{branch_b.slug}/edit/").status_code == 200


def test_a_role_taken_away_applies_from_the_next_request(olive_client, olive, branch_a, branch_a2, branch_b):
    assert _shown(olive_client) == {"Demo City", "North County"}
    assert olive_client.get(f"/branches/{branch_a.slug}/").status_code == 200
    olive.organiser_roles.all().delete()
    assert _shown(olive_client) == set()
    assert olive_client.get(f"/branches/{branch_a.slug}/").status_code == 404


def test_for_user_outside_a_request_sees_a_role_change_at_once(alice, branch_a, branch_b):
    from insourcing.models import BranchOfficer

    assert list(Branch.objects.for_user(alice)) == [branch_a]
    assert alice.officer_branch_ids == {branch_a.pk}  # the navigation's facts, kept on this object, do not matter
    BranchOfficer.objects.create(user=alice, branch=branch_b)
    assert set(Branch.objects.for_user(alice)) == {branch_a, branch_b}
    assert set(Branch.objects.editable_by(alice)) == {branch_a, branch_b}
    alice.officer_roles.filter(branch=branch_a).delete()
    assert list(Branch.objects.for_user(alice)) == [branch_b]
    assert get_for_user(Branch, alice, edit=True, slug=branch_b.slug) == branch_b
    with pytest.raises(Http404):
        get_for_user(Branch, alice, slug=branch_a.slug)


@pytest.mark.parametrize("persona", ["alice", "olive", "charlie"])
def test_scope_read_once_gives_the_same_rows_as_the_subquery(request, persona, branch_a, branch_a2, branch_b):
    from insourcing.models import User
    from insourcing.scoping import read_once_per_request

    user = request.getfixturevalue(persona)
    kept = read_once_per_request(User.objects.get(pk=user.pk))
    assert set(Branch.objects.for_user(kept)) == set(Branch.objects.for_user(user))
    assert set(Branch.objects.editable_by(kept)) == set(Branch.objects.editable_by(user))


def test_the_request_user_keeps_its_scope_for_the_request(olive_client, django_assert_num_queries):
    response = olive_client.get("/branches/")
    with django_assert_num_queries(1):  # read during the request: only the count itself now
        assert Branch.objects.for_user(response.wsgi_request.user).count() == 2


def test_scope_is_read_once_per_request(olive, branch_a, django_assert_num_queries):
    from contracts.models import Contract, PublicAuthority
    from insourcing.models import User
    from insourcing.scoping import read_once_per_request

    kept = read_once_per_request(User.objects.get(pk=olive.pk))
    with django_assert_num_queries(2):  # the user's roles and their regions' branches, read in one query
        assert Branch.objects.for_user(kept).count() == 2
    with django_assert_num_queries(3):  # then one query each, with no role subquery; the navigation's facts too
        Branch.objects.for_user(kept).count()
        Contract.objects.for_user(kept).count()
        PublicAuthority.objects.for_user(kept).count()
        assert kept.is_organiser and not kept.is_officer
