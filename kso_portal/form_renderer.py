"""The portal's form renderer: Django's templates for every widget, except the select, which
it writes in Python. Django's select template includes a template per option, and the filters
with the 342 gemeenten made that most of a list page's time (issue 9, docs/performance.md).
The HTML is the same as Django's template gives.

Inputs and text areas (a location page has eight forms) are written in Python as well.
`PortalSelect`, the widget of the filters' selects (up to 2,000 options), also lists its
options without the dictionary of attributes and template name Django makes for each."""

from html import escape as _escape

from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import derived

SELECT_TEMPLATE = "django/forms/widgets/select.html"


WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "search", "tel", "color",
        "date", "datetime", "time", "hidden", "file", "checkbox",
    )
}  # fmt: skip


class PortalFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE:
            return select_html(widget)
        if template_name in INPUT_TEMPLATES:
            return input_html(widget)
        if template_name == f"{WIDGETS}textarea.html":
            return textarea_html(widget)
        if template_name == f"{WIDGETS}clearable_file_input.html" and not widget["is_initial"]:
            return input_html(widget, with_value=False)
        return super().render(template_name, context, request=request)


def escape(value) -> str:
    """HTML-escaped text of any value, as Django's escape gives, without its per-call wrapping
    (a national filter has over a thousand options)."""
    return _escape(str(value))


def _attribute(name: str, value) -> str:
    # As Django's attrs.html: False leaves the attribute out, True writes its name alone.
    if value is False:
        return ""
    if value is True:
        return f" {name}"
    return f' {name}="{escape(value)}"'


def _attributes(widget: dict) -> str:
    return "".join(_attribute(name, value) for name, value in widget["attrs"].items())


def input_html(widget: dict, *, with_value: bool = True) -> SafeString:
    """An <input> as Django's input.html writes it."""
    value = widget.get("value")
    shown = f' value="{escape(value)}"' if with_value and value is not None else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{_attributes(widget)}>"
    )


def textarea_html(widget: dict) -> SafeString:
    """A <textarea> as Django's textarea.html writes it."""
    value = widget.get("value")
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<textarea name="{escape(widget["name"])}"{_attributes(widget)}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


def select_html(widget: dict) -> SafeString:
    """A <select> with its options (and option groups) from the widget's context."""
    parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget)}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{escape(group_name)}">')
        for option in options:
            selected = " selected" if option["selected"] else ""
            parts.append(
                f'<option value="{escape(option["value"])}"{selected}>'
                f"{escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


class PortalSelect(forms.Select):
    """A select whose options go straight from its choices to the HTML (with the portal's
    renderer; with another renderer it is Django's select)."""

    def render(self, name, value, attrs=None, renderer=None):
        renderer = renderer or get_default_renderer()
        if not isinstance(renderer, PortalFormRenderer):
            return super().render(name, value, attrs=attrs, renderer=renderer)
        chosen = set(self.format_value(value))
        choices = list(self.choices)
        flat = not any(isinstance(label, (list, tuple)) for _value, label in choices)
        if flat and not self.allow_multiple_selected:
            return self._flat_html(name, chosen, choices, attrs)
        groups, has_selected = [], False
        for index, (option_value, option_label) in enumerate(self.choices):
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            listed = []
            for subvalue, sublabel in options:
                subvalue = "" if subvalue is None else subvalue
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in chosen
                has_selected |= selected
                listed.append({"value": subvalue, "label": sublabel, "selected": selected})
            groups.append((group_name, listed, index))
        widget = {"name": name, "attrs": self.build_attrs(self.attrs, attrs), "optgroups": groups}
        return select_html(widget)

    def _flat_html(self, name, chosen: set[str], choices: list, attrs) -> SafeString:
        """A select without option groups, its options escaped once per list of choices and
        language (the filters' lists of 342 gemeenten and 355 organisations come back on
        every page) with the first chosen one marked."""
        key = (translation.get_language(), tuple(choices))
        options = _OPTIONS.get_or_compute(key, lambda: _escaped_options(choices))
        widget = {"name": name, "attrs": self.build_attrs(self.attrs, attrs)}
        parts = [f'<select name="{escape(name)}"{_attributes(widget)}>']
        has_selected = False
        for value, plain, selected in options:
            if not has_selected and value in chosen:
                has_selected = True
                parts.append(selected)
            else:
                parts.append(plain)
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every value is escaped


def _escaped_options(choices: list) -> list[tuple[str, str, str]]:
    """(value as compared, the option, the option selected) per choice."""
    options = []
    for value, label in choices:
        value = "" if value is None else value
        start, end = f'<option value="{escape(value)}"', f">{escape(label)}</option>"
        options.append((str(value), start + end, f"{start} selected{end}"))
    return options


_OPTIONS = derived.Keeper(max_entries=64)
