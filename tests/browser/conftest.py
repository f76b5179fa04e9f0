"""Browser fixtures: the system Chromium through Playwright, and a signed-in page."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import TEST_PASSWORD

# Playwright runs an event loop in this thread; the ORM calls of the fixtures are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.1 A and AA, the legal standard for Dutch government sites.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # `make test` always sets CHROMIUM_PATH ('' for Playwright's own browser); a bare pytest
    # run falls back to the system Chromium.
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium") or None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, transactional_db, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign a user in through the sign-in form, as a person would."""

    def sign_in_as(user):
        page.goto("/accounts/login/")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url("**/")
        return page

    return sign_in_as


@pytest.fixture
def axe_violations():
    """Run axe-core in the page; return a readable report of violations ('' when none)."""
    axe = Axe()

    def check(page) -> str:
        results = axe.run(page, options=AXE_OPTIONS)
        return results.generate_report() if results.violations_count else ""

    return check
