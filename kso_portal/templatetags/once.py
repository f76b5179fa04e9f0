"""`{% once_field %}`: the one-time token (kso_portal/once.py) of a form that is only a button."""

from django import template
from django.utils.html import format_html

from kso_portal.once import FIELD_NAME, new_token

register = template.Library()


@register.simple_tag
def once_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())
