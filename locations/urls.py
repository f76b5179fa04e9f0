from django.urls import path

from . import views

urlpatterns = [
    path("locaties/", views.location_list, name="location_list"),
    path("locaties/export.<str:fmt>", views.location_export, name="location_export"),
    path("locaties/kaart/", views.location_map, name="location_map"),
    path("locaties/nieuw/", views.location_create, name="location_create"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
    path("locaties/<int:pk>/wijzigen/", views.location_update, name="location_update"),
    path(
        "locaties/<int:pk>/naar/<str:target>/",
        views.location_transition,
        name="location_transition",
    ),
    path(
        "locaties/<int:pk>/voorbereiding/",
        views.location_preparation,
        name="location_preparation",
    ),
    path("locaties/<int:pk>/inrichting/", views.location_furnishing, name="location_furnishing"),
    path("locaties/<int:pk>/planning/", views.location_stage_plan, name="location_stage_plan"),
    path("locaties/<int:pk>/opmerkingen/", views.location_comment_add, name="location_comment_add"),
    path(
        "locaties/<int:pk>/documenten/", views.location_document_add, name="location_document_add"
    ),
    path(
        "locaties/<int:pk>/documenten/<int:document_pk>/",
        views.location_document_download,
        name="location_document_download",
    ),
]
