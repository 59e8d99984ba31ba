"""Tenancy: which branches a user may read and which they may edit.

Every model that belongs to a branch uses ScopedQuerySet (directly or through a subclass) and names the
path from itself to its Branch in `branch_path`. Views reach objects only through
`insourcing.access.get_for_user`, so scope is decided here and nowhere else.

Within a request, the request's user (marked by `insourcing.middleware.AuthenticationMiddleware`, through
`read_once_per_request`) has its roles and branch ids read once, in one query on first use, and every scoped query
of that request filters by that list; the navigation's role facts come from the same query. A list page builds four
or five scoped querysets (count, rows, filter choices); compiling the roles subquery into each cost about 1 ms of
Python apiece, and the navigation read the roles with two queries of its own (issue #21). The next request loads
the user again, so a role given or taken away applies from the next page on. Any other user object (a task's, the
shell's, a test's) is not marked and is scoped by a subquery, so a role change is seen at once.
"""

from django.db import models

_KEPT = "_roles_this_request"  # on a marked user: filled by `request_roles` on first use


def read_once_per_request(user):
    """Mark the request's `user` so its roles and branch ids are read once for the request; returns it."""
    if getattr(user, "is_authenticated", False):
        setattr(user, _KEPT, {})
    return user


def request_roles(user, branches) -> dict | None:
    """For the request's user, its roles and branch ids, read in one query on first use and kept for the request:
    {"officer": officer branch ids, "organiser": organised region ids, "read": readable branch ids, "edit":
    editable branch ids}. None for any other user object (not marked by `read_once_per_request`)."""
    kept = getattr(user, _KEPT, None)
    if kept is None:
        return None
    if not kept:
        kept.update(_read_roles(user, branches))
    return kept


_OFFICER, _ORGANISER, _REGION_BRANCH = 1, 2, 3


def _read_roles(user, branches) -> dict:
    """The branches the user is an officer of, the regions they organise and those regions' branches: one query
    (a list page used to compile the roles subquery into each of its four or five scoped queries, and the
    navigation read the two roles with two more)."""

    def kind(value):
        return models.Value(value, output_field=models.IntegerField())

    officer = user.officer_roles.order_by().annotate(kind=kind(_OFFICER)).values_list("branch_id", "kind")
    organiser = user.organiser_roles.order_by().annotate(kind=kind(_ORGANISER)).values_list("region_id", "kind")
    in_regions = (
        branches.filter(region__organisers__user=user)
        .order_by()
        .annotate(kind=kind(_REGION_BRANCH))
        .values_list("pk", "kind")
    )
    found = {_OFFICER: set(), _ORGANISER: set(), _REGION_BRANCH: set()}
    for pk, what in officer.union(organiser, in_regions, all=True):
        found[what].add(pk)
    return {
        "officer": frozenset(found[_OFFICER]),
        "organiser": frozenset(found[_ORGANISER]),
        "read": sorted(found[_OFFICER] | found[_REGION_BRANCH]),
        "edit": sorted(found[_OFFICER]),
    }


def readable_branch_ids(user, branches):
    """Branch ids the user may read: their officer branches plus every branch in their regions. A subquery, or for
    the request's user a list read once per request.

    `branches` is Branch's manager, passed in so this module need not import the models that import it.
    """
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
    kept = request_roles(user, branches)
    if kept is not None:
        return kept["read"]
    return branches.filter(
        models.Q(pk__in=user.officer_roles.values("branch"))
        | models.Q(region__in=user.organiser_roles.values("region"))
    ).values("pk")


def editable_branch_ids(user, branches):
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
    kept = request_roles(user, branches)
    if kept is not None:
        return kept["edit"]
    return user.officer_roles.values("branch")


class ScopedQuerySet(models.QuerySet):
    branch_path = "branch"

    def _branch_lookup(self) -> str:
        return f"{self.branch_path}__in" if self.branch_path else "pk__in"

    def _branches(self):
        """Branch's manager, found by following `branch_path` from this model (the model itself when empty)."""
        model = self.model
        for name in filter(None, self.branch_path.split("__")):
            model = model._meta.get_field(name).related_model
        return model._default_manager

    def for_user(self, user):
        return self.filter(**{self._branch_lookup(): readable_branch_ids(user, self._branches())})

    def editable_by(self, user):
        return self.filter(**{self._branch_lookup(): editable_branch_ids(user, self._branches())})
