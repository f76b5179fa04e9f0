"""/beheer/: Django's admin for the functioneel beheerder, holding only what the beheerder may
see (DESIGN.md §2: reference data, checklists, the term table, organisations and users; never a
youth), with one way in: the portal's own sign-in.

Django's admin brings its own sign-in and password change pages, which would skip allauth's
second step and its rate limits; here both send the visitor to the portal's pages instead.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from kso_portal.history import history_list


class PortalAdminSite(admin.AdminSite):
    site_header = _("KSO-portaal: functioneel beheer")
    site_title = _("KSO-portaal beheer")
    index_title = _("Functioneel beheer")

    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        """The portal's sign-in (password and second factor, counted by the same limits),
        then back to where the beheerder was going in /beheer/."""
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        return redirect_to_login(target, reverse("account_login"))

    def password_change(self, request, extra_context=None):
        return redirect("account_change_password")


class HistoryAdmin(admin.ModelAdmin):
    """An admin whose "Geschiedenis" shows the portal's history of the row itself (who changed
    what, before and after, from the database triggers), read-only. Only the row's own changes:
    rows that point to it may be about youths (a placement points to its organisation)."""

    object_history_template = "admin/kso_object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Geschiedenis: %s") % obj,
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "history": history_list(obj=obj, own_only=True),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)
