"""Bad input in the address never gives a server error: every GET parameter of every list (and
of the location page) is fuzzed with extreme dates, NUL bytes, huge and negative numbers and long
strings, for every role that may see the page. The parameters are read from the page itself:
the fields of its GET forms and the query strings of its links, so a new filter is fuzzed too.
"""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from locations.constants import Stage
from notifications.models import Notification
from tests.support import running_period
from tests.test_permission_matrix import MATRIX, ROLES, member

VALUES = (
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "-1",
    "0",
    "\x00",
    "GM0344\x00",
    str(10**30),
    str(-(10**30)),
    "1e400",
    "x" * 10_000,
)
# url name -> (arguments, the role keys that may see it: the permission matrix's 200s).
LISTS = (
    "location_list",
    "location_map",
    "location_export",
    "youth_list",
    "youth_export",
    "housing_request_list",
    "housing_request_export",
    "notification_list",
    "notification_export",
    "access_log_list",
    "organisation_list",
    "samenwerking_list",
)
# Where the export's parameters come from: its list's page.
EXPORT_OF = {
    "location_export": "location_list",
    "youth_export": "youth_list",
    "housing_request_export": "housing_request_list",
    "notification_export": "notification_list",
}
# Parameters a page may take whether or not it shows them now: the page of a long list, and
# all of a long history.
ALWAYS = {"pagina", "geschiedenis"}
# Some of what each page must be found to offer: the reading of the pages works.
EXPECTED = {
    "location_list": {"q", "stage", "gemeente", "samenwerking", "sort"},
    "youth_list": {"q", "status", "location", "within_months"},
    "housing_request_list": {"state", "gemeente", "bak"},
    "notification_list": {"ongelezen"},
    "access_log_list": {"since", "until", "kind"},
    "organisation_list": {"q", "soort"},
    "period_table": {"province", "samenwerking", "sort"},
    "location_detail": {"op"},
}


class _Parameters(HTMLParser):
    """The names of the controls of GET forms and the query keys of links on a page."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form:
            if attributes.get("name"):
                self.names.add(attributes["name"])
        elif tag == "a" and (attributes.get("href") or "").startswith("?"):
            self.names.update(key for key, _ in parse_qsl(urlsplit(attributes["href"]).query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def parameters_of(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Parameters()
    parser.feed(response.content.decode())
    return parser.names | ALWAYS


def roles_of(name: str) -> list[str]:
    """The role keys that may see the page: the permission matrix's 200s."""
    if name == "period_table":
        return [key for key in ROLES if not key.startswith(("contract", "woning"))]
    if name == "location_detail":
        return list(ROLES)
    return [key for key, status in MATRIX[name][1].items() if status == 200]


@pytest.fixture
def address(utrecht, make_location):
    """A page's address in the utrecht data set (a location in use with youths and a housing
    request); the location page of a location the user sees."""

    def of(name: str, user) -> str:
        if name == "period_table":
            return reverse(name, args=[running_period()])
        if name == "location_detail":
            return reverse(name, args=[_location_seen_by(user, utrecht, make_location).pk])
        if name.endswith("_export"):
            return reverse(name, kwargs={"fmt": "csv"})
        return reverse(name)

    return of


def _location_seen_by(user, utrecht, make_location):
    """Utrecht's location in use, or for a woningcorporatie (which sees only what it offered)
    one in use that it offered."""
    organisation = user.memberships.get().organisation
    if organisation.kind != "woningcorporatie":
        return utrecht["location"]
    return make_location(
        stage=Stage.IN_GEBRUIK,
        offered_by=organisation,
        contractpartner=utrecht["location"].contractpartner,
        opening_on=timezone.localdate() - timedelta(days=30),
    )


@pytest.mark.parametrize("name", [*LISTS, "period_table", "location_detail"])
@pytest.mark.django_db
def test_no_parameter_value_gives_a_server_error(make_member, address, name):
    failures = []
    for role_key in roles_of(name):
        user = member(make_member, role_key)
        Notification.objects.create(recipient=user, kind="test", title="Melding", body="", url="/")
        client = Client(raise_request_exception=False)
        client.force_login(user)
        url = address(name, user)
        page = url if name == "location_detail" else address(EXPORT_OF.get(name, name), user)
        names = parameters_of(client, page)
        assert EXPECTED.get(EXPORT_OF.get(name, name), set()) <= names
        for parameter in sorted(names):
            for value in VALUES:
                status = client.get(url, {parameter: value}).status_code
                if status >= 500:
                    failures.append((role_key, parameter, value[:20], status))
    assert not failures
