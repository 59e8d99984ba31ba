import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from insourcing.tests.access import all_cases, public_url_names
from insourcing.tests.factories import make_officer, make_organiser

CASES = all_cases()


def _patterns(resolver, prefix_namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or (entry.app_name == "admin"):
                continue
            namespace = f"{prefix_namespace}{entry.namespace}:" if entry.namespace else prefix_namespace
            has_args = bool(entry.pattern.regex.groupindex)
            for name, args in _patterns(entry, namespace):
                yield name, args or has_args
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix_namespace}{entry.name}", bool(entry.pattern.regex.groupindex)


def test_every_url_taking_an_object_has_an_access_case():
    covered = {case.url_name for case in CASES} | public_url_names()
    missing = sorted({name for name, takes_args in _patterns(get_resolver()) if takes_args and name not in covered})
    assert missing == [], f"Add these URL names to an app's tests/access_cases.py: {missing}"


def _request(client, case, obj):
    url = reverse(case.url_name, kwargs=case.kwargs(obj))
    return getattr(client, case.method)(url, data=case.body(obj))


def _state(case, obj):
    return case.state(obj) if case.state else None


@pytest.fixture
def scope(branch_a, branch_a2, branch_b, region_north):
    owner = make_officer(branch_a, email="owner@example.org")
    return {
        "branch": branch_a,
        "owner": owner,
        "same_region_officer": make_officer(branch_a2, email="sibling@example.org"),
        "other_region_officer": make_officer(branch_b, email="far@example.org"),
        "organiser": make_organiser(region_north, email="organiser@example.org"),
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_officer_of_another_branch_gets_404(client, scope, case):
    obj = case.make(scope["branch"], scope["owner"])
    before = _state(case, obj)
    for outsider in ("same_region_officer", "other_region_officer"):
        client.force_login(scope[outsider])
        assert _request(client, case, obj).status_code == 404, outsider
        assert _state(case, obj) == before, outsider


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_anonymous_visitor_is_sent_to_login(client, scope, case):
    obj = case.make(scope["branch"], scope["owner"])
    response = _request(client, case, obj)
    # 401: the read API answers with a Bearer challenge rather than a redirect to the login page.
    assert response.status_code in (302, 401, 403), response.status_code
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_organiser_reads_their_region_but_cannot_edit(client, scope, case):
    obj = case.make(scope["branch"], scope["owner"])
    before = _state(case, obj)
    client.force_login(scope["organiser"])
    status = _request(client, case, obj).status_code
    if case.organiser == "read":
        assert status < 400, status
    else:
        assert status == 403
        assert _state(case, obj) == before


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_owning_officer_is_not_refused(client, scope, case):
    obj = case.make(scope["branch"], scope["owner"])
    before = _state(case, obj)
    client.force_login(scope["owner"])
    status = _request(client, case, obj).status_code
    assert status < 400, status
    # The same request from its officer does change the state, so "unchanged" above means refused, not inert.
    assert case.state is None or _state(case, obj) != before
