from django import forms
from django.utils.translation import gettext_lazy as _

from kso_portal.filters import FilterForm

from .constants import Delivery, NotificationKind


class NotificationFilterForm(FilterForm):
    """The inbox's filter; the page writes its one checkbox itself."""

    ongelezen = forms.ChoiceField(
        label=_("Alleen ongelezen"),
        required=False,
        choices=[("", _("Alle meldingen")), ("1", _("Alleen ongelezen"))],
    )


class NotificationPreferencesForm(forms.Form):
    """One choice of delivery per known kind; the field names are the kinds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=Delivery.IMMEDIATE,
                widget=forms.RadioSelect,
            )
