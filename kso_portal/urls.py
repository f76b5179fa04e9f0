from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kso_portal import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisatie/wisselen/", views.membership_switch, name="membership_switch"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("toegangslog/", views.access_log_list, name="access_log_list"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("", include("organisations.urls")),
    path("", include("locations.urls")),
    path("", include("vervolghuisvesting.urls")),
    path("", include("taakstelling.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("health/", views.health, name="health"),
    # The e-mail address is the sign-in name that an invitation gave; allauth's page to change
    # it is replaced by one that says who can.
    path("accounts/email/", views.email_managed, name="account_email"),
    path("accounts/", include("allauth.urls")),
    # The language can be chosen before signing in, on the sign-in page itself.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
]

if settings.BENCHMARK:
    from kso_portal.benchmark import floor

    urlpatterns.append(path("benchmark/vloer/", floor, name="benchmark_floor"))
