"""Tenancy: which branches a user may read and which they may edit.

Every model that belongs to a branch uses ScopedQuerySet (directly or through a subclass) and names the
path from itself to its Branch in `branch_path`. Views reach objects only through
`insourcing.access.get_for_user`, so scope is decided here and nowhere else.

Within a request, the request's user (marked by `insourcing.middleware.AuthenticationMiddleware`, through
`read_once_per_request`) has its branch ids read once, on first use, and every scoped query of that request filters
by that list. A list page builds four or five scoped querysets (count, rows, filter choices); compiling the roles
subquery into each cost about 1 ms of Python apiece (issue #21). The next request loads the user again, so a role
given or taken away applies from the next page on. Any other user object (a task's, the shell's, a test's) is not
marked and is scoped by a subquery, so a role change is seen at once.
"""

from django.db import models

_KEPT = "_branch_ids_this_request"  # on a marked user: {"read": [...], "edit": [...]}, filled on first use


def read_once_per_request(user):
    """Mark the request's `user` so its branch ids are read once for the request; returns it."""
    if getattr(user, "is_authenticated", False):
        setattr(user, _KEPT, {})
    return user


def _readable(user, branches):
    return branches.filter(
        models.Q(pk__in=user.officer_roles.values("branch"))
        | models.Q(region__in=user.organiser_roles.values("region"))
    )


def readable_branch_ids(user, branches):
    """Branch ids the user may read: their officer branches plus every branch in their regions. A subquery, or for
    the request's user a list read once per request.

    `branches` is Branch's manager, passed in so this module need not import the models that import it.
    """
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
    kept = getattr(user, _KEPT, None)
    if kept is None:
        return _readable(user, branches).values("pk")
    if "read" not in kept:
        # The navigation reads the user's roles anyway (User.officer_branch_ids, organiser_region_ids): an officer's
        # scope needs no query of its own, an organiser's one for the branches of their regions.
        ids = set(user.officer_branch_ids)
        if user.organiser_region_ids:
            ids.update(branches.filter(region__in=user.organiser_region_ids).values_list("pk", flat=True))
        kept["read"] = sorted(ids)
    return kept["read"]


def editable_branch_ids(user, branches):
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
    kept = getattr(user, _KEPT, None)
    if kept is None:
        return user.officer_roles.values("branch")
    if "edit" not in kept:
        kept["edit"] = sorted(user.officer_branch_ids)
    return kept["edit"]


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
