from django.urls import path

from . import views

urlpatterns = [
    path("jongeren/", views.youth_list, name="youth_list"),
    # Before the pseudonym patterns below, so that "export" is never read as a pseudonym.
    path("jongeren/export.<str:fmt>", views.youth_export, name="youth_export"),
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
    path(
        "jongeren/<str:pseudonym>/aanvraag/",
        views.housing_request_submit,
        name="housing_request_submit",
    ),
    path("vervolghuisvesting/", views.housing_request_list, name="housing_request_list"),
    path(
        "vervolghuisvesting/export.<str:fmt>",
        views.housing_request_export,
        name="housing_request_export",
    ),
    path(
        "vervolghuisvesting/<int:pk>/", views.housing_request_detail, name="housing_request_detail"
    ),
    path(
        "vervolghuisvesting/<int:pk>/naar/<str:target>/",
        views.housing_request_move,
        name="housing_request_move",
    ),
    path(
        "vervolghuisvesting/<int:pk>/overdragen/",
        views.housing_request_transfer,
        name="housing_request_transfer",
    ),
    path(
        "vervolghuisvesting/<int:pk>/overdracht/<int:transfer_pk>/aanvaarden/",
        views.housing_transfer_accept,
        name="housing_transfer_accept",
    ),
    path(
        "vervolghuisvesting/<int:pk>/overdracht/<int:transfer_pk>/afwijzen/",
        views.housing_transfer_decline,
        name="housing_transfer_decline",
    ),
    path(
        "vervolghuisvesting/<int:pk>/overdracht/<int:transfer_pk>/intrekken/",
        views.housing_transfer_withdraw,
        name="housing_transfer_withdraw",
    ),
    path("vervolghuisvesting/<int:pk>/escalatie/", views.escalation_add, name="escalation_add"),
    path("plaatsingen/<int:pk>/vertrek/", views.placement_end, name="placement_end"),
    path("plaatsingen/<int:pk>/verhuizen/", views.placement_move, name="placement_move"),
    path(
        "plaatsingen/<int:pk>/overplaatsen/",
        views.placement_transfer_create,
        name="placement_transfer_create",
    ),
    path(
        "overplaatsingen/<int:pk>/",
        views.placement_transfer_detail,
        name="placement_transfer_detail",
    ),
    path(
        "overplaatsingen/<int:pk>/aanvaarden/",
        views.placement_transfer_accept,
        name="placement_transfer_accept",
    ),
    path(
        "overplaatsingen/<int:pk>/afwijzen/",
        views.placement_transfer_decline,
        name="placement_transfer_decline",
    ),
    path(
        "overplaatsingen/<int:pk>/intrekken/",
        views.placement_transfer_withdraw,
        name="placement_transfer_withdraw",
    ),
]
