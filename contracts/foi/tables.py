"""The FoI request list: table and filters for `insourcing.lists.ScopedListView`."""

import django_filters
import django_tables2 as tables
from django.utils.html import format_html

from contracts.register.models import PublicAuthority
from insourcing.models import Branch

from .models import FoIRequest


class FoIRequestTable(tables.Table):
    reference = tables.Column(accessor="pk", verbose_name="Reference", order_by="created_at")
    authority = tables.Column(accessor="authority__name", verbose_name="Authority")
    branch = tables.Column(accessor="branch__name", verbose_name="Branch")
    status = tables.Column()
    sent_on = tables.DateColumn(format="j F Y", verbose_name="Sent")
    due_on = tables.DateColumn(format="j F Y", verbose_name="Reply due")

    class Meta:
        model = FoIRequest
        fields = ["reference", "authority", "branch", "subject", "status", "sent_on", "due_on"]
        order_by = ["-reference"]
        empty_text = "No FoI requests yet."

    def render_reference(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.reference)

    def value_reference(self, record):
        return record.reference

    def render_status(self, record):
        css = "status-overdue" if record.status == FoIRequest.Status.OVERDUE else ""
        return format_html('<span class="{}">{}</span>', css, record.get_status_display())


class FoIRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FoIRequest.Status.choices)
    authority = django_filters.ModelChoiceFilter(queryset=PublicAuthority.objects.none())
    branch = django_filters.ModelChoiceFilter(queryset=Branch.objects.none())

    class Meta:
        model = FoIRequest
        fields = ["status", "authority", "branch"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["authority"].queryset = PublicAuthority.objects.for_user(user)
        if (
            user is not None
            and user.is_authenticated
            and (user.organiser_region_ids or len(user.officer_branch_ids) > 1)
        ):
            self.filters["branch"].queryset = Branch.objects.for_user(user)
        else:  # an officer of one branch has nothing to choose
            del self.filters["branch"]
