from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VervolghuisvestingConfig(AppConfig):
    name = "vervolghuisvesting"
    verbose_name = _("Jongeren en vervolghuisvesting")
