"""Pagination of the portal's lists: fixed page size, filters kept in the page links."""

from django.core.paginator import Paginator

from .constants import PAGE_SIZE

PAGE_PARAMETER = "pagina"


def paginate(request, rows, per_page: int = PAGE_SIZE) -> dict:
    """The page the request asks for and the query string of its filters, for the template."""
    page = Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return {"page": page, "query_string": query.urlencode()}
