"""An open survey for the soak test: the guide's model survey on the demo cleaning contract. Prints its token.

Run after seed_demo: `python -m bench.soak_seed`.
"""

import os

import django


def seed() -> str:
    from contracts.models import Contract
    from insourcing.models import User
    from surveys.services import survey_create, survey_open

    contract = Contract.objects.get(branch__slug="demo-city", reference="DEMO-CLEAN-01")
    survey = survey_create(contract=contract, user=User.objects.get(email="officer@example.org"))
    return survey_open(survey=survey).token


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    print(seed())
