"""/beheer/ holds the PvE checklist of locations. Locations, their comments and documents are
kept in the portal, where the workflow, the access policy and the history apply; a comment is
free text that may name a youth, which the beheerder may not see."""

from django.contrib import admin
from django.forms.models import model_to_dict

from kso_portal.admin_site import HistoryAdmin

from .models import ChecklistVersion

# What a new checklist version takes over from the newest one; its date and note are its own.
CHECKLIST_PARAMETERS = [
    "kwg_min",
    "kwg_max",
    "kwe_min",
    "kwe_max",
    "kwe_plus_min",
    "kwe_plus_max",
    "youths_per_sanitary_facility",
    "isk_max_minutes",
    "min_bedroom_m2",
    "min_living_room_m2",
    "gebruiksmelding_above_sleepers",
    "gebruiksmelding_weeks_before",
]


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(HistoryAdmin):
    """The beheerder changes the PvE by adding a version; it applies from its `valid_from`
    (a later date: from then), until a later version does."""

    list_display = ["number", "valid_from", "created_at", "note"]
    fields = ["number", "valid_from", "note", *CHECKLIST_PARAMETERS]

    def has_change_permission(self, request, obj=None) -> bool:
        # Locations were checked against every existing version: it stays as it was. Without
        # change permission the admin shows a version with all its fields read-only.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        newest = ChecklistVersion.objects.order_by("-number").first()
        if newest is None:
            return {"number": 1, **initial}
        return {
            **model_to_dict(newest, fields=CHECKLIST_PARAMETERS),
            "number": newest.number + 1,
            **initial,
        }
