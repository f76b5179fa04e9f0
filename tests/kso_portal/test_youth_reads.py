"""Every page that shows a youth is in the access log, and no browser keeps it.

The portal is crawled as every demo user, following the links a user can follow (and a
location's occupancy on another date and its whole history). For every response that carries a
youth's pseudonym, the access log must have grown by a row naming those pseudonyms, and the
response must say `Cache-Control: private, no-store`. Before, 16 of 55 such pages wrote nothing:
a location's history and its occupancy on another date, the inbox, the forms that show a youth.
"""

import re
from collections import deque
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from kso_portal.constants import AccessKind
from kso_portal.models import AccessLogEntry
from kso_portal.youth_reads import pseudonyms_in
from locations.constants import Stage
from locations.models import Location

pytestmark = pytest.mark.django_db

# Pages of one kind (one URL name) crawled per user; more show nothing new.
PER_URL_NAME = 12
NOT_FOLLOWED = ("/beheer/", "/accounts/", "/i18n/", "/static/", "/agenda/")
HREF = re.compile(r'href="([^"#]+)"')


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def _links(page_url: str, html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        parts = urlsplit(urljoin(page_url, href.replace("&amp;", "&")))
        if parts.netloc not in ("", "testserver") or parts.path.startswith(NOT_FOLLOWED):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_and_check(client: Client, start: list[str]) -> dict[str, set[str]]:
    """Crawls from `start`; for every page with pseudonyms checks the log and the header.
    Returns {url: pseudonyms shown} of those pages."""
    seen, queue, per_name, shown = set(start), deque(start), {}, {}
    while queue:
        url = queue.popleft()
        before = AccessLogEntry.objects.count()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or response.streaming:
            continue
        pseudonyms = pseudonyms_in(response.content)
        if pseudonyms:
            shown[url] = pseudonyms
            entries = AccessLogEntry.objects.order_by("pk")[before:]
            assert len(entries) == 1, f"{url} showed youths and wrote {len(entries)} rows"
            assert set(entries[0].pseudonyms) == pseudonyms
            assert entries[0].kind == AccessKind.YOUTH_READ
            assert "no-store" in response["Cache-Control"], url
            assert "private" in response["Cache-Control"], url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(url, response.content.decode()):
            path, _, query = link.partition("?")
            name = _url_name(path)
            if link in seen or name is None or (query and "?" in url):
                continue
            if per_name.get(name, 0) >= PER_URL_NAME:
                continue
            per_name[name] = per_name.get(name, 0) + 1
            seen.add(link)
            queue.append(link)
    return shown


@pytest.fixture
def demo(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")


def signed_in(email: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(email=email))
    return client


def _extra_pages() -> list[str]:
    """Pages no link leads to: a location in use on an earlier date, with its whole history."""
    earlier = (timezone.localdate() - timedelta(days=20)).isoformat()
    pages = []
    for location in Location.objects.filter(stage=Stage.IN_GEBRUIK):
        detail = reverse("location_detail", args=[location.pk])
        pages += [f"{detail}?op={earlier}", f"{detail}?geschiedenis=alles"]
    return pages


@pytest.mark.parametrize(
    "email",
    [
        "contractpartner@kso.example",
        "gemeente@kso.example",
        "nidos@kso.example",
        "nidos.landelijk@kso.example",
    ],
)
def test_every_page_that_shows_a_youth_is_logged_and_not_kept(demo, email):
    shown = crawl_and_check(signed_in(email), ["/", *_extra_pages()])
    names = {_url_name(url.split("?")[0]) for url in shown}
    # The pages found without a log row before, among those the crawl reaches.
    assert {"youth_list", "youth_detail", "location_detail", "notification_list"} <= names


def test_a_location_page_on_another_date_and_the_forms_are_logged(demo):
    client = signed_in("contractpartner@kso.example")
    shown = crawl_and_check(client, _extra_pages())
    assert any("?op=" in url for url in shown)
    shown = crawl_and_check(client, ["/"])
    names = {_url_name(url.split("?")[0]) for url in shown}
    assert {"placement_end", "placement_move", "housing_request_submit"} <= names


@pytest.mark.parametrize("email", ["woningcorporatie@kso.example", "beheer@kso.example"])
def test_those_who_see_no_youths_are_shown_none(demo, email):
    # A contractpartner's read first, so that the access log (the beheerder's) names youths.
    crawl_and_check(signed_in("contractpartner@kso.example"), ["/jongeren/"])
    shown = crawl_and_check(signed_in(email), ["/", *_extra_pages()])
    # The beheerder's access log names the youths whose pages were read: that page, and only
    # that page, is itself a logged read.
    assert {_url_name(url.split("?")[0]) for url in shown} <= {"access_log_list"}
    if email.startswith("woningcorporatie"):
        assert shown == {}
