"""The columns of the exports of `/jongeren/` and `/vervolghuisvesting/`: those of the lists,
with what each role may see (DESIGN.md §2: a gemeente never sees a date of birth, the dossier
number is for Nidos and the contractpartner only).

An export holds every row of a list (20,000 youths nationally), so the rows are plain values
from one query (`youth_values`, `housing_request_values`), not model instances, and a label is
looked up in a dict made once, in the language of the request, not translated per row."""

from operator import itemgetter

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kso_portal.access import Actor, may_see_birth_date, may_see_dossier_number
from kso_portal.exports import Column, Kind

from .constants import STATUS_LABELS, Bucket, Choice, HousingState

YOUTH_FIELDS = (
    "pseudonym",
    "birth_on",
    "nidos_dossier_number",
    "status",
    "location_id_now",
    "location_now",
    "location_number_now",
    "keuzemoment_on",
    "conversation_on",
    "meerderjarig_on",
    "einde_vo_on",
    "choice",
)
HOUSING_REQUEST_FIELDS = (
    "youth__pseudonym",
    "gemeente__name",
    "submitted_on",
    "term_months",
    "deadline_on",
    "state",
    "outcome_on",
    "bucket",
)


def youth_values(rows: QuerySet) -> QuerySet:
    """The rows of `selectors.youth_list` as the dicts the youth columns read."""
    return rows.values(*YOUTH_FIELDS)


def housing_request_values(rows: QuerySet) -> QuerySet:
    """The rows of `selectors.housing_request_list` as the dicts the request columns read."""
    return rows.values(*HOUSING_REQUEST_FIELDS)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _label(labels: dict[str, str], field: str):
    return lambda row: labels.get(row[field], row[field])


def _location_now(row) -> str | None:
    if not row["location_id_now"]:
        return None
    return f"{row['location_now']} {row['location_number_now']}"


def youth_columns(actor: Actor) -> list[Column]:
    """The columns of the youth export for `actor`, over `youth_values` rows. Made in the
    request, so that the labels are in its language."""
    columns = [Column(_("Pseudoniem"), itemgetter("pseudonym"), width=12)]
    if may_see_birth_date(actor):
        columns.append(Column(_("Geboortedatum"), itemgetter("birth_on"), Kind.DATE))
    if may_see_dossier_number(actor):
        columns.append(
            Column(_("Dossiernummer Nidos"), lambda row: row["nidos_dossier_number"] or None)
        )
    return [
        *columns,
        Column(_("Status"), _label(_labels(STATUS_LABELS.items()), "status"), width=18),
        Column(_("Locatie nu"), _location_now, width=30),
        Column(_("Keuzemoment (17,5 jaar)"), itemgetter("keuzemoment_on"), Kind.DATE),
        Column(_("Keuzegesprek gevoerd op"), itemgetter("conversation_on"), Kind.DATE),
        Column(_("Meerderjarig (18 jaar)"), itemgetter("meerderjarig_on"), Kind.DATE),
        Column(_("Einde Verlengde Opvang (21 jaar)"), itemgetter("einde_vo_on"), Kind.DATE),
        Column(_("Keuze"), _label(_labels(Choice.choices), "choice"), width=18),
    ]


def housing_request_columns() -> list[Column]:
    """The columns of the housing request export, over `housing_request_values` rows. Made in
    the request, so that the labels are in its language."""
    return [
        Column(_("Jongere"), itemgetter("youth__pseudonym"), width=12),
        Column(_("Gemeente"), itemgetter("gemeente__name")),
        Column(_("Ingediend"), itemgetter("submitted_on"), Kind.DATE),
        Column(_("Termijn (maanden)"), itemgetter("term_months"), Kind.INT),
        Column(_("Uiterste datum"), itemgetter("deadline_on"), Kind.DATE),
        Column(_("Status"), _label(_labels(HousingState.choices), "state"), width=20),
        Column(_("Gehuisvest of overbrugd op"), itemgetter("outcome_on"), Kind.DATE),
        Column(_("Termijn"), _label(_labels(Bucket.choices), "bucket"), width=20),
    ]
