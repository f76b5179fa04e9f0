"""Limits on what a request may make the portal read or pass on: the size of its body, and the
NUL character, which no value in the portal holds and PostgreSQL refuses in text."""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

MEGABYTE = 1024 * 1024
NUL = "\x00"


def declared_length(request: HttpRequest) -> int:
    """The body's length as the request declares it; Django reads no more than that, and
    nothing of a body without one (a chunked one)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Answers 413 to a request whose body is larger than MAX_REQUEST_BODY_BYTES, before
    anything reads it. DATA_UPLOAD_MAX_MEMORY_SIZE leaves the file parts of a multipart body
    out: without this, a 150 MB upload was read to disk whole before the view's 20 MB check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.MAX_REQUEST_BODY_BYTES:
            context = {
                "max_megabytes": settings.MAX_REQUEST_BODY_BYTES // MEGABYTE,
                "back_url": _back_url(request),
            }
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


def _back_url(request: HttpRequest) -> str:
    """The page the form was sent from, when it is the portal's own; else the dashboard."""
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("dashboard")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _names_and_values(request: HttpRequest):
    yield from request.GET.lists()
    if request.method == "POST" and request.content_type in FORM_TYPES:
        yield from request.POST.lists()  # a file's name Django has cleaned already


def has_nul(request: HttpRequest) -> bool:
    """Whether the path, a parameter's name or value, or a form field holds a NUL character."""
    return NUL in request.path_info or any(
        NUL in name or any(NUL in value for value in values)
        for name, values in _names_and_values(request)
    )


class RefuseNulMiddleware:
    """Answers 400 to a request with a NUL character in its path or parameters: no address or
    value of the portal holds one, and PostgreSQL refuses it in text (`/jongeren/%00/` was a
    server error). Forms refuse it too, but a value that reaches a query without a form did
    not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)
