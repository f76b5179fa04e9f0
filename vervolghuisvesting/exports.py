"""The columns of the exports of `/jongeren/` and `/vervolghuisvesting/`: those of the lists,
with what each role may see (DESIGN.md §2: a gemeente never sees a date of birth, the dossier
number is for Nidos and the contractpartner only)."""

from django.utils.translation import gettext_lazy as _

from kso_portal.access import Actor, may_see_birth_date, may_see_dossier_number
from kso_portal.exports import Column, Kind

from .constants import STATUS_LABELS, Bucket


def _location_now(youth) -> str | None:
    if not youth.location_id_now:
        return None
    return f"{youth.location_now} {youth.location_number_now}"


def youth_columns(actor: Actor) -> list[Column]:
    columns = [Column(_("Pseudoniem"), lambda youth: youth.pseudonym, width=12)]
    if may_see_birth_date(actor):
        columns.append(Column(_("Geboortedatum"), lambda youth: youth.birth_on, Kind.DATE))
    if may_see_dossier_number(actor):
        columns.append(
            Column(_("Dossiernummer Nidos"), lambda youth: youth.nidos_dossier_number or None)
        )
    return [
        *columns,
        Column(_("Status"), lambda youth: STATUS_LABELS[youth.status], width=18),
        Column(_("Locatie nu"), _location_now, width=30),
        Column(_("Keuzemoment (17,5 jaar)"), lambda youth: youth.keuzemoment_on, Kind.DATE),
        Column(_("Keuzegesprek gevoerd op"), lambda youth: youth.conversation_on, Kind.DATE),
        Column(_("Meerderjarig (18 jaar)"), lambda youth: youth.meerderjarig_on, Kind.DATE),
        Column(_("Einde Verlengde Opvang (21 jaar)"), lambda youth: youth.einde_vo_on, Kind.DATE),
        Column(_("Keuze"), lambda youth: youth.get_choice_display(), width=18),
    ]


HOUSING_REQUEST_COLUMNS = [
    Column(_("Jongere"), lambda housing: housing.youth.pseudonym, width=12),
    Column(_("Gemeente"), lambda housing: housing.gemeente.name),
    Column(_("Ingediend"), lambda housing: housing.submitted_on, Kind.DATE),
    Column(_("Termijn (maanden)"), lambda housing: housing.term_months, Kind.INT),
    Column(_("Uiterste datum"), lambda housing: housing.deadline_on, Kind.DATE),
    Column(_("Status"), lambda housing: housing.get_state_display(), width=20),
    Column(_("Gehuisvest of overbrugd op"), lambda housing: housing.outcome_on, Kind.DATE),
    Column(_("Termijn"), lambda housing: Bucket(housing.bucket).label, width=20),
]
