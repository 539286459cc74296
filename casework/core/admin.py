"""Admin for users, teams and reference data only; never case records (PERMISSIONS.md)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from casework.core.models import Team, User


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "teams", "is_active"]
    filter_horizontal = ["teams", "groups", "user_permissions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Casework", {"fields": ("role", "teams")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Casework", {"fields": ("first_name", "last_name", "role", "teams")}),
    )
