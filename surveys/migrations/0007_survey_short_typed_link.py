"""The short link members type from the poster (issue 17): every survey gets a short code, existing ones too.

The column is added empty: a callable default would be evaluated once and give every existing survey the same
code, and a NOT NULL column would break the previous release, which creates surveys without one while this one
rolls out. Each existing survey is then given its own code; 0008 makes the codes unique.
A survey the old code creates during the roll-out has no code and its printed link is the long one
(`Survey.short_path`); a later release can fill those and make the column NOT NULL.
"""

from django.db import migrations, models, transaction

import surveys.links


def give_each_survey_a_short_code(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    with transaction.atomic(using=schema_editor.connection.alias):
        taken = set(Survey.objects.exclude(short_code=None).values_list("short_code", flat=True))
        for pk in Survey.objects.filter(short_code=None).values_list("pk", flat=True):
            code = surveys.links.new_short_code()
            while code in taken:
                code = surveys.links.new_short_code()
            taken.add(code)
            Survey.objects.filter(pk=pk).update(short_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_unlinkable_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="short_code",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        # Going back drops the column, codes and all.
        migrations.RunPython(give_each_survey_a_short_code, migrations.RunPython.noop, elidable=True),
    ]
