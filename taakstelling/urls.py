from django.urls import path

from . import views

urlpatterns = [
    path("taakstelling/", views.taakstelling_index, name="taakstelling_index"),
    path("taakstelling/import/", views.quota_import, name="quota_import"),
    path("taakstelling/import/<int:pk>/", views.quota_import_preview, name="quota_import_preview"),
    path(
        "taakstelling/import/<int:pk>/bevestigen/",
        views.quota_import_confirm,
        name="quota_import_confirm",
    ),
    path(
        "taakstelling/samenwerking/<int:pk>/",
        views.samenwerking_running,
        name="samenwerking_taakstelling_running",
    ),
    path("taakstelling/<str:code>/", views.period_table, name="period_table"),
    # Before the gemeente pages below, like every export before the patterns of one object.
    path(
        "taakstelling/<str:code>/export.<str:fmt>",
        views.period_table_export,
        name="period_table_export",
    ),
    path(
        "taakstelling/<str:code>/samenwerking/<int:pk>/",
        views.samenwerking_page,
        name="samenwerking_taakstelling",
    ),
    path(
        "taakstelling/<str:code>/<str:gemeente_code>/",
        views.gemeente_page,
        name="gemeente_taakstelling",
    ),
]
