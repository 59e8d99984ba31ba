import django.db.models.functions.datetime
from django.db import migrations, models

from insourcing.migration_operations import index_concurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("surveys", "0003_survey_updated_at"),
    ]

    operations = [
        index_concurrently(
            model_name="survey",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
            table="surveys_survey",
            index="surveys_survey_updated_at_2d1569ba",
        ),
    ]
