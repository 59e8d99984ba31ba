"""The OpenAPI schema, checked by schemathesis against the running app: for generated requests to every
endpoint, no server error and every response matching the schema (status, content type and body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from overview.api.models import ApiToken

from .factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_endpoint_conforms_to_the_schema(live_server, alice, branch_a, branch_a2, branch_b, bob, olive):
    build_world(alice=alice, branch_a=branch_a, branch_a2=branch_a2, branch_b=branch_b, bob=bob)
    _, raw = ApiToken.issue(user=olive, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json", headers=headers)
    operations = {op.ok().path for op in schema.get_all_operations()}
    assert {"/api/contracts/", "/api/campaigns/", "/api/surveys/{id}/results/"} <= operations

    @given(case=schema.as_strategy())
    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(
            base_url=live_server.url,
            headers=headers,
            checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
        )

    check()
