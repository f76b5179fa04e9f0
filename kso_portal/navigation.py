"""The main navigation: which sections a membership's organisation kind and role may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kso_portal.access import BEHEER, CONTRACTPARTNER, COORDINATOR, GEMEENTE, NIDOS


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    kinds: frozenset[str] | None = None  # None: every organisation kind
    roles: frozenset[str] | None = None  # None: every role
    staff_only: bool = False
    exclude_kinds: frozenset[str] = frozenset()

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, *, user, kind: str | None, role: str | None) -> bool:
        return (
            (self.kinds is None or kind in self.kinds)
            and (self.roles is None or role in self.roles)
            and kind not in self.exclude_kinds
            and (not self.staff_only or user.is_staff)
        )


NAV_ITEMS = (
    NavItem(_("Overzicht"), "dashboard"),
    NavItem(_("Locaties"), "location_list"),
    NavItem(_("Jongeren"), "youth_list", kinds=frozenset({GEMEENTE, NIDOS, CONTRACTPARTNER})),
    NavItem(
        _("Vervolghuisvesting"),
        "housing_request_list",
        kinds=frozenset({GEMEENTE, NIDOS, CONTRACTPARTNER}),
    ),
    NavItem(
        _("Regionale samenwerkingen"),
        "samenwerking_list",
        kinds=frozenset({GEMEENTE, NIDOS, BEHEER}),
    ),
    # A coordinator manages the members of their own organisation; beheer has "Organisaties".
    NavItem(
        _("Leden"),
        "organisation_list",
        roles=frozenset({COORDINATOR}),
        exclude_kinds=frozenset({BEHEER}),
    ),
    NavItem(_("Organisaties"), "organisation_list", kinds=frozenset({BEHEER})),
    NavItem(_("Taakstelling"), "taakstelling_index", kinds=frozenset({GEMEENTE, NIDOS, BEHEER})),
    NavItem(_("Rapporten"), "report_index"),
    NavItem(_("Meldingen"), "notification_list"),
    NavItem(_("Toegangslog"), "access_log_list", kinds=frozenset({BEHEER})),
    NavItem(_("Beheer"), "admin:index", staff_only=True),
)


def nav_items_for(*, user, membership) -> list[NavItem]:
    kind = membership.organisation.kind if membership else None
    role = membership.role if membership else None
    return [item for item in NAV_ITEMS if item.shown_to(user=user, kind=kind, role=role)]
