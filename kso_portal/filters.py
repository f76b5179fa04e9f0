"""The filters of the portal's lists."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

# The dates a filter takes: wide enough for any date of birth or event, narrow enough that date
# arithmetic of decades either way (milestones, terms, a day after) stays within Python's years.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


class FilterDateField(forms.DateField):
    """A date between EARLIEST and LATEST, in the portal's date input."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_validators = [MinValueValidator(EARLIEST), MaxValueValidator(LATEST)]
