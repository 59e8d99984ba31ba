import django.db.models.functions.datetime
from django.db import migrations, models

from insourcing.migration_operations import index_concurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("campaigns", "0006_campaign_updated_at"),
    ]

    operations = [
        index_concurrently(
            model_name="campaign",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now(), db_index=True
            ),
            table="campaigns_campaign",
            index="campaigns_campaign_updated_at_8f2b8cec",
        ),
    ]
