from contracts.tests.factories import make_answered_foi, make_foi, make_motion, make_sent_foi
from insourcing.tests.access import AccessCase

_pk = lambda obj: {"pk": obj.pk}  # noqa: E731


def _draft(branch, officer):
    return make_foi(branch, officer)


CASES = [
    AccessCase("contracts:foi_detail", make=_draft, kwargs=_pk),
    AccessCase("contracts:foi_print", make=make_sent_foi, kwargs=_pk),
    AccessCase("contracts:foi_reply_download", make=make_answered_foi, kwargs=_pk),
    AccessCase("contracts:foi_edit", make=_draft, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:foi_edit",
        make=_draft,
        kwargs=_pk,
        method="post",
        data={"subject": "Changed", "body": "Dear FoI Officer,\n\n[Information requested]", "asks": "One"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_send",
        make=_draft,
        kwargs=_pk,
        method="post",
        data={"method": "post", "sent_on": "2026-03-02", "received_on": "2026-03-04"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_event",
        make=make_sent_foi,
        kwargs=_pk,
        method="post",
        data={"event": "acknowledged", "on": "2026-03-03"},
        organiser="denied",
    ),
    AccessCase("contracts:foi_reply", make=make_sent_foi, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:foi_reply",
        make=make_sent_foi,
        kwargs=_pk,
        method="post",
        data={
            "outcome": "answered",
            "replied_on": "2026-03-20",
            "answers-TOTAL_FORMS": "0",
            "answers-INITIAL_FORMS": "0",
        },
        organiser="denied",
    ),
    AccessCase("contracts:foi_review", make=make_answered_foi, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:foi_review",
        make=make_answered_foi,
        kwargs=_pk,
        method="post",
        data={"body": "Please review.", "method": "post", "on": "2026-03-25"},
        organiser="denied",
    ),
    AccessCase("contracts:foi_complaint", make=make_answered_foi, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:foi_complaint",
        make=make_answered_foi,
        kwargs=_pk,
        method="post",
        data={"body": "A complaint.", "method": "post", "on": "2026-04-25"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_pdf",
        make=make_sent_foi,
        kwargs=_pk,
        method="post",
        data={"letter": "request"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_repeat",
        make=make_sent_foi,
        kwargs=_pk,
        method="post",
        data={"months_before": "6"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_letter_edit",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug, "kind": "request"},
        organiser="denied",
    ),
    AccessCase(
        "contracts:foi_letter_edit",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug, "kind": "internal-review"},
        method="post",
        data={"body": "Dear FoI Officer, please review."},
        organiser="denied",
    ),
    AccessCase("contracts:motion_edit", make=make_motion, kwargs=_pk),
    AccessCase(
        "contracts:motion_edit",
        make=make_motion,
        kwargs=_pk,
        method="post",
        data={"title": "Motion", "body": "Council notes."},
        organiser="denied",
    ),
    AccessCase("contracts:motion_pdf", make=make_motion, kwargs=_pk, method="post", organiser="denied"),
]
