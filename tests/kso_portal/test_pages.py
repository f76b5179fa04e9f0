import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from organisations.constants import OrganisationKind, Role


@pytest.mark.django_db
def test_dashboard_shows_the_gemeente_of_the_signed_in_user(client, gemeente_user):
    client.force_login(gemeente_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "<h1>Gemeente Utrecht</h1>" in page
    assert "374.238" in page  # inhabitants, Dutch thousands separator
    assert "Medewerker" in page


@pytest.mark.django_db
def test_dashboard_of_nidos_names_the_regions_or_national(client, make_member):
    regional = make_member(OrganisationKind.NIDOS, regions=("zuid", "noord-west"))
    client.force_login(regional)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Noord-West, Zuid" in page
    national = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)
    client.force_login(national)
    assert "Landelijk" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_user_without_organisation_is_told_whom_to_ask(client):
    user = get_user_model().objects.create_user(username="los", email="los@test.example")
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "hoort nog niet bij een organisatie" in page


@pytest.mark.django_db
def test_navigation_shows_beheer_to_staff_only(client, make_member):
    client.force_login(make_member(OrganisationKind.GEMEENTE))
    assert reverse("admin:index") not in client.get(reverse("dashboard")).content.decode()
    client.force_login(make_member(OrganisationKind.BEHEER, is_staff=True))
    assert reverse("admin:index") in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_base_page_has_skip_link_landmarks_and_accessibility_link(client):
    page = client.get(reverse("accessibility")).content.decode()
    assert 'href="#inhoud"' in page
    assert '<main id="inhoud"' in page
    assert "<header" in page
    assert "<footer" in page
    assert f'href="{reverse("accessibility")}"' in page
    assert '<html lang="nl">' in page


@pytest.mark.django_db
def test_unknown_page_answers_a_dutch_404(client, gemeente_user):
    client.force_login(gemeente_user)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_error_pages_are_in_dutch():
    assert "Er ging iets mis" in render_to_string("500.html")
    assert "Geen toegang" in render_to_string("403.html")


@pytest.mark.django_db
def test_unexpected_error_answers_the_dutch_500_page(gemeente_user, settings):
    settings.ROOT_URLCONF = "tests.kso_portal.failing_urls"
    client = Client(raise_request_exception=False)
    client.force_login(gemeente_user)
    response = client.get("/fout/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_shows_the_portal_in_english(client, gemeente_user):
    client.force_login(gemeente_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert "Skip to content" in page
    assert "Your role" in page
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Naar de inhoud" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_sign_in_page_is_in_dutch_with_labelled_fields(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "<h1>Aanmelden</h1>" in page
    assert '<label for="id_login">' in page
    assert '<label for="id_password">' in page


@pytest.mark.django_db
def test_demo_sign_in_page_lists_the_demo_accounts(client, settings):
    settings.DEMO_MODE = True
    page = client.get(reverse("account_login")).content.decode()
    assert "gemeente@kso.example" in page
    assert "kso-demo-2026" in page
    settings.DEMO_MODE = False
    assert "gemeente@kso.example" not in client.get(reverse("account_login")).content.decode()


@pytest.fixture
def member_of_two(make_member):
    from organisations.models import Membership, Organisation

    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    organisation = Organisation.objects.get(gemeente__code="GM0307")
    second = Membership.objects.create(user=user, organisation=organisation, role=Role.LEZER)
    return user, second, amersfoort


@pytest.mark.django_db
def test_switching_organisation_changes_what_the_dashboard_shows(client, member_of_two):
    user, second, _ = member_of_two
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "<h1>Gemeente Utrecht</h1>" in page  # the oldest membership until one is chosen
    assert 'name="membership"' in page  # the switch shows for two memberships
    response = client.post(
        reverse("membership_switch"), {"membership": second.pk, "next": "/toegankelijkheid/"}
    )
    assert response["Location"] == "/toegankelijkheid/"
    assert "<h1>Gemeente Amersfoort</h1>" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_switching_to_someone_elses_membership_answers_404(client, member_of_two):
    user, _, other_user = member_of_two
    client.force_login(user)
    others = other_user.memberships.get()
    assert client.post(reverse("membership_switch"), {"membership": others.pk}).status_code == 404
    assert client.post(reverse("membership_switch"), {"membership": "x"}).status_code == 404
    assert "<h1>Gemeente Utrecht</h1>" in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_switch_never_redirects_off_site(client, member_of_two):
    user, second, _ = member_of_two
    client.force_login(user)
    response = client.post(
        reverse("membership_switch"), {"membership": second.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard")


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_memberships(
    client, member_of_two, django_assert_max_num_queries
):
    user, _, _ = member_of_two
    client.force_login(user)
    # Issue 9's budget for every page; the dashboard of a gemeente reads several lists.
    with django_assert_max_num_queries(15):
        client.get(reverse("dashboard"))
