"""The select written in Python gives the HTML of Django's own select template."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from kso_portal.form_renderer import PortalFormRenderer


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
