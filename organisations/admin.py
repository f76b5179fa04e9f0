"""/beheer/ keeps the reference data (provinces, gemeenten, Nidos regions) and the
organisations with their members and invitations; each row's history is read-only."""

from django.contrib import admin

from kso_portal.admin_site import HistoryAdmin

from .models import (
    Gemeente,
    Invitation,
    Membership,
    NidosRegion,
    Organisation,
    Province,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)


@admin.register(Province)
class ProvinceAdmin(HistoryAdmin):
    list_display = ["code", "name", "cbs_number"]


@admin.register(Gemeente)
class GemeenteAdmin(HistoryAdmin):
    list_display = ["code", "name", "province", "inhabitants", "valid_from", "valid_until"]
    list_filter = ["province"]
    search_fields = ["code", "name"]
    ordering = ["sort_name"]


@admin.register(NidosRegion)
class NidosRegionAdmin(HistoryAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["provinces"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "gemeente", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["gemeente"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "organisation", "role", "is_national", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active"]
    search_fields = ["user__email", "organisation__name"]
    filter_horizontal = ["nidos_regions"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Members are deactivated, never deleted: the history keeps who they were.
        return False


class RegionaleSamenwerkingMemberInline(admin.TabularInline):
    """Members join in the portal, where each gemeente consents; here they are only read."""

    model = RegionaleSamenwerkingMember
    fields = readonly_fields = ["gemeente"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegionaleSamenwerking)
class RegionaleSamenwerkingAdmin(HistoryAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name", "members__gemeente__name"]
    inlines = [RegionaleSamenwerkingMemberInline]


@admin.register(Invitation)
class InvitationAdmin(HistoryAdmin):
    """Invitations are made and withdrawn in the portal (which mails the link); here they are
    only looked up."""

    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
