"""The inbox: a user's notifications, and following one to what it is about.

Each view: authorise through the access policy, parse the input, call one service or selector,
render.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kso_portal.access import get_or_404
from kso_portal.paging import paginate

from . import selectors, services
from .models import Notification, is_portal_path


def notification_list(request):
    actor = request.actor
    unread_only = request.GET.get("ongelezen") == "1"
    rows = selectors.notification_list(actor=actor, unread_only=unread_only)
    context = paginate(request, rows)
    context.update(unread_only=unread_only, unread_count=selectors.unread_count(actor=actor))
    return render(request, "notifications/notification_list.html", context)


@require_POST
def notification_mark_all_read(request):
    count = services.notification_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d melding is als gelezen gemarkeerd.",
            "%(count)d meldingen zijn als gelezen gemarkeerd.",
            count,
        )
        % {"count": count},
    )
    return redirect("notification_list")


@require_GET
def notification_open(request, pk):
    notification = get_or_404(request.actor, Notification, pk=pk)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    # The row was written by the portal, but a stored link to another site must never turn
    # the inbox into an open redirect.
    if is_portal_path(notification.url):
        return redirect(notification.url)
    return redirect("notification_list")
