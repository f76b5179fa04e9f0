"""The forms of /rapporten/. The subject fields offer what the actor may report on, but are
checked by the access policy in the service, so another organisation's subject answers 404 as
every object outside one's scope does."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kso_portal.once import add_once_field

from .constants import ReportKind


def _select(label, choices, initial=None) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=40, widget=forms.Select(choices=choices), initial=initial
    )


class StandForm(forms.Form):
    kind = ReportKind.STAND_VAN_ZAKEN

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, prefix="stand", **kwargs)
        gemeenten = [(g.code, g.name) for g in options.gemeenten]
        periods = [(p.code, p.code) for p in options.periods]
        self.fields["gemeente"] = _select(_("Gemeente"), gemeenten)
        self.fields["period"] = _select(_("Periode"), periods, options.running_period)
        add_once_field(self)


class OverviewForm(forms.Form):
    kind = ReportKind.OVERVIEW

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, prefix="overzicht", **kwargs)
        everything = _("Landelijk") if options.is_national else _("Al uw regio's")
        regions = [("", everything), *((r.code, r.name) for r in options.regions)]
        periods = [(p.code, p.code) for p in options.periods]
        self.fields["region"] = _select(_("Nidos-regio"), regions)
        self.fields["region"].required = False
        self.fields["period"] = _select(_("Periode"), periods, options.running_period)
        add_once_field(self)


class DossierForm(forms.Form):
    kind = ReportKind.LOCATION_DOSSIER

    location = forms.IntegerField(label=_("Locatienummer"), min_value=1)

    def __init__(self, *args, options=None, **kwargs):
        super().__init__(*args, prefix="dossier", **kwargs)


FORMS = {form.kind: form for form in (StandForm, OverviewForm, DossierForm)}
