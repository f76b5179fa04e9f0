from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import HousingRequest, Reminder, TermPolicy
from .services import term_policy_save


@admin.register(TermPolicy)
class TermPolicyAdmin(admin.ModelAdmin):
    """The beheerder keeps the housing-term table; saving recomputes the deadlines of the
    requests a row applies to (through the service, as the portal would)."""

    list_display = ["valid_from", "term_months", "note"]

    def save_model(self, request, obj, form, change):
        row = TermPolicy.objects.get(pk=obj.pk) if change else None
        try:
            term_policy_save(
                valid_from=obj.valid_from, term_months=obj.term_months, note=obj.note, row=row
            )
        except ValidationError as error:
            form.add_error(None, error)
            raise

    def has_delete_permission(self, request, obj=None) -> bool:
        # Requests point to the row that set their deadline; a rule change is a new row.
        return False


@admin.register(HousingRequest)
class HousingRequestAdmin(admin.ModelAdmin):
    """Requests are read here; they change in the portal, where the rules are applied."""

    list_display = ["pk", "youth", "gemeente", "submitted_on", "deadline_on", "state"]
    list_filter = ["state"]
    search_fields = ["youth__pseudonym", "gemeente__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "rule", "threshold", "subject_type", "subject_id", "due_on"]
    list_filter = ["rule"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
