from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was sent to whom, for the beheerder to answer "did I get it?"; only readable: a
    notification is the portal's own record and the recipient's."""

    list_display = [
        "recipient",
        "kind",
        "title",
        "delivery",
        "created_at",
        "read_at",
        "emailed_at",
    ]
    list_filter = ["kind", "delivery"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Each user's choices, to answer "why did I get no e-mail?"; only readable: a user sets
    their own on /meldingen/voorkeuren/."""

    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
