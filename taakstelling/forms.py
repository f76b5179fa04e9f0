"""Input of the taakstelling pages: a file of figures or a national total, and the filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kso_portal.filters import FilterForm
from kso_portal.form_renderer import PortalSelect
from kso_portal.forms import AsciiIntegerField
from kso_portal.once import OnceForm

from .constants import HOUSING_STATUS, PLACES_STATUS, FigureKind

PERIOD_HELP = _("Halfjaar als 2026-I (januari-juni) of 2026-II (juli-december).")


# Far above any national total of the letters (a few thousand places or persons), far below
# what the database's numbers hold; a larger one is a typing error, said on the form.
MAX_NATIONAL_TOTAL = 1_000_000


class QuotaFileForm(OnceForm):
    period = forms.CharField(label=_("Periode"), max_length=7, help_text=PERIOD_HELP)
    kind = forms.ChoiceField(label=_("Soort cijfer"), choices=FigureKind.choices)
    upload = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_("Met de kolommen 'code' (CBS-code, zoals GM0344) en 'aantal'; alle gemeenten."),
    )


class QuotaEstimateForm(OnceForm):
    period = forms.CharField(label=_("Periode"), max_length=7, help_text=PERIOD_HELP)
    kind = forms.ChoiceField(label=_("Soort cijfer"), choices=FigureKind.choices)
    national_total = AsciiIntegerField(
        label=_("Landelijk totaal"),
        min_value=0,
        max_value=MAX_NATIONAL_TOTAL,
        help_text=_("Verdeeld naar rato van het inwonersaantal; gemarkeerd als schatting."),
    )


class PeriodFilterForm(FilterForm):
    province = forms.ChoiceField(label=_("Provincie"), required=False, widget=PortalSelect)
    region = forms.ChoiceField(label=_("Nidos-regio"), required=False, widget=PortalSelect)
    samenwerking = forms.TypedChoiceField(
        label=_("Regionale samenwerking"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PortalSelect,
    )
    status = forms.ChoiceField(
        label=_("Stand KSO-plaatsen"),
        required=False,
        choices=[("", _("Alle")), *PLACES_STATUS.items()],
        widget=PortalSelect,
    )
    huisvesting = forms.ChoiceField(
        label=_("Stand huisvesting vergunninghouders"),
        required=False,
        choices=[("", _("Alle")), *HOUSING_STATUS.items()],
        widget=PortalSelect,
    )
    # The order chosen by a column header (taakstelling/views.py SORTS), kept when the filters
    # change.
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("", _("Gemeente")),
            ("nog_te_realiseren", _("Nog te realiseren")),
            ("achterstand", _("Achterstand")),
        ],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, provinces, regions, samenwerkingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["samenwerking"].choices = [("", _("Alle samenwerkingen")), *samenwerkingen]
        self.fields["province"].choices = [("", _("Alle provincies")), *provinces]
        self.fields["region"].choices = [("", _("Alle regio's")), *regions]
