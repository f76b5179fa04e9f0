"""Pure rules of the organisations app."""

import hashlib
import unicodedata
from datetime import datetime, timedelta
from enum import StrEnum


def dutch_sort_key(name: str) -> str:
    """Sort key that orders Dutch place names as a Dutch reader expects.

    Case and diacritics do not count ("Fryslân" sorts as "fryslan"), nor do apostrophes, hyphens
    and spaces ("'s-Gravenhage" sorts under S). It is stored beside the name so that every
    PostgreSQL sorts alike, including the embedded one of `make run`, which has no ICU.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


# An invitation link works once and for this long.
INVITATION_VALID_FOR = timedelta(days=7)


class InvitationState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


def invitation_state(
    *,
    expires_at: datetime,
    accepted_at: datetime | None,
    revoked_at: datetime | None,
    now: datetime,
) -> InvitationState:
    """Where an invitation stands: used and withdrawn count before expiry."""
    if accepted_at is not None:
        return InvitationState.ACCEPTED
    if revoked_at is not None:
        return InvitationState.REVOKED
    if now >= expires_at:
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def token_digest(token: str) -> str:
    """What is stored of an invitation link's secret: its SHA-256, never the secret."""
    return hashlib.sha256(token.encode()).hexdigest()
