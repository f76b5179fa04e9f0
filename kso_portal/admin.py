"""What /beheer/ shows of the kernel and of allauth: the accounts' second factors, without their
secrets. The access log is searched at /toegangslog/; the sessions (addresses and browsers of
people) are not the beheerder's business."""

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .constants import AccessKind
from .services import security_event_record

for model in (Authenticator, UserSession):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Whose second factor is set up, and when it was last used. The beheerder can remove one
    for someone who lost their phone (they set up a new one at their next sign-in); the secret
    itself is never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = readonly_fields = ["user", "type", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        self._log_removal(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset.select_related("user"):
            self._log_removal(request, obj)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _log_removal(request, obj) -> None:
        security_event_record(
            kind=AccessKind.MFA_CHANGE,
            request=request,
            email=obj.user.email,
            user=obj.user,
            what=str(_("Tweede factor verwijderd door %(beheerder)s (%(type)s)"))
            % {"beheerder": request.user.email, "type": obj.type},
        )
