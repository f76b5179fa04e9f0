from django.apps import AppConfig


class KsoPortalConfig(AppConfig):
    name = "kso_portal"
    verbose_name = "KSO-portaal"
