from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """The access log is evidence: readable here, never added to, changed or deleted."""

    list_display = ["at", "kind", "email", "organisation_name", "what", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["email", "organisation_name", "what", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
