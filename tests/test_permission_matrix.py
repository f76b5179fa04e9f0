"""Every URL x role x (own / other organisation): what each user gets.

Every new view adds its rows here. `None` as expected status means "redirect to sign-in".
"""

import pytest
from django.urls import reverse

from organisations.constants import OrganisationKind, Role

ROLES = [
    (OrganisationKind.GEMEENTE, Role.LEZER),
    (OrganisationKind.GEMEENTE, Role.MEDEWERKER),
    (OrganisationKind.GEMEENTE, Role.COORDINATOR),
    (OrganisationKind.NIDOS, Role.MEDEWERKER),
    (OrganisationKind.CONTRACTPARTNER, Role.MEDEWERKER),
    (OrganisationKind.WONINGCORPORATIE, Role.MEDEWERKER),
    (OrganisationKind.BEHEER, Role.COORDINATOR),
]

# url name -> (status for anonymous, status for every signed-in role)
MATRIX = {
    "dashboard": (None, 200),
    "accessibility": (200, 200),
    "account_login": (200, 302),
    "membership_switch": (None, 405),  # POST only; its POST is tested in test_pages.py
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.django_db
def test_anonymous_access(client, url_name):
    expected, _ = MATRIX[url_name]
    response = client.get(reverse(url_name))
    if expected is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("kind", "role"), ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.django_db
def test_signed_in_access(client, make_member, url_name, kind, role):
    client.force_login(make_member(kind, role=role))
    _, expected = MATRIX[url_name]
    assert client.get(reverse(url_name)).status_code == expected


@pytest.mark.django_db
def test_beheer_admin_is_for_staff_only(client, make_member):
    client.force_login(make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(make_member(OrganisationKind.BEHEER, is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 200
