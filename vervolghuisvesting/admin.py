"""/beheer/ keeps the table of housing terms. Youths, housing requests and reminders are not
here: the beheerder sees no youths (DESIGN.md §2), and a reminder's date gives a birth date away."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from kso_portal.admin_site import HistoryAdmin

from .models import TermPolicy
from .services import term_policy_save


@admin.register(TermPolicy)
class TermPolicyAdmin(HistoryAdmin):
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
