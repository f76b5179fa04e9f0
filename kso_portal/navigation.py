"""The main navigation: which sections a membership's organisation kind and role may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    kinds: frozenset[str] | None = None  # None: every organisation kind
    staff_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem(_("Overzicht"), "dashboard"),
    NavItem(_("Beheer"), "admin:index", staff_only=True),
)


def nav_items_for(*, user, membership) -> list[NavItem]:
    kind = membership.organisation.kind if membership else None
    return [
        item
        for item in NAV_ITEMS
        if (item.kinds is None or kind in item.kinds) and (not item.staff_only or user.is_staff)
    ]
