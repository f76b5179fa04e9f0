"""No English default text of Django or allauth in a Dutch page: every page of the permission
matrix, opened and (where it has a form) posted empty by each role as a Dutch user, is searched
for the English messages of Django's and allauth's own catalogues (such as "- Select an
option -", "This field is required.", "Enter a valid date.")."""

import html
import re
from functools import cache
from pathlib import Path

import allauth
import django
import pytest
from django.urls import reverse

from tests.kso_portal.test_translations import _po_entries
from tests.test_permission_matrix import (
    MATRIX,
    OBJECT_MATRIX,
    ROLES,
    member,
    own_and_other,
    url_of,
)
from vervolghuisvesting.constants import TransferState

CATALOGUES = [
    Path(django.__file__).parent / "conf" / "locale",
    Path(django.__file__).parent / "contrib" / "auth" / "locale",
    Path(allauth.__file__).parent / "locale",
]
# Placeholders split a message into the fixed parts a page shows around the values.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# Fixed parts this long say something in English; shorter ones ("Yes", "Email") could be
# Dutch words as well, or a name.
MIN_WORDS = 3
# Django's old blank choice, still its constant (BLANK_CHOICE_DASH), in no catalogue.
EXTRA = ("---------",)


def _fragments(message: str) -> list[str]:
    parts = (part.strip(" .:") for part in PLACEHOLDER.split(message))
    return [part for part in parts if len(re.findall(r"[A-Za-z]+", part)) >= MIN_WORDS]


@cache
def english_defaults() -> frozenset[str]:
    """The fixed parts of every English message of the catalogues, except those the Dutch
    catalogue keeps the same."""
    found = set(EXTRA)
    for root in CATALOGUES:
        english = root / "en" / "LC_MESSAGES" / "django.po"
        dutch = root / "nl" / "LC_MESSAGES" / "django.po"
        same_in_dutch = {e["msgid"] for e in _po_entries(dutch) if e.get("msgstr") == e["msgid"]}
        # allauth has no English catalogue: its Dutch one holds every message.
        for entry in _po_entries(english if english.exists() else dutch):
            for message in (entry["msgid"], entry.get("msgid_plural", "")):
                if message and message not in same_in_dutch:
                    found.update(_fragments(message))
    return frozenset(found)


def test_the_list_holds_django_and_allauth_defaults():
    defaults = english_defaults()
    for message in (
        "- Select an option -",
        "This field is required",
        "Enter a valid date",
        "Select a valid choice",
        "Ensure this value has at most",
        "Enter a valid email address",
        "---------",
    ):
        assert message in defaults, message
    assert len(defaults) > 300


def english_on(response) -> list[str]:
    text = html.unescape(response.content.decode())
    return sorted(default for default in english_defaults() if default in text)


def _post_forms(page: str, url: str) -> bool:
    """Whether the page has a form that posts back to itself (a form page, not a list)."""
    path = re.escape(url)
    return bool(re.search(rf'<form[^>]*method="post"(?![^>]*action=)|action="{path}"', page))


@pytest.mark.parametrize("role_key", sorted(ROLES))
@pytest.mark.django_db
def test_no_english_default_on_any_page_of_a_dutch_user(client, make_member, role_key):
    own, _other = own_and_other(make_member, role_key)
    # The request's own page offers a hand-over only while none is open.
    own.transfer.state = TransferState.INGETROKKEN
    own.transfer.save(update_fields=["state"])
    client.force_login(member(make_member, role_key))
    urls = [url_of(name) for name, (_anonymous, roles) in MATRIX.items() if roles[role_key] == 200]
    urls += [
        reverse(name, args=args(own))
        for name, (page, args) in OBJECT_MATRIX.items()
        if page[role_key][0] == 200
    ]
    found, explained = {}, []
    for url in urls:
        page = client.get(url, headers={"accept-language": "nl"})
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        found[url] = english_on(page)
        if _post_forms(page.content.decode(), url):
            # Every field empty (a key of no field, or the view sees no form posted at all):
            # Django's own error messages, in Dutch please.
            empty = {"leeg": ""}
            posted = client.post(url, empty, headers={"accept-language": "nl"}, follow=True)
            found[f"POST {url}"] = english_on(posted)
            explained.append("Dit veld is verplicht." in posted.content.decode())
    assert {url: english for url, english in found.items() if english} == {}
    assert len(found) >= 8
    # Where a form was posted empty, Django's messages were on the page (in Dutch).
    assert any(explained) or not explained
