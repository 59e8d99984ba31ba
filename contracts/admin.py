from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, ContractExtension, Provider, PublicAuthority, Workplace


class ExtensionInline(admin.TabularInline):
    model = ContractExtension
    extra = 0


class WorkplaceInline(admin.TabularInline):
    model = Workplace
    extra = 0


@admin.register(PublicAuthority)
class PublicAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "branch", "kind", "nation"]
    list_filter = ["kind", "nation"]
    search_fields = ["name"]


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "company_number", "charity_number"]
    search_fields = ["name", "company_number", "charity_number"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["service", "branch", "authority", "provider", "end_date"]
    list_filter = ["branch"]
    search_fields = ["service", "reference"]
    raw_id_fields = ["authority", "provider"]
    inlines = [ExtensionInline, WorkplaceInline]
