"""The portal's form renderer: Django's templates for every widget, except the select, which
it writes in Python. Django's select template includes a template per option, and the filters
with the 342 gemeenten made that most of a list page's time (issue 9, docs/performance.md).
The HTML is the same as Django's template gives."""

from html import escape as _escape

from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"


class PortalFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        return super().render(template_name, context, request=request)


def escape(value) -> str:
    """HTML-escaped text of any value, as Django's escape gives, without its per-call wrapping
    (a national filter has over a thousand options)."""
    return _escape(str(value))


def _attribute(name: str, value) -> str:
    if value is False or value is None:
        return ""
    if value is True:
        return f" {name}"
    return f' {name}="{escape(value)}"'


def select_html(widget: dict) -> SafeString:
    """A <select> with its options (and option groups) from the widget's context."""
    attributes = "".join(_attribute(name, value) for name, value in widget["attrs"].items())
    parts = [f'<select name="{escape(widget["name"])}"{attributes}>']
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
