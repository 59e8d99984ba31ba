from contracts.notices.models import AlertOptOut, BranchNotice, FollowedAuthority
from insourcing.tests.access import AccessCase

from .factories import PublicAuthorityFactory
from .notices_helpers import make_award_for, make_change_for

_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
_slug = lambda branch: {"slug": branch.slug}  # noqa: E731


def _branch(branch, officer):
    FollowedAuthority.objects.get_or_create(branch=branch, name="Peterborough City Council")
    return branch


def _register_authority(branch, officer):
    """A branch whose register names an authority it does not follow yet (what "Follow every authority" adds)."""
    PublicAuthorityFactory(branch=branch, name="Leeds City Council")
    return _branch(branch, officer)


def _dismissed(branch, officer):
    item = make_change_for(branch)
    BranchNotice.objects.filter(pk=item.pk).update(status=BranchNotice.Status.DISMISSED)
    return item


def _watch_list_button(name, value, make, model, field):
    """A button of the watch list's form, pressed by each role; `model`'s `field` of the branch's rows is what it
    changes (or, for anyone refused, leaves)."""
    return AccessCase(
        "notices:watch_list",
        make=make,
        kwargs=_slug,
        method="post",
        data={"followed-TOTAL_FORMS": "0", "followed-INITIAL_FORMS": "0", name: value},
        organiser="denied",
        state=lambda branch: sorted(model.objects.filter(branch=branch).values_list(field, flat=True)),
    )


CASES = [
    AccessCase("notices:watch_list", make=_branch, kwargs=_slug),
    AccessCase(
        "notices:watch_list",
        make=_branch,
        kwargs=_slug,
        method="post",
        data={"followed-TOTAL_FORMS": "0", "followed-INITIAL_FORMS": "0"},
        organiser="denied",
    ),
    # The page's other buttons are buttons of the same form: "Follow every authority" and the email switch.
    _watch_list_button("seed", "register", _register_authority, FollowedAuthority, "name"),
    _watch_list_button("alerts", "off", _branch, AlertOptOut, "user"),
    AccessCase("notices:review", make=_branch, kwargs=_slug),
    AccessCase("notices:tenders", make=_branch, kwargs=_slug),
    AccessCase("notices:apply", make=lambda b, o: make_change_for(b), kwargs=_pk, method="post", organiser="denied"),
    AccessCase("notices:apply", make=lambda b, o: make_award_for(b), kwargs=_pk, method="post", organiser="denied"),
    AccessCase("notices:dismiss", make=lambda b, o: make_change_for(b), kwargs=_pk, method="post", organiser="denied"),
    AccessCase("notices:reopen", make=_dismissed, kwargs=_pk, method="post", organiser="denied"),
]

# The daily email's unsubscribe link: a mail client's one-click POST carries no session, so the signed token in
# the URL identifies the officer (tested in test_notices_alerts.py).
PUBLIC = {"notices:alerts_unsubscribe"}
