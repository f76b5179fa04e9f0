"""Input of the kernel's pages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AccessKind
from .filters import FilterDateField, FilterForm


class AccessLogFilterForm(FilterForm):
    q = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("E-mail, organisatie of wat")
    )
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *AccessKind.choices]
    )
    since = FilterDateField(label=_("Vanaf"), required=False)
    until = FilterDateField(label=_("Tot en met"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("De einddatum ligt voor de begindatum."))
        return data


class AsciiIntegerField(forms.IntegerField):
    """A whole number written with the digits 0-9 only: Python reads "٣" (Arabic-Indic) as 3
    and "²" not at all, and a number typed in another script is more likely a mistake than a
    figure (issue 25)."""

    default_error_messages = {"invalid": _("Vul een geheel getal in, met de cijfers 0-9.")}

    def to_python(self, value):
        text = str(value).strip() if value not in self.empty_values else value
        if text not in self.empty_values and not re.fullmatch(r"-?[0-9]+", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


def service_error_text(form, error) -> str:
    """A service's ValidationError as one message, for a form posted from another page (the
    message shows there): each error after the label of the form's field it names."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, errors in error.message_dict.items():
        text = " ".join(errors)
        label = form.fields[name].label if name in form.fields else None
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


def apply_service_errors(form, error) -> None:
    """Put a service's ValidationError on the form: by field where it names one of the form's
    fields, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
