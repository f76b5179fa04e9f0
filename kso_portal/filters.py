"""The filters of the portal's lists: a value that is not valid is said at its field and left
out, and the other filters still apply."""

from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

# The dates a filter takes: wide enough for any date of birth or event, narrow enough that date
# arithmetic of decades either way (milestones, terms, a day after) stays within Python's years.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
SHOWN_LENGTH = 40


class FilterDateField(forms.DateField):
    """A date between EARLIEST and LATEST, in the portal's date input."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_validators = [MinValueValidator(EARLIEST), MaxValueValidator(LATEST)]


class FilterForm(forms.Form):
    """A list's filters, bound to the query string. An unknown value (a gemeente code no option has,
    a stage that does not exist, a date out of range) is reported at its field as not applied,
    and `applied()` leaves it out, so that the list shows what the other filters select."""

    def applied(self) -> dict:
        """The valid filters' cleaned values; nothing when the form is unbound."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def full_clean(self):
        super().full_clean()
        for name in [name for name in self._errors if name != NON_FIELD_ERRORS]:
            self._errors[name] = self.error_class([self._not_applied(name)])

    def _not_applied(self, name: str) -> str:
        field = self.fields[name]
        errors = self._errors[name].as_data()
        value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        shown = str(value if value is not None else "")
        if len(shown) > SHOWN_LENGTH:
            shown = shown[: SHOWN_LENGTH - 1] + "…"
        names = {"label": field.label, "value": shown}
        if any(error.code == "invalid_choice" for error in errors):
            return (
                _("Onbekende waarde voor %(label)s: '%(value)s'; dit filter is niet toegepast.")
                % names
            )
        reason = " ".join(message for error in errors for message in error.messages)
        return _(
            "Ongeldige waarde voor %(label)s: '%(value)s' (%(reason)s); dit filter is niet "
            "toegepast."
        ) % {**names, "reason": reason.rstrip(".")}
