"""The inbox: a user's notifications, following one to what it is about, and how the user
wants to hear of them.

Each view: authorise through the access policy, parse the input, call one service or selector,
render.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal.access import get_or_404
from kso_portal.constants import AccessKind
from kso_portal.exports import CHUNK_SIZE, export_formats, export_response
from kso_portal.paging import paginate
from kso_portal.services import access_log_record

from . import selectors, services
from .exports import NOTIFICATION_COLUMNS
from .forms import NotificationFilterForm, NotificationPreferencesForm
from .models import Notification, is_portal_path


def _filters(request) -> tuple[NotificationFilterForm, bool]:
    """The filter form, and whether it asks for the unread notifications only."""
    form = NotificationFilterForm(request.GET or None)
    return form, form.applied().get("ongelezen") == "1"


def notification_list(request):
    actor = request.actor
    form, unread_only = _filters(request)
    rows = selectors.notification_list(actor=actor, unread_only=unread_only)
    context = paginate(request, rows)
    context.update(
        form=form, unread_only=unread_only, unread_count=selectors.unread_count(actor=actor)
    )
    return render(request, "notifications/notification_list.html", context)


@export_formats
def notification_export(request, fmt):
    """The user's notifications with the filter of the list, as CSV or XLSX. Logged, because
    reminders name youths by their pseudonym."""
    actor = request.actor
    rows = selectors.notification_list(actor=actor, unread_only=_filters(request)[1])
    access_log_record(
        actor=actor,
        request=request,
        kind=AccessKind.EXPORT,
        what=_("Export van meldingen (%(format)s)") % {"format": fmt.upper()},
        row_count=rows.count(),
    )
    return export_response(
        fmt,
        filename="meldingen",
        columns=NOTIFICATION_COLUMNS,
        rows=rows.iterator(chunk_size=CHUNK_SIZE),
        sheet_title=_("Meldingen"),
    )


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


@require_POST
def notification_open(request, pk):
    """Marks the notification read and follows it. A POST (a button in the inbox): a link
    that someone's browser or mail scanner fetches must not mark anything read."""
    notification = get_or_404(request.actor, Notification, pk=pk)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    # The row was written by the portal, but a stored link to another site must never turn
    # the inbox into an open redirect.
    if is_portal_path(notification.url):
        return redirect(notification.url)
    return redirect("notification_list")


@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    # Only ever the signed-in user's own preferences: nothing in the URL or form names a user.
    initial = selectors.notification_preference_list(actor=request.actor)
    form = NotificationPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_save(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Uw voorkeuren voor meldingen zijn opgeslagen."))
        return redirect("notification_preferences")
    context = {"form": form, "has_feed": selectors.has_calendar_feed(user=request.user)}
    return render(request, "notifications/notification_preferences.html", context)


@require_POST
def calendar_feed_renew(request):
    """A new private link for the iCal feed; the old one stops working. The link is shown once:
    only a digest of its secret is kept."""
    token = services.calendar_feed_renew(user=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))
    messages.success(
        request,
        _("Uw agenda-link (bewaar hem nu, hij wordt maar één keer getoond): %(url)s")
        % {"url": url},
    )
    return redirect("notification_preferences")
