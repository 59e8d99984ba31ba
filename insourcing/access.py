"""The one lookup helper every view uses to reach an object by id.

Outside the user's scope is a 404 (we do not confirm that the object exists). Inside read scope but asked
for editing by someone who may only read (a regional organiser) is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


def get_for_user(model_or_queryset, user, *, edit: bool = False, **lookup):
    queryset = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type) and issubclass(model_or_queryset, models.Model)
        else model_or_queryset
    )
    obj = get_object_or_404(queryset.for_user(user), **lookup)
    if edit and not queryset.model._default_manager.all().editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied("You can read this but only the branch's officers can change it.")
    return obj


def user_can_edit(obj, user) -> bool:
    return type(obj)._default_manager.all().editable_by(user).filter(pk=obj.pk).exists()
