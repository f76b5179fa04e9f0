"""A URL that fails, to see the 500 page as a user would."""

from django.urls import include, path


def failing_view(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("fout/", failing_view), path("", include("kso_portal.urls"))]
