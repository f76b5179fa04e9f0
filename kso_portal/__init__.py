"""KSO-portaal: the project package and the shared kernel (access policy, audit, dev runner)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
