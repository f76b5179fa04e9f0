from django.contrib import admin

from .models import Gemeente, Membership, NidosRegion, Organisation, Province


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
