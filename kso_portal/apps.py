from django.apps import AppConfig


class KsoPortalConfig(AppConfig):
    name = "kso_portal"
    verbose_name = "KSO-portaal"

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_login_failed

        from kso_portal import security_signals

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
