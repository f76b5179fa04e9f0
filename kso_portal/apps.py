from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin as /beheer/, with the portal's sign-in as its only way in."""

    default = False  # the app kso_portal itself is KsoPortalConfig
    default_site = "kso_portal.admin_site.PortalAdminSite"


class KsoPortalConfig(AppConfig):
    default = True

    name = "kso_portal"
    verbose_name = "KSO-portaal"

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_login_failed
        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        from kso_portal import security_signals

        # The empty choice of a select: Django 6.1's "- Select an option -" has no Dutch
        # translation in Django's catalogue; the portal's own text (Dutch source, English in
        # locale/en). Django reads it when a form field is made (its documented hook).
        fields.BLANK_CHOICE_LABEL = gettext_lazy("- Kies een optie -")

        user_login_failed.connect(
            security_signals.on_login_failed, dispatch_uid="kso_security_login_failed"
        )
        for signal, receiver in [
            (mfa_signals.authenticator_added, security_signals.on_authenticator_added),
            (mfa_signals.authenticator_removed, security_signals.on_authenticator_removed),
            (mfa_signals.authenticator_reset, security_signals.on_authenticator_reset),
            (mfa_signals.authentication_failed, security_signals.on_mfa_authentication_failed),
        ]:
            signal.connect(receiver, dispatch_uid=f"kso_security_{receiver.__name__}")
