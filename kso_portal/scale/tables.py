"""The weights, durations, names and texts the national data set draws from."""

from locations.constants import KsoForm, OwnerType, PropertyType
from locations.constants import Stage as S
from vervolghuisvesting.constants import HousingState as H
from vervolghuisvesting.constants import HousingType

# --- Locations
# Most locations are in use; every other stage has some (issue 9).
STAGE_WEIGHTS = {
    S.AANGEBODEN: 6, S.IN_BEOORDELING: 6, S.SCHOUW: 5, S.BESLUITVORMING: 5,
    S.VOORBEREIDING: 7, S.IN_GEBRUIK: 58, S.BEEINDIGD: 5, S.AFGEWEZEN: 4, S.INGETROKKEN: 4,
}  # fmt: skip
FORM_WEIGHTS = {KsoForm.KWE: 50, KsoForm.KWE_PLUS: 30, KsoForm.KWG: 20}
PROPERTY_TYPES = {
    KsoForm.KWE: {PropertyType.EENGEZINSWONING: 70, PropertyType.GROTER_WOONHUIS: 20,
                  PropertyType.ANDERS: 10},
    KsoForm.KWE_PLUS: {PropertyType.GROTER_WOONHUIS: 50, PropertyType.EENGEZINSWONING: 30,
                       PropertyType.ZORGPAND: 20},
    KsoForm.KWG: {PropertyType.ZORGPAND: 40, PropertyType.GROTER_WOONHUIS: 30,
                  PropertyType.KANTOORPAND: 30},
}  # fmt: skip
OWNERS = {
    OwnerType.GEMEENTELIJK: 45, OwnerType.WONINGCORPORATIE: 30, OwnerType.PARTICULIER: 15,
    OwnerType.CONTRACTPARTNER: 10,
}  # fmt: skip
# Days a location usually takes to reach a stage from the stage before (lead times to show).
DAYS_TO = {
    S.AANGEBODEN: (20, 120), S.IN_BEOORDELING: (3, 30), S.SCHOUW: (10, 45),
    S.BESLUITVORMING: (7, 40), S.VOORBEREIDING: (20, 75), S.IN_GEBRUIK: (30, 120),
    S.BEEINDIGD: (180, 1100), S.AFGEWEZEN: (7, 40), S.INGETROKKEN: (10, 90),
}  # fmt: skip
STREETS = (
    "Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianastraat",
    "Wilhelminastraat", "Beatrixlaan", "Nieuwstraat", "Hoofdstraat", "Kastanjelaan",
    "Eikenlaan", "Beukenlaan", "Lindelaan", "Sportlaan", "Parallelweg", "Oranjestraat",
    "Emmastraat", "Prins Bernhardlaan", "Burgemeester de Jonglaan", "Vondellaan", "Marktstraat",
    "Zuiderweg", "Noorderhaven", "Groenstraat", "Tulpstraat", "Rozenlaan", "Kanaalweg",
)  # fmt: skip
LETTERS = "ABCDEFGHJKLMNPRTVWXZ"
VISIT_RESULTS = (
    "Positief: ruime kamers, ISK op 15 minuten fietsen.",
    "Positief, mits de tweede douche voor opening klaar is.",
    "Geschikt; de buurt is rustig en de school goed bereikbaar.",
)
END_REASONS = (
    "Huurcontract afgelopen.",
    "Tijdelijke locatie: de gebruikstermijn is verstreken.",
    "Samengevoegd met een grotere locatie in de gemeente.",
)
REJECTIONS = (
    "Geen ISK binnen 30 minuten reizen.",
    "Te weinig eenpersoonsslaapkamers voor de voorgestelde capaciteit.",
    "Brandveiligheid is niet tegen redelijke kosten op orde te brengen.",
)
LOCATION_WITHDRAWALS = (
    "De eigenaar heeft het pand verkocht.",
    "Het pand is nodig voor een andere doelgroep.",
    "De verbouwing blijkt te duur.",
)
COMMENTS = (
    "Eerste maand goed verlopen; buren positief.",
    "Graag de planning van de schouw afstemmen met de contractpartner.",
    "Bewonersavond was goed bezocht; vragen over toezicht beantwoord.",
    "Inrichting loopt iets uit door levertijden van meubilair.",
    "Wethouder wil graag een werkbezoek na de opening.",
)

# --- Organisations
PARTNER_FORMS = ("Stichting", "Zorggroep", "Jeugdhulp", "Woonzorg")
PARTNER_WORDS = (
    "Het Anker", "De Brug", "Horizon", "Kompas", "De Wissel", "Opmaat", "Lindenhof", "De Vaart",
    "Thuisnest", "Perspectief", "Welkom Thuis", "De Boei", "Zonnehuis", "Vlinderhof", "De Linde",
    "Het Baken", "Samen Verder", "De Schakel", "Noorderlicht", "De Haven", "Eigen Plek",
    "De Overkant", "Nieuwe Start", "Het Kruispunt",
)  # fmt: skip
CORPORATION_FORMS = ("Woonstichting", "Wooncorporatie", "Woonbedrijf")
CORPORATION_WORDS = (
    "De Kaap", "Het Oosten", "Rivierenland", "Veluwezoom", "Kempenland", "Waterweg",
    "Groene Hart", "Noorderkwartier", "Maasvallei", "Eemland", "Duinstreek", "Peelrand",
)  # fmt: skip

# --- Housing requests
STATE_WEIGHTS = {
    H.GEHUISVEST: 44, H.OVERBRUGGING: 12, H.INGETROKKEN: 8, H.INGEDIEND: 8,
    H.IN_BEHANDELING: 16, H.WONING_AANGEBODEN: 12,
}  # fmt: skip
HOUSING_TYPES = {
    HousingType.KAMERGEWIJZE_VERHUUR: 25, HousingType.STUDENTENWONING: 20,
    HousingType.EENPERSOONSSTUDIO: 20, HousingType.DOORSTROOMLOCATIE: 15,
    HousingType.GEZINSWONING_PER_KAMER: 10, HousingType.MET_NAREIZENDE_FAMILIE: 5,
    HousingType.ANDERS: 5,
}  # fmt: skip
REQUEST_WITHDRAWALS = (
    "De jongere vertrekt met gezinshereniging.",
    "De jongere kiest toch voor Verlengde Opvang.",
    "Dubbel ingediend.",
)
