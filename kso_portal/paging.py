"""Pagination of the portal's lists: fixed page size, filters kept in the page links."""

from collections.abc import Callable, Hashable
from urllib.parse import quote

from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS

from . import derived
from .constants import PAGE_SIZE

PAGE_PARAMETER = "pagina"
# A value no object has, to cut an object's address out of `reverse` once per page.
_PLACEHOLDER, _NUMBER_PLACEHOLDER = "kso-placeholder-7c1f", "987654321987"
SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse` leaves unquoted


def address_of(name: str, *before) -> Callable[[object], str]:
    """The address of the URL `name` for each row of a page, reversed once: a `{% url %}` per
    row of a 50-row list cost more than the rest of the row. The row gives the last argument;
    `before` are the arguments the page's rows share (the period of a table)."""
    try:
        placeholder = _PLACEHOLDER
        prefix, suffix = reverse(name, args=[*before, placeholder]).split(placeholder)
    except NoReverseMatch:  # a number in the address
        placeholder = _NUMBER_PLACEHOLDER
        prefix, suffix = reverse(name, args=[*before, placeholder]).split(placeholder)
    return lambda value: f"{prefix}{quote(str(value), safe=SAFE)}{suffix}"


class _CountedPaginator(Paginator):
    """A paginator whose number of rows is known, or counted once per change of the data:
    counting a national list (20,000 youths through the access policy) costs more than reading
    a page."""

    def __init__(self, *args, counted_as: Hashable, count: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted_as, self.known = counted_as, count

    @cached_property
    def count(self) -> int:
        if self.known is not None:
            return self.known
        return derived.cached("paging.count", self.counted_as, self.object_list.count)


def paginate(
    request,
    rows,
    per_page: int = PAGE_SIZE,
    *,
    counted_as: Hashable | None = None,
    count: int | None = None,
) -> dict:
    """The page the request asks for and the query string of its filters, for the template.
    `counted_as`: what the rows are (whose list, which filters), to count them once per change
    of the data (kso_portal/derived.py) instead of on every page; or `count`, when known."""
    paginator = (
        Paginator(rows, per_page)
        if counted_as is None and count is None
        else _CountedPaginator(rows, per_page, counted_as=counted_as, count=count)
    )
    page = paginator.get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return {"page": page, "query_string": query.urlencode()}
