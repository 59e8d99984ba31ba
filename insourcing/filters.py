import django_filters

from .models import Branch, Region


class BranchFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all())

    class Meta:
        model = Branch
        fields = ["name", "region"]
