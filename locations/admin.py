from django.contrib import admin
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from .constants import KsoForm
from .models import ChecklistVersion, Location, LocationComment, LocationDocument, StagePlan

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
class ChecklistVersionAdmin(admin.ModelAdmin):
    """The beheerder changes the PvE by adding a version; the newest one applies."""

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


class StagePlanInline(admin.TabularInline):
    model = StagePlan
    fields = ["stage", "planned_on", "actual_on"]
    # The date a stage was reached is recorded by locations/workflow.py with the transition.
    readonly_fields = ["actual_on"]
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["address", "gemeente", "stage", "form_display", "capacity_display"]
    list_filter = ["stage", "intended_form"]
    list_select_related = ["gemeente"]
    search_fields = ["street", "place", "postcode"]
    autocomplete_fields = ["gemeente", "offered_by", "contractpartner"]
    raw_id_fields = ["accountmanager"]
    # Only locations/workflow.py changes a stage, recording who, when and why.
    readonly_fields = ["stage", "stage_changed_at", "created_at", "updated_at"]
    inlines = [StagePlanInline]

    @admin.display(description=_("adres"), ordering="street")
    def address(self, obj: Location) -> str:
        return str(obj)

    @admin.display(description=_("vorm"))
    def form_display(self, obj: Location) -> str:
        return KsoForm(obj.form).label

    @admin.display(description=_("capaciteit"))
    def capacity_display(self, obj: Location) -> int:
        return obj.capacity

    def has_delete_permission(self, request, obj=None) -> bool:
        # An operational location is ended (stage beeindigd), never deleted: its placements,
        # transitions and history refer to it.
        return False


@admin.register(LocationComment)
class LocationCommentAdmin(admin.ModelAdmin):
    list_display = ["location", "author", "organisation", "created_at"]
    list_select_related = ["location", "author", "organisation"]
    search_fields = ["body", "location__street", "location__place"]
    readonly_fields = ["location", "author", "organisation", "created_at"]

    def has_add_permission(self, request) -> bool:
        # A comment is posted in the portal, in its author's name.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The thread is the record of what the parties told each other.
        return False


@admin.register(LocationDocument)
class LocationDocumentAdmin(admin.ModelAdmin):
    """Documents are uploaded and served in the portal, behind its access check; the admin only
    lists them (the file itself has no public URL to link to)."""

    list_display = ["original_name", "kind", "location", "organisation", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["location", "organisation"]
    search_fields = ["original_name", "location__street", "location__place"]
    readonly_fields = fields = [
        "location",
        "kind",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "organisation",
        "uploaded_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
