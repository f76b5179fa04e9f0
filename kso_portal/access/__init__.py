"""The access policy: for an actor and a kind of object, the rows they may see or act on.

This is the one place that says who sees what (DESIGN.md §2). Selectors, views, forms, exports,
PDFs and the choice of who is notified all call `scope()` (or `get_or_404()` / `can()`, which use
it); nothing else filters domain rows by organisation. `rules.py` holds a rule per model,
`policy.py` the entry points, `actor.py` who acts.

The policy names the models of every app by their label and imports none of them, so that the
kernel stays below the apps in the import order (docs/architecture.md).
"""

from .actor import (
    BEHEER,
    CONTRACTPARTNER,
    COORDINATOR,
    GEMEENTE,
    LEZER,
    MEDEWERKER,
    NIDOS,
    WONINGCORPORATIE,
    Action,
    Actor,
)
from .policy import (
    audience,
    audiences,
    can,
    can_create,
    gemeente_audience,
    get_or_404,
    grantable_nidos_scope,
    grantable_roles,
    scope,
)
from .rules import (
    TRANSFER_ACCEPTED,
    TRANSFER_OFFERED,
    YOUTH_KINDS,
    YOUTH_MODELS,
    hidden_history_models,
    may_see_birth_date,
    may_see_dossier_number,
    may_see_youths,
)

__all__ = [
    "BEHEER",
    "CONTRACTPARTNER",
    "COORDINATOR",
    "GEMEENTE",
    "LEZER",
    "MEDEWERKER",
    "NIDOS",
    "TRANSFER_ACCEPTED",
    "TRANSFER_OFFERED",
    "WONINGCORPORATIE",
    "YOUTH_KINDS",
    "YOUTH_MODELS",
    "Action",
    "Actor",
    "audience",
    "audiences",
    "can",
    "can_create",
    "gemeente_audience",
    "get_or_404",
    "grantable_nidos_scope",
    "grantable_roles",
    "hidden_history_models",
    "may_see_birth_date",
    "may_see_dossier_number",
    "may_see_youths",
    "scope",
]
