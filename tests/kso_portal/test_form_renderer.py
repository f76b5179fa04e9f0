"""The select written in Python gives the HTML of Django's own select template."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from kso_portal.form_renderer import PortalFormRenderer, PortalSelect


class Choices(forms.Form):
    gemeente = forms.ChoiceField(
        label="Gemeente",
        help_text="Kies er een",
        choices=[("", "Alle"), ("GM0344", "Utrecht"), ("GM0772", 'Eindhoven & "Zo"')],
    )
    grouped = forms.ChoiceField(
        choices=[("Noord", [("a", "A <b>")]), ("Zuid", [("b", "B"), ("c", "C")])],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[(1, "een"), (2, "twee")], required=False)


def normalised(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


@pytest.mark.parametrize("data", [None, {"gemeente": "GM0772", "grouped": "c", "many": ["1", "2"]}])
@pytest.mark.parametrize("name", ["gemeente", "grouped", "many"])
def test_the_select_is_the_html_of_djangos_template(data, name):
    ours = Choices(data, renderer=PortalFormRenderer())[name].as_widget()
    django = Choices(data, renderer=DjangoTemplates())[name].as_widget()
    assert normalised(ours) == normalised(django)
    assert "<option" in ours


def test_other_widgets_still_render_from_templates():
    class Text(forms.Form):
        name = forms.CharField(max_length=5)

    html = Text(renderer=PortalFormRenderer())["name"].as_widget()
    assert html == '<input type="text" name="name" maxlength="5" required id="id_name">'


class Fast(forms.Form):
    gemeente = forms.ChoiceField(
        choices=[("", "Alle"), ("GM0344", "Utrecht"), ("GM0772", 'Eindhoven & "Zo"')],
        widget=PortalSelect,
        help_text="Kies er een",
    )
    grouped = forms.TypedChoiceField(
        choices=[("", "Geen"), ("Noord", [(1, "A <b>")]), ("Zuid", [(2, "B"), (3, "C")])],
        coerce=int,
        required=False,
        widget=PortalSelect,
    )


@pytest.mark.parametrize("data", [None, {"gemeente": "GM0772", "grouped": "3"}, {"gemeente": "x"}])
@pytest.mark.parametrize("name", ["gemeente", "grouped"])
def test_the_portal_select_is_the_html_of_djangos_select(data, name):
    ours = Fast(data, renderer=PortalFormRenderer())[name].as_widget()
    django = Fast(data, renderer=DjangoTemplates())[name].as_widget()
    assert normalised(ours) == normalised(django)
    assert ours.count("<option") == django.count("<option") >= 3


class Inputs(forms.Form):
    text = forms.CharField(max_length=20, help_text="Vrij", initial='Tom & "Jerry"')
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="<x>")
    file = forms.FileField(required=False)
    clearable = forms.FileField(required=False, widget=forms.ClearableFileInput)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="a < b")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize(
    "data",
    [None, {"text": "x'y", "number": "7", "day": "2026-11-28", "agree": "on", "note": ""}],
)
@pytest.mark.parametrize("name", list(Inputs.base_fields))
def test_inputs_and_text_areas_are_the_html_of_djangos_templates(data, name):
    ours = Inputs(data, renderer=PortalFormRenderer())[name].as_widget()
    django = Inputs(data, renderer=DjangoTemplates())[name].as_widget()
    assert ours == django


def test_addresses_of_a_page_are_those_of_reverse():
    from django.urls import reverse

    from kso_portal.paging import address_of

    address = address_of("youth_detail")
    for value in ("J-7K3M9Q", "a b&c"):
        assert address(value) == reverse("youth_detail", args=[value])
    assert address_of("location_detail")(12) == reverse("location_detail", args=[12])
    # Arguments the rows share come first, the row's own last.
    page = address_of("gemeente_taakstelling", "2026-II")
    assert page("GM0344") == reverse("gemeente_taakstelling", args=["2026-II", "GM0344"])
