from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import outbox
from .documents import get_kind
from .models import Branch, BranchWording, GeneratedDocument, User


def document_request(
    *, kind: str, branch: Branch, user: User | None, source=None, title: str = ""
) -> GeneratedDocument:
    """Queue a PDF for rendering; the job is published once this transaction commits (or when the broker is back)."""
    from .tasks import render_document

    document_kind = get_kind(kind)
    document = GeneratedDocument.objects.create(
        kind=kind,
        title=title or document_kind.label,
        branch=branch,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        requested_by=user,
    )
    outbox.enqueue(render_document, document.pk)
    return document


def wording_for(*, model: type[BranchWording], branch: Branch) -> dict[str, BranchWording]:
    """Every piece of the guide's wording for `branch`, in the guide's order: its own row where it saved one,
    else the guide's as an unsaved row (one query)."""
    own = {row.wording_key: row for row in model.objects.filter(branch=branch)}
    return {key: own.get(key) or model.guide_row(branch, key) for key in model.guide_keys()}


@transaction.atomic
def wording_save(
    *, model: type[BranchWording], branch: Branch, wording: dict[str, dict[str, str]], user: User | None
) -> int:
    """Save the branch's texts for each key in `wording` (a text left out is the guide's). Texts all blank or
    all the guide's go back to the guide (the row is deleted). Returns how many pieces the branch now has of
    its own."""
    for key, given in wording.items():
        guide = model.guide_wording(key)
        texts = {name: (given.get(name, guide[name]) or "").strip() for name in model.TEXT_FIELDS}
        same = {name: text.strip() for name, text in guide.items()} == texts
        rows = model.objects.filter(branch=branch, **{model.KEY_FIELD: key})
        if same or not any(texts.values()):
            rows.delete()
        else:
            model.objects.update_or_create(
                branch=branch, **{model.KEY_FIELD: key}, defaults={**texts, "updated_by": user}
            )
    return model.objects.filter(branch=branch).count()


def wording_reset(*, model: type[BranchWording], branch: Branch, keys: list[str] | None = None) -> int:
    """Go back to the guide's wording for `keys` (all of it by default); returns how many rows were dropped."""
    rows = model.objects.filter(branch=branch)
    if keys is not None:
        rows = rows.filter(**{f"{model.KEY_FIELD}__in": keys})
    return rows.delete()[0]
