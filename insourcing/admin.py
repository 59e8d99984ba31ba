from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Branch, BranchOfficer, GeneratedDocument, Region, RegionalOrganiser, User


class BranchOfficerInline(admin.TabularInline):
    model = BranchOfficer
    extra = 0
    autocomplete_fields = ["branch"]


class RegionalOrganiserInline(admin.TabularInline):
    model = RegionalOrganiser
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "position")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [BranchOfficerInline, RegionalOrganiserInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "email"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "branch", "status", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["created_at", "started_at", "finished_at", "attempts", "error"]
