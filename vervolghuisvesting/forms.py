"""Input of the youth pages: placing, moving, ending, the keuzegesprek and the filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kso_portal.filters import FilterForm
from kso_portal.form_renderer import PortalSelect
from kso_portal.once import OnceForm
from locations.models import Location

from .constants import (
    STATUS_LABELS,
    Bucket,
    Choice,
    Destination,
    EscalationKind,
    HousingState,
    HousingType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON = forms.Textarea(attrs={"rows": 2})


class PlacementForm(OnceForm):
    """A new youth (date of birth) or an existing one (pseudonym), placed from a date."""

    pseudonym = forms.CharField(
        label=_("Pseudoniem van een bekende jongere"),
        required=False,
        help_text=_("Bijvoorbeeld J-7K3M9Q. Leeg laten voor een nieuwe jongere."),
    )
    birth_on = forms.DateField(
        label=_("Geboortedatum (nieuwe jongere)"), required=False, widget=DATE
    )
    nidos_dossier_number = forms.CharField(
        label=_("Dossiernummer Nidos (optioneel)"), required=False, max_length=30
    )
    expected_family_size = forms.IntegerField(
        label=_("Verwachte gezinsgrootte bij nareis (optioneel)"),
        required=False,
        min_value=1,
        max_value=20,
    )
    started_on = forms.DateField(label=_("Geplaatst op"), widget=DATE)
    overbezetting_reason = forms.CharField(
        label=_("Reden voor overbezetting"),
        required=False,
        widget=REASON,
        help_text=_("Alleen nodig als de locatie vol is."),
    )
    age_reason = forms.CharField(
        label=_("Reden voor een leeftijd buiten 15-18"),
        required=False,
        widget=REASON,
        help_text=_("Alleen nodig als de jongere jonger dan 15 of 18 of ouder is."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("pseudonym") and not data.get("birth_on"):
            self.add_error(
                "birth_on", _("Vul de geboortedatum van een nieuwe jongere in, of een pseudoniem.")
            )
        if data.get("pseudonym"):
            data["pseudonym"] = data["pseudonym"].strip().upper()
        return data


class PlacementEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Vertrokken op"), widget=DATE)
    destination = forms.ChoiceField(
        label=_("Bestemming"),
        choices=[
            (Destination.ANDERE_KSO, _("Naar een andere KSO-locatie (verhuizen)")),
            *((v, label) for v, label in Destination.choices if v != Destination.ANDERE_KSO),
        ],
        initial=Destination.VERVOLGHUISVESTING,
        help_text=_(
            "Naar een andere KSO-locatie: u verhuist de jongere naar een van uw locaties. Naar "
            "een locatie van een andere contractpartner besluit Nidos; de jongere houdt het "
            "pseudoniem en de geschiedenis."
        ),
    )


class PlacementMoveForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Naar locatie"), queryset=Location.objects.none())
    moved_on = forms.DateField(label=_("Verhuisd op"), widget=DATE)
    overbezetting_reason = forms.CharField(
        label=_("Reden voor overbezetting"),
        required=False,
        widget=REASON,
        help_text=_("Alleen nodig als de nieuwe locatie vol is."),
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class ConversationForm(forms.Form):
    conversation_on = forms.DateField(label=_("Datum van het keuzegesprek"), widget=DATE)
    choice = forms.ChoiceField(label=_("Keuze van de jongere"), choices=Choice.choices)


class YouthFilterForm(FilterForm):
    q = forms.CharField(label=_("Pseudoniem"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *STATUS_LABELS.items()],
        widget=PortalSelect,
    )
    choice = forms.ChoiceField(
        label=_("Keuze"),
        required=False,
        choices=[("", _("Alle keuzes")), *Choice.choices],
        widget=PortalSelect,
    )
    location = forms.TypedChoiceField(
        label=_("Locatie"), required=False, coerce=int, empty_value=None, widget=PortalSelect
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, widget=PortalSelect)
    within_months = forms.TypedChoiceField(
        label=_("Mijlpaal binnen"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Geen filter")),
            (1, _("1 maand")),
            (3, _("3 maanden")),
            (6, _("6 maanden")),
        ],
        widget=PortalSelect,
    )

    def __init__(self, *args, locations, gemeenten, **kwargs):
        """`locations` and `gemeenten`: (value, label) of the filters' options."""
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("Alle locaties")), *locations]
        self.fields["gemeente"].choices = [("", _("Alle gemeenten")), *gemeenten]

    def filters(self) -> dict:
        data = self.applied()
        return {
            "query": data.get("q", ""),
            "status": data.get("status", ""),
            "choice": data.get("choice", ""),
            "location": data.get("location"),
            "gemeente": data.get("gemeente", ""),
            "within_months": data.get("within_months"),
        }


class HousingSubmitForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("Ingediend bij de gemeente op"),
        widget=DATE,
        help_text=_(
            "Mag in het verleden liggen, niet in de toekomst en niet voor de eerste plaatsing. "
            "De termijn loopt vanaf deze datum."
        ),
    )
    early_reason = forms.CharField(
        label=_("Reden om in te dienen voordat de jongere 17 is"),
        required=False,
        widget=REASON,
        help_text=_("Alleen nodig als de jongere op de indieningsdatum nog geen 17 is."),
    )

    def __init__(self, *args, may_submit_early: bool, **kwargs):
        """Only Nidos submits before 17 (issue 17); the others do not get the field."""
        super().__init__(*args, **kwargs)
        if not may_submit_early:
            del self.fields["early_reason"]


class HousingMoveForm(forms.Form):
    """What a state change records: the housing and its date, or the reason of a withdrawal."""

    outcome_type = forms.ChoiceField(
        label=_("Soort huisvesting"), required=False, choices=[("", "---"), *HousingType.choices]
    )
    outcome_on = forms.DateField(label=_("Datum"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Reden"), required=False, widget=REASON)

    def __init__(self, *args, move, **kwargs):
        super().__init__(*args, **kwargs)
        if not move.needs_outcome:
            del self.fields["outcome_type"]
            del self.fields["outcome_on"]
        if not move.needs_reason:
            del self.fields["reason"]


class HousingTransferForm(forms.Form):
    gemeente = forms.ModelChoiceField(label=_("Naar gemeente"), queryset=None)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=REASON)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten


class HousingTransferDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=REASON,
        help_text=_("De gemeente die de aanvraag aanbood, krijgt deze reden te zien."),
    )


class EscalationForm(OnceForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=EscalationKind.choices)
    on = forms.DateField(label=_("Datum"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=REASON)


class HousingFilterForm(FilterForm):
    # The bucket chosen above the list (its links), kept when the other filters change.
    bak = forms.ChoiceField(
        label=_("Termijn"),
        required=False,
        choices=[("", _("Alle")), *Bucket.choices],
        widget=forms.HiddenInput,
    )
    q = forms.CharField(label=_("Pseudoniem"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *HousingState.choices],
        widget=PortalSelect,
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, widget=PortalSelect)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten")), *gemeenten]


class TransferLocationField(forms.ModelChoiceField):
    def label_from_instance(self, location):
        return _("%(location)s, %(partner)s (%(occupied)d van %(capacity)d bezet)") % {
            "location": location,
            "partner": location.contractpartner.name,
            "occupied": location.occupied_today or 0,
            "capacity": location.capacity,
        }


class TransferProposeForm(forms.Form):
    """Nidos proposes a move to a location of another contractpartner."""

    location = TransferLocationField(label=_("Naar locatie"), queryset=Location.objects.none())
    proposed_on = forms.DateField(label=_("Beoogde verhuisdatum"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=REASON)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class TransferAcceptForm(forms.Form):
    moved_on = forms.DateField(
        label=_("Bij u komen wonen op"),
        widget=DATE,
        help_text=_("De plaatsing verhuist op deze dag; niet in de toekomst."),
    )
    overbezetting_reason = forms.CharField(
        label=_("Reden voor overbezetting"),
        required=False,
        widget=REASON,
        help_text=_("Alleen nodig als uw locatie vol is."),
    )


class TransferDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reden van de afwijzing"), widget=REASON)


class TransferWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reden van de intrekking"), required=False, widget=REASON)
