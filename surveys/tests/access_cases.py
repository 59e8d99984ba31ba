from contracts.tests.factories import ContractFactory
from insourcing.tests.access import AccessCase
from surveys.models import SurveyContact
from surveys.services import survey_create


def _survey(branch, officer):
    return survey_create(contract=ContractFactory(branch=branch), user=officer)


def _question(branch, officer):
    return _survey(branch, officer).questions.get(guide_number=2)


def _contact(branch, officer):
    return SurveyContact.objects.create(survey=_survey(branch, officer), name="Sam Member", phone="01632 960111")


def _survey_case(name, *, method="get", organiser="read", data=None):
    return AccessCase(
        name, make=_survey, kwargs=lambda s: {"pk": s.pk}, method=method, organiser=organiser, data=data or {}
    )


def _question_case(name, *, method="get", data=None):
    return AccessCase(
        name,
        make=_question,
        kwargs=lambda q: {"pk": q.survey_id, "question_pk": q.pk},
        method=method,
        organiser="denied",
        data=data or {},
    )


CASES = [
    AccessCase(
        "surveys:survey_create",
        make=lambda b, u: ContractFactory(branch=b),
        kwargs=lambda c: {"contract_pk": c.pk},
        organiser="denied",
    ),
    AccessCase(
        "surveys:survey_create",
        make=lambda b, u: ContractFactory(branch=b),
        kwargs=lambda c: {"contract_pk": c.pk},
        method="post",
        organiser="denied",
    ),
    _survey_case("surveys:survey_detail"),
    _survey_case("surveys:survey_edit", organiser="denied"),
    _survey_case("surveys:survey_edit", method="post", organiser="denied", data={"title": "Renamed"}),
    _survey_case("surveys:survey_open", method="post", organiser="denied"),
    _survey_case("surveys:survey_close", method="post", organiser="denied"),
    _survey_case("surveys:survey_new_link", method="post", organiser="denied"),
    _survey_case("surveys:survey_poster", method="post", organiser="denied"),
    _survey_case("surveys:survey_paper_pdf", method="post", organiser="denied", data={"kind": "survey_paper_en"}),
    _survey_case("surveys:survey_questions"),
    _survey_case("surveys:question_add", organiser="denied"),
    _survey_case("surveys:question_add", method="post", organiser="denied", data={"kind": "text"}),
    _question_case("surveys:question_edit"),
    _question_case("surveys:question_edit", method="post", data={"text": "Changed"}),
    _question_case("surveys:question_move", method="post", data={"direction": "down"}),
    _question_case("surveys:question_drop", method="post"),
    _survey_case("surveys:survey_codes", organiser="denied"),
    _survey_case("surveys:survey_codes", method="post", organiser="denied", data={"count": "3"}),
    _survey_case("surveys:survey_translations"),
    _survey_case("surveys:survey_translations", method="post", organiser="denied", data={"language": "pl"}),
    AccessCase(
        "surveys:translation_edit",
        make=_survey,
        kwargs=lambda s: {"pk": s.pk, "language": "pl"},
        organiser="denied",
    ),
    AccessCase(
        "surveys:translation_edit",
        make=_survey,
        kwargs=lambda s: {"pk": s.pk, "language": "pl"},
        method="post",
        organiser="denied",
    ),
    _survey_case("surveys:paper_response", organiser="denied"),
    _survey_case("surveys:paper_response", method="post", organiser="denied"),
    _survey_case("surveys:paper_contact", organiser="denied"),
    _survey_case("surveys:paper_contact", method="post", organiser="denied", data={"name": "Sam", "phone": "0"}),
    _survey_case("surveys:survey_results"),
    AccessCase("surveys:text_answers", make=_question, kwargs=lambda q: {"pk": q.survey_id, "question_pk": q.pk}),
    _survey_case("surveys:survey_export"),
    _survey_case("surveys:survey_export_csv"),
    _survey_case("surveys:survey_contacts", organiser="denied"),
    AccessCase(
        "surveys:contact_delete",
        make=_contact,
        kwargs=lambda c: {"pk": c.survey_id, "contact_pk": c.pk},
        method="post",
        organiser="denied",
    ),
]

# Members reach the survey by its unguessable token, without an account (see test_member_pages.py), or by the
# short link typed from the poster, which leads to the token link (test_short_link.py).
PUBLIC = {"surveys:member_start", "surveys:member_page", "surveys:member_thanks", "surveys:member_short"}
