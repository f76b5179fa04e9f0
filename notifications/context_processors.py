"""Template context for every page: the unread count shown beside "Meldingen" in the header."""

from . import selectors


def unread(request) -> dict:
    user = getattr(request, "user", None)
    actor = getattr(request, "actor", None)
    if actor is None or user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": selectors.unread_count(actor=actor)}
