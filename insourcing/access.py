"""The one lookup helper every view uses to reach an object by id.

Outside the user's scope is a 404 (we do not confirm that the object exists). Inside read scope but asked
for editing by someone who may only read (a regional organiser) is a 403.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from . import security_log


def get_for_user(model_or_queryset, user, *, edit: bool = False, **lookup):
    queryset = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type) and issubclass(model_or_queryset, models.Model)
        else model_or_queryset
    )
    model_name = queryset.model._meta.label
    try:
        obj = queryset.for_user(user).get(**lookup)
    except ObjectDoesNotExist:
        security_log.refused(user, model=model_name, reason="not-found-or-out-of-scope")
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from None
    if edit and not queryset.model._default_manager.all().editable_by(user).filter(pk=obj.pk).exists():
        security_log.refused(user, model=model_name, reason="read-only")
        raise PermissionDenied("You can read this but only the branch's officers can change it.")
    return obj


def user_can_edit(obj, user) -> bool:
    return type(obj)._default_manager.all().editable_by(user).filter(pk=obj.pk).exists()
