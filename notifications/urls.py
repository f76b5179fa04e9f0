from django.urls import path

from . import views

urlpatterns = [
    path("meldingen/", views.notification_list, name="notification_list"),
    path("meldingen/export.<str:fmt>", views.notification_export, name="notification_export"),
    path(
        "meldingen/gelezen/",
        views.notification_mark_all_read,
        name="notification_mark_all_read",
    ),
    path(
        "meldingen/voorkeuren/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("meldingen/agenda/", views.calendar_feed_renew, name="calendar_feed_renew"),
    path("meldingen/<int:pk>/", views.notification_open, name="notification_open"),
]
