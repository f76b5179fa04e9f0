from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaakstellingConfig(AppConfig):
    name = "taakstelling"
    verbose_name = _("Taakstelling")
