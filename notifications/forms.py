from django import forms

from .constants import Delivery, NotificationKind


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
