from django.contrib import admin

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
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cbs_number"]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "inhabitants", "valid_from", "valid_until"]
    list_filter = ["province"]
    search_fields = ["code", "name"]
    ordering = ["sort_name"]


@admin.register(NidosRegion)
class NidosRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["provinces"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "gemeente", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["gemeente"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_national", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active"]
    search_fields = ["user__email", "organisation__name"]
    filter_horizontal = ["nidos_regions"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Members are deactivated, never deleted: the history keeps who they were.
        return False


class RegionaleSamenwerkingMemberInline(admin.TabularInline):
    model = RegionaleSamenwerkingMember
    autocomplete_fields = ["gemeente"]
    extra = 0


@admin.register(RegionaleSamenwerking)
class RegionaleSamenwerkingAdmin(admin.ModelAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name", "members__gemeente__name"]
    inlines = [RegionaleSamenwerkingMemberInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
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
