"""Every page that shows a youth is in the access log, by itself.

Logging a read by a call in each view missed pages (a location's history and its occupancy on
another date, the inbox, the forms that show a youth: 16 of 55 in a security test), and every
new view could miss it again. Instead this middleware looks at what leaves the portal: a
response that carries the pseudonym of a youth is a read of youth data, whatever view made it.
It writes one access log row with the page's title and the pseudonyms it showed, and marks the
response `Cache-Control: private, no-store` so that no browser or proxy keeps it.

Exports and PDFs log themselves (their files are streamed or compressed, so the pseudonyms are
not readable here), with the kind EXPORT or PDF; `access_log_record` marks the request, and
this middleware then writes nothing more.
"""

import html
import re

from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from kso_portal.constants import AccessKind
from kso_portal.redaction import redact_path
from kso_portal.services import access_log_record, access_logged
from vervolghuisvesting.rules import PSEUDONYM_PATTERN

PSEUDONYM = re.compile(rf"(?<![A-Za-z0-9-])({PSEUDONYM_PATTERN})(?![A-Za-z0-9])".encode())
TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)
TITLE_SUFFIX = " · "
TEXT_TYPES = ("text/", "application/json")


def pseudonyms_in(content: bytes) -> set[str]:
    return {match.decode() for match in PSEUDONYM.findall(content)}


def _page_title(content: bytes) -> str:
    match = TITLE.search(content)
    if match is None:
        return ""
    title = html.unescape(match.group(1).decode(errors="replace")).strip()
    return " ".join(title.rsplit(TITLE_SUFFIX, 1)[0].split())


class YouthReadLogMiddleware:
    """Writes an access log row for every response that shows youths (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not request.user.is_authenticated
            or not response.get("Content-Type", "").startswith(TEXT_TYPES)
            or access_logged(request)
        ):
            return response
        pseudonyms = pseudonyms_in(response.content)
        if pseudonyms:
            patch_cache_control(response, private=True, no_store=True)
            title = _page_title(response.content)
            access_log_record(
                actor=request.actor,
                request=request,
                kind=AccessKind.YOUTH_READ,
                what=title or _("Pagina %(path)s") % {"path": redact_path(request.path)},
                row_count=len(pseudonyms),
                pseudonyms=sorted(pseudonyms),
            )
        return response
