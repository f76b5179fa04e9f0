"""Input of the locations pages: the property, the filters, a stage transition, plans,
comments and documents."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kso_portal.access import GEMEENTE, Actor
from kso_portal.filters import FilterDateField, FilterForm
from kso_portal.form_renderer import PortalSelect
from kso_portal.once import OnceForm, add_once_field
from organisations.constants import OrganisationKind
from organisations.models import Gemeente, Organisation

from .constants import DocumentKind, KsoForm, Stage
from .models import Location
from .selectors import SORTS
from .services import PROPERTY_FIELDS
from .workflow import HAPPENED_ON

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class LocationForm(forms.ModelForm):
    """The candidate property (DESIGN.md §4.2). A gemeente offers in its own gemeente only: the
    list shows only that one, and the service explains a posted other one."""

    class Meta:
        model = Location
        fields = PROPERTY_FIELDS
        widgets = {
            "available_from": DATE,
            "available_until": DATE,
            "notes": SHORT_TEXT,
        }
        help_texts = {
            "postcode": _("Vier cijfers en twee letters, zoals 3511 AB."),
            "proposed_capacity": _("Aantal jongeren. KWG 9-12, KWE 3-5, KWE+ 6-8."),
            "single_bedrooms": _("Eén slaapkamer per jongere is de eis."),
            "available_until": _("Alleen bij tijdelijk gebruik."),
            "isk_travel_minutes": _("Met openbaar vervoer of fiets; ten hoogste 30 minuten."),
            "showers": _("Ten minste één per twee jongeren."),
            "toilets": _("Ten minste één per twee jongeren."),
        }

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = Gemeente.objects.filter(valid_until=None).order_by("sort_name")
        self.fields["gemeente"].queryset = gemeenten
        if actor.kind == GEMEENTE:
            own = actor.organisation.gemeente
            self.fields["gemeente"].widget.choices = [(own.pk, own.name)]
            self.fields["gemeente"].initial = own.pk
        for name in ("proposed_capacity", "single_bedrooms", "showers", "toilets"):
            self.fields[name].widget.attrs["min"] = 1 if name == "proposed_capacity" else 0
        if self.instance.pk is None:
            # Offering creates a location: once per form (kso_portal/once.py).
            add_once_field(self)

    GROUPS = (
        (_("Adres"), ("street", "house_number", "postcode", "place", "gemeente")),
        (
            _("Pand en beschikbaarheid"),
            (
                "property_type",
                "owner_type",
                "available_from",
                "available_until",
                "intended_form",
                "proposed_capacity",
            ),
        ),
        (
            _("Ruimten en voorzieningen"),
            (
                "single_bedrooms",
                "smallest_bedroom_m2",
                "has_living_room",
                "living_room_m2",
                "has_kitchen",
                "showers",
                "toilets",
                "has_staff_room",
            ),
        ),
        (_("Omgeving"), ("isk_travel_minutes", "isk_name", "has_gp", "notes")),
    )

    def groups(self) -> list[tuple[str, list]]:
        """The fields in the fieldsets the form shows."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_postcode(self) -> str:
        compact = re.sub(r"\s+", "", self.cleaned_data["postcode"]).upper()
        if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
            raise forms.ValidationError(_("Vul een Nederlandse postcode in, zoals 3511 AB."))
        return f"{compact[:4]} {compact[4:]}"


def _choices(empty: str, choices) -> list[tuple]:
    return [("", empty), *choices]


