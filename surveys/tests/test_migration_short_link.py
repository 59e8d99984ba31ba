"""Migrations 0007 and 0008 give every existing survey its own short code and make the codes unique."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("surveys", "0006_unlinkable_contacts")]
AFTER = [("surveys", "0008_survey_short_code_unique")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(target).apps if target else None


@pytest.mark.django_db(transaction=True)
def test_existing_surveys_each_get_their_own_short_code_and_codes_stay_unique(branch_a, alice):
    from surveys.tests.factories import make_survey

    surveys = [make_survey(branch_a, alice, open_it=True) for _ in range(3)]
    tokens = {s.pk: s.token for s in surveys}
    try:
        _migrate(BEFORE)
        new = _migrate(AFTER)
        Survey = new.get_model("surveys", "Survey")
        codes = dict(Survey.objects.values_list("pk", "short_code"))
        assert set(codes) == set(tokens) and len(set(codes.values())) == 3
        assert all(code and len(code) == 10 for code in codes.values())
        assert dict(Survey.objects.values_list("pk", "token")) == tokens  # the old links keep working
        clash = Survey.objects.get(pk=surveys[0].pk)
        with pytest.raises(IntegrityError):
            Survey.objects.filter(pk=surveys[1].pk).update(short_code=clash.short_code)
        _migrate(BEFORE)  # and back again, for a release rolled back
        _migrate(AFTER)
    finally:
        _migrate(None)
