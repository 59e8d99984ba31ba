import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    """The column alone: with a database default PostgreSQL adds it without rewriting the table; the index
    follows in 0004, built concurrently."""

    dependencies = [
        ("surveys", "0002_running_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now()),
        ),
    ]
