from django.urls import path

from . import views

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/uitnodigen/", views.invitation_create, name="invitation_create"),
    path(
        "organisaties/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisaties/<int:pk>/uitnodigingen/<int:invitation_pk>/opnieuw/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisaties/<int:pk>/leden/<int:membership_pk>/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "organisaties/<int:pk>/leden/<int:membership_pk>/deactiveren/",
        views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "organisaties/<int:pk>/leden/<int:membership_pk>/activeren/",
        views.membership_reactivate,
        name="membership_reactivate",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "uitnodiging/<str:token>/nieuwe-aanvragen/",
        views.invitation_renewal_request,
        name="invitation_renewal_request",
    ),
    path("samenwerkingen/", views.samenwerking_list, name="samenwerking_list"),
    path("samenwerkingen/nieuw/", views.samenwerking_create, name="samenwerking_create"),
    path("samenwerkingen/<int:pk>/", views.samenwerking_detail, name="samenwerking_detail"),
    path(
        "samenwerkingen/<int:pk>/wijzigen/",
        views.samenwerking_update,
        name="samenwerking_update",
    ),
    path(
        "samenwerkingen/<int:pk>/deelnemers/<int:member_pk>/verwijderen/",
        views.samenwerking_member_remove,
        name="samenwerking_member_remove",
    ),
    path(
        "samenwerkingen/<int:pk>/uitnodigingen/<int:invitation_pk>/",
        views.samenwerking_invitation_detail,
        name="samenwerking_invitation_detail",
    ),
    path(
        "samenwerkingen/<int:pk>/uitnodigingen/<int:invitation_pk>/accepteren/",
        views.samenwerking_invitation_accept,
        name="samenwerking_invitation_accept",
    ),
    path(
        "samenwerkingen/<int:pk>/uitnodigingen/<int:invitation_pk>/afwijzen/",
        views.samenwerking_invitation_decline,
        name="samenwerking_invitation_decline",
    ),
    path(
        "samenwerkingen/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.samenwerking_invitation_withdraw,
        name="samenwerking_invitation_withdraw",
    ),
]
