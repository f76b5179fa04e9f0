from django.urls import path

from . import views

urlpatterns = [
    path("rapporten/", views.report_index, name="report_index"),
    path("rapporten/maken/", views.report_create, name="report_create"),
    path("rapporten/<int:pk>/", views.report_download, name="report_download"),
]
