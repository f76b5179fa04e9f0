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
    SamenwerkingInvitation,
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
    """A gemeente joins only by accepting an invitation in the portal (its consent); here the
    beheerder may only remove one, as on the samenwerking's page."""

    model = RegionaleSamenwerkingMember
    fields = ["gemeente", "created_at"]
    readonly_fields = ["gemeente", "created_at"]
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SamenwerkingInvitationInline(admin.TabularInline):
    """Invitations are made, answered and withdrawn in the portal; here they are only read."""

    model = SamenwerkingInvitation
    fields = ["gemeente", "state", "invited_by_organisation", "created_at", "closed_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegionaleSamenwerking)
class RegionaleSamenwerkingAdmin(HistoryAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name", "members__gemeente__name"]
    inlines = [RegionaleSamenwerkingMemberInline, SamenwerkingInvitationInline]


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
