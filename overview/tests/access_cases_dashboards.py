from contracts.tests.factories import ContractFactory
from insourcing.tests.access import AccessCase
from surveys.services import survey_create


def _survey(branch, officer):
    return survey_create(contract=ContractFactory(branch=branch), user=officer)


CASES = [
    AccessCase("dashboard_branch", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}),
    AccessCase("api:survey_results", make=_survey, kwargs=lambda s: {"pk": s.pk}),
]
