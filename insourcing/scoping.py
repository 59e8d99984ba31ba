"""Tenancy: which branches a user may read and which they may edit.

Every model that belongs to a branch uses ScopedQuerySet (directly or through a subclass) and names the
path from itself to its Branch in `branch_path`. Views reach objects only through
`insourcing.access.get_for_user`, so scope is decided here and nowhere else.
"""

from django.db import models


def readable_branch_ids(user, branches):
    """Subquery of branch ids the user may read: their officer branches plus every branch in their regions.

    `branches` is Branch's manager, passed in so this module need not import the models that import it.
    """
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
    return branches.filter(
        models.Q(pk__in=user.officer_roles.values("branch"))
        | models.Q(region__in=user.organiser_roles.values("region"))
    ).values("pk")


def editable_branch_ids(user, branches):
    if not getattr(user, "is_authenticated", False):
        return branches.none().values("pk")
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
