import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    """The column alone: with a database default PostgreSQL adds it without rewriting the table; the index
    follows in 0007, built concurrently."""

    dependencies = [
        ("campaigns", "0005_organising_plan_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now()),
        ),
    ]
