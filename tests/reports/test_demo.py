"""The demo of `make run` holds a national overview asked for by the landelijke Nidos user."""

import pytest
from django.core.management import call_command

from reports.constants import ReportKind, ReportState
from reports.models import Report
from reports.tasks import report_generate

pytestmark = pytest.mark.django_db


def test_demo_asks_for_the_national_overview_once(
    reference_data, settings, django_capture_on_commit_callbacks
):
    settings.DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=False):
        call_command("load_demo_data")
        call_command("load_demo_data")
    report = Report.objects.get()
    assert (report.kind, report.requested_by.email) == (
        ReportKind.OVERVIEW,
        "nidos.landelijk@kso.example",
    )
    assert report.title.startswith("Overzicht KSO landelijk")
    report_generate(report.pk)  # as the worker of `make run` does
    report.refresh_from_db()
    assert report.state == ReportState.READY
