from django.db import migrations


def load(apps, schema_editor):
    from contracts.comparisons import rates

    rates.store(rates.committed_rates(), apps.get_model("contracts", "ReferenceRate"))


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_comparisons")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
