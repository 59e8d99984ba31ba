import django_tables2 as tables

from .models import Branch


class BranchTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name="Region")

    class Meta:
        model = Branch
        fields = ["name", "region", "email", "phone"]
        order_by = ["name"]
