"""The columns of the export of `/locaties/`: those of the list, with the address split into its
parts and the occupancy as numbers."""

from django.utils.translation import gettext_lazy as _

from kso_portal.exports import Column, Kind

from .constants import Stage


def _form(location) -> str:
    if location.agreed_form:
        return location.get_agreed_form_display()
    return location.get_intended_form_display()


def _contractpartner(location) -> str | None:
    return location.contractpartner.name if location.contractpartner else None


def _in_use(value):
    """Occupancy means something only for a location in use; the list shows a dash otherwise."""
    return lambda location: value(location) if location.stage == Stage.IN_GEBRUIK else None


LOCATION_COLUMNS = [
    Column(_("Adres"), lambda location: f"{location.street} {location.house_number}", width=30),
    Column(_("Postcode"), lambda location: location.postcode, width=10),
    Column(_("Plaats"), lambda location: location.place),
    Column(_("Gemeente"), lambda location: location.gemeente.name),
    Column(_("Fase"), lambda location: location.get_stage_display(), width=16),
    Column(_("Vorm"), _form, width=10),
    Column(_("Capaciteit"), lambda location: location.capacity_value, Kind.INT),
    Column(_("Bezet vandaag"), _in_use(lambda loc: loc.occupied_today or 0), Kind.INT),
    Column(
        _("Bezetting gewijzigd of bevestigd op"),
        _in_use(lambda loc: loc.occupancy_at),
        Kind.DATETIME,
    ),
    Column(
        _("Bezetting niet tijdig bevestigd"),
        _in_use(lambda loc: _("ja") if loc.occupancy_stale else _("nee")),
        width=12,
    ),
    Column(_("Contractpartner"), _contractpartner),
    Column(_("Aangeboden door"), lambda location: location.offered_by.name),
    Column(_("Laatst gewijzigd"), lambda location: location.updated_at, Kind.DATETIME),
]
