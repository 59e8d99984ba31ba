"""The shared list page: django-tables2 + django-filter with sorting, filtering, pagination and CSV/XLSX export.

A list view names its model, table and filterset; the queryset is always scoped with `for_user`.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import InvalidPage
from django.http import Http404
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from .exports import TypedTableExport


class ScopedListView(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    template_name = "insourcing/list.html"
    export_class = TypedTableExport
    export_formats = ("csv", "xlsx")
    # The table paginates; ListView's own pagination of the same rows was a second COUNT per page (issue #21).
    # Not silent: a page number past the end or not a number is a 404, as ListView answered.
    paginate_by = None
    table_pagination = {"per_page": 50, "silent": False}
    title = ""
    intro = ""

    def get_base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self):
        return self.get_base_queryset().for_user(self.request.user)

    def get_table(self, **kwargs):
        page = self.request.GET.get("page")
        if page and not page.isdigit():
            raise Http404("That is not a page number.")
        try:
            return super().get_table(**kwargs)
        except InvalidPage as error:
            raise Http404("There is no such page.") from error

    def get_dataset_kwargs(self):
        return {"title": self.title}

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, export_formats=self.export_formats)
        return context
