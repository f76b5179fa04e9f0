"""Input of the kernel's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AccessKind


class AccessLogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("E-mail, organisatie of wat")
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *AccessKind.choices]
    )
    since = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("De einddatum ligt voor de begindatum."))
        return data
