from django.urls import path

from . import views

urlpatterns = [
    path("jongeren/", views.youth_list, name="youth_list"),
    path("jongeren/<str:pseudonym>/", views.youth_detail, name="youth_detail"),
    path(
        "jongeren/<str:pseudonym>/keuzegesprek/",
        views.youth_conversation,
        name="youth_conversation",
    ),
    path("locaties/<int:pk>/plaatsen/", views.placement_create, name="placement_create"),
    path(
        "locaties/<int:pk>/bezetting-bevestigen/",
        views.occupancy_confirm,
        name="occupancy_confirm",
    ),
    path("plaatsingen/<int:pk>/vertrek/", views.placement_end, name="placement_end"),
    path("plaatsingen/<int:pk>/verhuizen/", views.placement_move, name="placement_move"),
]
