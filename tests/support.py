"""Plain helpers shared by the tests: property data, an actor for a user, a date of birth,
reading an export back, a letter of figures and the text of a PDF."""

import codecs
import csv
import io
import time
from dataclasses import dataclass
from datetime import date

import openpyxl
import pypdf
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kso_portal.access import Actor
from locations.constants import KsoForm, OwnerType, PropertyType
from organisations.models import Gemeente
from taakstelling.rules import period_code, period_of
from vervolghuisvesting.rules import add_months
from vervolghuisvesting.selectors import Occupancy, occupancy_of, with_occupancy

PROPERTY = {
    "street": "Oudegracht",
    "house_number": "12",
    "postcode": "3511 AB",
    "place": "Utrecht",
    "property_type": PropertyType.GROTER_WOONHUIS,
    "owner_type": OwnerType.GEMEENTELIJK,
    "available_from": date(2026, 1, 1),
    "intended_form": KsoForm.KWE,
    "proposed_capacity": 4,
    "single_bedrooms": 4,
    "has_living_room": True,
    "has_kitchen": True,
    "showers": 2,
    "toilets": 2,
    "isk_travel_minutes": 20,
    "has_gp": True,
}


def actor_of(user) -> Actor:
    """The actor of a user with one membership, as request.actor would be."""
    return Actor(user=user, membership=user.memberships.get())


def occupancy_on(location, on: date | None = None) -> Occupancy:
    """A location's occupancy on `on` (default today), as its page reads it."""
    rows = type(location).objects.filter(pk=location.pk)
    return occupancy_of(with_occupancy(rows, on=on or timezone.localdate()).get())


def born_aged(months: int, on: date | None = None) -> date:
    """The date of birth of someone `months` old on `on` (default today)."""
    return add_months(on or timezone.localdate(), -months)


def csv_rows(response) -> list[list[str]]:
    """The lines of a CSV export (the header first), read as Excel with Dutch settings would:
    UTF-8 after a byte order mark, `;` between fields. Streamed, or made whole and kept."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    """The rows of the one sheet of an XLSX export (the header first), as openpyxl reads them."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def letter(number_for, name: str = "brief.csv") -> SimpleUploadedFile:
    """A letter of figures for every gemeente: number_for(code) each."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "aantal"])
    for code in Gemeente.objects.values_list("code", flat=True):
        writer.writerow([code, number_for(code)])
    return SimpleUploadedFile(name, out.getvalue().encode())


def running_period() -> str:
    """The code of the half year of today, e.g. 2026-II."""
    return period_code(*period_of(timezone.localdate()))


@dataclass
class Pdf:
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def read_pdf(content: bytes) -> Pdf:
    """The text of each page of a PDF, as pypdf extracts it."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return Pdf([page.extract_text() for page in reader.pages])


def production_queries(captured) -> list[dict]:
    """The queries of a CaptureQueriesContext as production counts them: a test runs in a
    transaction, where every atomic block becomes a SAVEPOINT and RELEASE that autocommit
    does not send."""
    return [
        query
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def totp_code(secret: str) -> str:
    """What the person's authenticator app shows now. Near the end of its period the person
    waits for the next code, as they would: a code sent as it expires is refused, which made
    tests fail now and then."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
