"""How a service's refusal reaches the person: on the form, or as one message with labels."""

from django import forms
from django.core.exceptions import ValidationError

from kso_portal.forms import apply_service_errors, service_error_text


class MoveForm(forms.Form):
    outcome_on = forms.DateField(label="Datum", required=False)


def test_a_refusal_posted_from_another_page_names_the_fields_it_is_about():
    named = ValidationError({"outcome_on": "Vul de datum in.", "state": "Kan niet meer."})
    assert service_error_text(MoveForm(), named) == "Datum: Vul de datum in. Kan niet meer."
    plain = ValidationError("Deze aanvraag is al afgerond.")
    assert service_error_text(MoveForm(), plain) == "Deze aanvraag is al afgerond."


def test_a_refusal_goes_to_the_form_field_it_names_or_to_the_top():
    form = MoveForm(data={})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"outcome_on": "Vul de datum in.", "x": "Nee."}))
    assert form.errors == {"outcome_on": ["Vul de datum in."], "__all__": ["Nee."]}
