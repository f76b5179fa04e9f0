"""Pure rules of the organisations app."""

import unicodedata


def dutch_sort_key(name: str) -> str:
    """Sort key that orders Dutch place names as a Dutch reader expects.

    Case and diacritics do not count ("Fryslân" sorts as "fryslan"), nor do apostrophes, hyphens
    and spaces ("'s-Gravenhage" sorts under S). It is stored beside the name so that every
    PostgreSQL sorts alike, including the embedded one of `make run`, which has no ICU.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())
