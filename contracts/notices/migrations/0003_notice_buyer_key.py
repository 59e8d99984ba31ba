import re

from django.db import migrations, models


def _normalise_name(name):
    # contracts.notices.models.normalise_name as it is at this migration (a migration must not change later).
    text = (name or "").casefold().replace("&amp;", "&").replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(w for w in text.split() if w not in {"the"})


def fill_buyer_keys(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    batch = []
    for notice in Notice.objects.only("pk", "buyer_name").iterator(chunk_size=2000):
        notice.buyer_key = _normalise_name(notice.buyer_name)[:300]
        batch.append(notice)
        if len(batch) == 2000:
            Notice.objects.bulk_update(batch, ["buyer_key"])
            batch = []
    Notice.objects.bulk_update(batch, ["buyer_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('notices', '0002_alert_opt_out'),
    ]

    operations = [
        migrations.AddField(
            model_name='notice',
            name='buyer_key',
            field=models.CharField(blank=True, db_default='', db_index=True, max_length=300),
        ),
        migrations.RunPython(fill_buyer_keys, migrations.RunPython.noop),
    ]
