"""Choices of youths and placements: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Choice(models.TextChoices):
    NOG_NIET_BEKEND = "nog_niet_bekend", _("Nog niet bekend")
    ZELFSTANDIG_WONEN = "zelfstandig_wonen", _("Zelfstandig wonen")
    VERLENGDE_OPVANG = "verlengde_opvang", _("Verlengde Opvang")


class Destination(models.TextChoices):
    ANDERE_KSO = "andere_kso", _("Andere KSO-locatie")
    VERVOLGHUISVESTING = "vervolghuisvesting", _("Vervolghuisvesting")
    GEZINSHERENIGING = "gezinshereniging", _("Gezinshereniging")
    ANDERS = "anders", _("Anders")


class PlacementTransferState(models.TextChoices):
    """An overplaatsing (a move to another contractpartner's location) is a proposal."""

    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    AANVAARD = "aanvaard", _("Aanvaard")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", pgettext_lazy("overplaatsing", "Ingetrokken")


STATUS_LABELS = {
    "kso": _("KSO"),
    "verlengde_opvang": _("Verlengde Opvang"),
    "over_21": _("Over 21, nog geplaatst"),
    "uitgestroomd": _("Uitgestroomd"),
}
# Why a youth in Verlengde Opvang is there (rules.verlengde_opvang_group).
VO_GROUP_LABELS = {
    "uit_keuze": _("uit keuze"),
    "wacht_op_woonruimte": _("wacht op woonruimte"),
    "zonder_aanvraag": _("nog zonder aanvraag"),
}
# A location whose occupancy was neither changed nor confirmed for this many days is marked.
OCCUPANCY_STALE_AFTER_DAYS = 30


class HousingState(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    WONING_AANGEBODEN = "woning_aangeboden", _("Woning aangeboden")
    GEHUISVEST = "gehuisvest", _("Gehuisvest")
    OVERBRUGGING = "overbrugging", _("Passende overbrugging")
    INGETROKKEN = "ingetrokken", pgettext_lazy("aanvraag", "Ingetrokken")


# A request is open until it has an outcome; overbrugging meets the term (DESIGN.md §6).
OPEN_STATES = (HousingState.INGEDIEND, HousingState.IN_BEHANDELING, HousingState.WONING_AANGEBODEN)
DONE_STATES = (HousingState.GEHUISVEST, HousingState.OVERBRUGGING, HousingState.INGETROKKEN)


class HousingType(models.TextChoices):
    KAMERGEWIJZE_VERHUUR = "kamergewijze_verhuur", _("Kamergewijze verhuur")
    STUDENTENWONING = "studentenwoning", _("Studentenwoning")
    EENPERSOONSSTUDIO = "eenpersoonsstudio", _("Eenpersoonsstudio")
    DOORSTROOMLOCATIE = "doorstroomlocatie", _("Doorstroomlocatie")
    GEZINSWONING_PER_KAMER = "gezinswoning_per_kamer", _("Gezinswoning per kamer")
    MET_NAREIZENDE_FAMILIE = "met_nareizende_familie", _("Met nareizende familie")
    OVERBRUGGING = "overbrugging", _("Overbrugging")
    ANDERS = "anders", _("Anders")


class TransferState(models.TextChoices):
    """A hand-over is an offer: the sender stays responsible until the receiver accepts."""

    AANGEBODEN = "aangeboden", pgettext_lazy("overdracht", "Aangeboden")
    AANVAARD = "aanvaard", _("Aanvaard")
    AFGEWEZEN = "afgewezen", pgettext_lazy("overdracht", "Afgewezen")
    INGETROKKEN = "ingetrokken", pgettext_lazy("overdracht", "Ingetrokken")


class EscalationKind(models.TextChoices):
    OVERLEG_NIDOS = "overleg_nidos", _("Overleg met Nidos")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk opgeschaald")


class Bucket(models.TextChoices):
    OVERSCHREDEN = "overschreden", _("Termijn overschreden")
    BINNEN_30 = "binnen_30", _("Binnen 30 dagen")
    BINNEN_90 = "binnen_90", _("Binnen 90 dagen")
    OP_SCHEMA = "op_schema", _("Op schema")
    AFGEROND = "afgerond", _("Afgerond")
