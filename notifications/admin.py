"""/beheer/ shows each user's choices for notifications. The notifications themselves are not
here: reminders name youths, whom the beheerder may not see."""

from django.contrib import admin

from kso_portal.admin_site import HistoryAdmin

from .models import NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(HistoryAdmin):
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