class LocationFilterForm(FilterForm):
    q = forms.CharField(label=_("Adres of plaats"), required=False)
    stage = forms.ChoiceField(
        label=_("Fase"),
        required=False,
        choices=_choices(_("Alle fasen"), Stage.choices),
        widget=PortalSelect,
    )
    form = forms.ChoiceField(
        label=_("Vorm"),
        required=False,
        choices=_choices(_("Alle vormen"), KsoForm.choices),
        widget=PortalSelect,
    )
    province = forms.ChoiceField(label=_("Provincie"), required=False, widget=PortalSelect)
    region = forms.ChoiceField(label=_("Nidos-regio"), required=False, widget=PortalSelect)
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, widget=PortalSelect)
    samenwerking = forms.TypedChoiceField(
        label=_("Regionale samenwerking"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PortalSelect,
    )
    contractpartner = forms.TypedChoiceField(
        label=_("Contractpartner"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PortalSelect,
    )
    offered_by = forms.TypedChoiceField(
        label=_("Aangeboden door"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PortalSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("gewijzigd", _("Laatst gewijzigd")),
            ("adres", _("Adres")),
            ("gemeente", _("Gemeente")),
            ("fase", _("Fase")),
            ("capaciteit", _("Capaciteit (grootste eerst)")),
        ],
        widget=PortalSelect,
    )

    def __init__(self, *args, choices: dict[str, list], **kwargs):
        """`choices`: the options of the filters (`selectors.filter_choices`)."""
        super().__init__(*args, **kwargs)
        empty = {
            "province": _("Alle provincies"),
            "region": _("Alle regio's"),
            "gemeente": _("Alle gemeenten"),
            "samenwerking": _("Alle samenwerkingen"),
            "contractpartner": _("Alle contractpartners"),
            "offered_by": _("Alle aanbieders"),
        }
        for name, label in empty.items():
            self.fields[name].choices = _choices(label, choices[name])

    def filters(self) -> dict:
        data = self.applied()
        sort = data.get("sort") or "gewijzigd"
        return {
            "stage": data.get("stage", ""),
            "form": data.get("form", ""),
            "gemeente": data.get("gemeente", ""),
            "province": data.get("province", ""),
            "region": data.get("region", ""),
            "samenwerking": data.get("samenwerking"),
            "contractpartner": data.get("contractpartner"),
            "offered_by": data.get("offered_by"),
            "query": data.get("q", ""),
            "sort": sort if sort in SORTS else "gewijzigd",
        }


TRANSITION_FIELDS = {
    "visit_on": lambda: forms.DateField(label=_("Datum schouw"), widget=DATE),
    "contractpartner": lambda: forms.ModelChoiceField(
        label=_("Contractpartner"),
        queryset=Organisation.objects.filter(
            kind=OrganisationKind.CONTRACTPARTNER, is_active=True
        ).order_by("name"),
        help_text=_("Die de locatie gaat exploiteren en bij de schouw is."),
    ),
    "visit_result": lambda: forms.CharField(label=_("Uitkomst van de schouw"), widget=SHORT_TEXT),
    "agreed_form": lambda: forms.ChoiceField(label=_("Afgesproken vorm"), choices=KsoForm.choices),
    "agreed_capacity": lambda: forms.IntegerField(
        label=_("Afgesproken capaciteit"), min_value=1, max_value=100
    ),
    "capacity_deviation_reason": lambda: forms.CharField(
        label=_("Reden voor een capaciteit buiten de standaard"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Nodig als de capaciteit buiten het bereik van de vorm valt."),
    ),
    "rejection_reason": lambda: forms.CharField(label=_("Reden van afwijzing"), widget=SHORT_TEXT),
    "college_decision_on": lambda: forms.DateField(label=_("Datum collegebesluit"), widget=DATE),
    "term_of_use_until": lambda: forms.DateField(
        label=_("Gebruik afgesproken tot en met"),
        required=False,
        widget=DATE,
        help_text=_("Leeg bij gebruik zonder einddatum."),
    ),
    "opening_on": lambda: forms.DateField(label=_("Openingsdatum"), widget=DATE),
    "ended_on": lambda: forms.DateField(label=_("Einddatum"), widget=DATE),
    "end_reason": lambda: forms.CharField(label=_("Reden van beëindiging"), widget=SHORT_TEXT),
    "withdrawal_reason": lambda: forms.CharField(
        label=_("Reden van intrekking"), widget=SHORT_TEXT
    ),
    # Not given: today (the service's default).
    HAPPENED_ON: lambda: forms.DateField(label=_("Gebeurd op"), required=False, widget=DATE),
}


class TransitionForm(forms.Form):
    """The fields one move records, from the table in locations/workflow.py, and the day it
    happened (its own date, such as the opening date, or "Gebeurd op"): today unless changed,
    not after today nor before `reached_on`, the day the location reached its stage."""

    expected_stage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, move, location: Location, reached_on: date | None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in move.fields:
            self.fields[name] = TRANSITION_FIELDS[name]()
            current = getattr(location, name, None)
            if current not in (None, ""):
                self.fields[name].initial = current
        if "agreed_form" in move.fields and not location.agreed_form:
            self.fields["agreed_form"].initial = location.intended_form
        if "agreed_capacity" in move.fields and not location.agreed_capacity:
            self.fields["agreed_capacity"].initial = location.proposed_capacity
        self._date_field(move.date_field, reached_on)
        self.fields["comment"] = forms.CharField(
            label=_("Wat is er veranderd?") if move.comment_required else _("Toelichting"),
            required=move.comment_required,
            widget=SHORT_TEXT,
        )
        self.fields["expected_stage"].initial = location.stage

    def _date_field(self, name: str, reached_on: date | None) -> None:
        if name not in self.fields:
            self.fields[name] = TRANSITION_FIELDS[name]()
        field, today = self.fields[name], timezone.localdate()
        field.initial = field.initial or today
        field.widget.attrs["max"] = today.isoformat()
        if reached_on:
            field.widget.attrs["min"] = reached_on.isoformat()
            field.help_text = _(
                "De dag waarop het gebeurde: niet in de toekomst en niet voor %(on)s."
            ) % {"on": reached_on.strftime("%d-%m-%Y")}
        else:
            field.help_text = _("De dag waarop het gebeurde: niet in de toekomst.")

    def values(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("expected_stage", "comment")
        }


class PreparationForm(forms.Form):
    gebruiksmelding_filed_on = forms.DateField(
        label=_("Gebruiksmelding ingediend op"),
        required=False,
        widget=DATE,
        help_text=_("Nodig bij meer dan 10 slapers, ten minste 4 weken voor opening."),
    )
    neighbourhood_informed_on = forms.DateField(
        label=_("Buurt geïnformeerd op"),
        required=False,
        widget=DATE,
        help_text=_("Datum van de brief of de bewonersavond."),
    )


class FurnishingForm(forms.Form):
    furnishing_ready_on = forms.DateField(label=_("Inrichting gereed op"), widget=DATE)


class StagePlanForm(forms.Form):
    """A planned date per stage still to come."""

    def __init__(self, *args, stages: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for row in stages:
            self.fields[row["stage"]] = forms.DateField(
                label=row["label"], required=False, widget=DATE, initial=row["planned_on"]
            )


class CommentForm(OnceForm):
    body = forms.CharField(
        label=_("Nieuwe opmerking"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DocumentForm(OnceForm):
    kind = forms.ChoiceField(label=_("Soort document"), choices=DocumentKind.choices)
    upload = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, PNG of JPEG, ten hoogste 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class OccupancyDateForm(FilterForm):
    op = FilterDateField(label=_("Bezetting op"), required=False)
