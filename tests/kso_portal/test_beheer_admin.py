"""/beheer/ holds only what the beheerder may see: no youth appears on any of its pages.

Crawled as the demo's beheerder over the demo data (youths with their dates of birth, dossier
numbers, placements, housing requests with escalations, reminders, notifications naming
pseudonyms, access log rows), searching every page for the real values. Before, pghistory's
event admin, the housing requests, the reminders and the notifications showed them all.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from vervolghuisvesting.models import Youth

pytestmark = pytest.mark.django_db

# Each model's changelist is crawled with its filters, sorting and pages (links with a query
# are followed one step from a page without one), and the first OBJECTS_PER_MODEL rows with
# their change and history pages: 342 gemeenten would take minutes and show nothing new.
OBJECTS_PER_MODEL = 25
NOT_FOLLOWED = ("/beheer/logout/", "/beheer/r/", "/beheer/jsi18n/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/beheer/"):
            continue
        if parts.path.startswith(NOT_FOLLOWED) or "_popup" in parts.query:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _model_of(path: str) -> str | None:
    """ "/beheer/<app>/<model>/" for a page of one object ("/beheer/<app>/<model>/1/...")."""
    parts = path.strip("/").split("/")
    return "/".join(parts[:3]) if len(parts) > 3 else None


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    seen, pages, queue = set(start), {}, deque(start)
    objects: dict[str, set[str]] = {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        pages[url] = html
        for link in _links(url, html):
            path, _, query = link.partition("?")
            if link in seen or (query and "?" in url):
                continue
            model = _model_of(path)
            if model is not None:
                rows = objects.setdefault(model, set())
                row = path.strip("/").split("/")[3]
                if row not in rows and len(rows) >= OBJECTS_PER_MODEL:
                    continue
                rows.add(row)
            seen.add(link)
            queue.append(link)
    return pages


def youth_values() -> set[str]:
    """What of a youth may not show: pseudonyms, dossier numbers, dates of birth as the admin
    and the portal write dates."""
    values = set()
    with translation.override("nl"):
        for youth in Youth.objects.all():
            values.add(youth.pseudonym)
            if youth.nidos_dossier_number:
                values.add(youth.nidos_dossier_number)
            born = youth.birth_on
            values |= {
                born.isoformat(),
                born.strftime("%d-%m-%Y"),
                formats.date_format(born, "DATE_FORMAT"),
                formats.date_format(born, "SHORT_DATE_FORMAT"),
            }
    return values


@pytest.fixture
def demo(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    # A read of a youth's page, so that the access log names one.
    partner = get_user_model().objects.get(email="contractpartner@kso.example")
    client = Client()
    client.force_login(partner)
    youth = Youth.objects.order_by("pk").first()
    assert client.get(reverse("youth_detail", args=[youth.pseudonym])).status_code == 200


def test_no_youth_appears_on_any_admin_page(demo):
    beheerder = get_user_model().objects.get(email="beheer@kso.example")
    assert beheerder.is_staff
    client = Client()
    client.force_login(beheerder)
    values = youth_values()
    assert len(values) > 20
    pages = crawl(client, [reverse("admin:index")])
    # Every model the admin holds, and each one's search and facets (a 500 before).
    changelists = {url.split("?")[0] for url in pages if url.count("/") == 4}
    extra = []
    for changelist in changelists:
        extra += [f"{changelist}?q=J-", f"{changelist}?_facets=True"]
    pages |= crawl(client, extra)
    assert len(pages) > 30
    leaks = {(url, value) for url, html in pages.items() for value in values if value in html}
    assert leaks == set()


def test_the_admin_holds_only_what_the_beheerder_may_see(demo):
    from django.contrib import admin

    held = {model._meta.label for model in admin.site._registry}
    assert held == {
        "account.EmailAddress",
        "auth.Group",
        "auth.User",
        "locations.ChecklistVersion",
        "mfa.Authenticator",
        "notifications.NotificationPreference",
        "organisations.Gemeente",
        "organisations.Invitation",
        "organisations.Membership",
        "organisations.NidosRegion",
        "organisations.Organisation",
        "organisations.Province",
        "organisations.RegionaleSamenwerking",
        "vervolghuisvesting.TermPolicy",
    }


def test_a_rows_history_is_its_own_and_read_only(demo):
    from organisations.models import Organisation

    beheerder = get_user_model().objects.get(email="beheer@kso.example")
    client = Client()
    client.force_login(beheerder)
    partner = Organisation.objects.get(name="Stichting De Overstap")
    url = reverse("admin:organisations_organisation_history", args=[partner.pk])
    page = client.get(url).content.decode()
    assert "Stichting De Overstap" in page
    assert "aangemaakt" in page
    # Its placements point to it, but are not its own history.
    assert "Plaatsing" not in page
    assert "<form" not in page.split('id="content-main"', 1)[1]
    assert client.get("/beheer/pghistory/events/").status_code == 404
