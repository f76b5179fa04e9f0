"""Reports and documents under faults (issue 25): a report whose task was lost is queued again,
one that waited far too long fails with a message, a full disk fails it instead of leaving it
queued, and a file missing after a restore answers with a message, not a 500."""

import contextlib
import json
import resource
import signal
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from locations.models import LocationDocument
from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from reports.constants import ReportState
from reports.models import Report
from reports.tasks import report_generate, report_requeue_stuck
from tests.support import running_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(make_member):
    return make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)


def queued_report(user, *, waited: timedelta) -> Report:
    report = Report.objects.create(
        requested_by=user,
        membership=user.memberships.get(),
        kind="overview",
        parameters={"period": running_period(), "region": ""},
        title="Overzicht KSO landelijk",
    )
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - waited)
    return report


def _queued_ids() -> list[int]:
    """The reports whose task waits in the test broker's queue."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        messages = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
    finally:
        client.close()
    return [
        int(message["headers"]["argsrepr"].strip("(),"))
        for message in messages
        if message["headers"]["task"] == "reports.tasks.report_generate"
    ]


@pytest.fixture
def empty_queue():
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("celery")
    yield
    client.delete("celery")
    client.close()


def test_a_report_whose_task_was_lost_is_queued_again_and_made_once(national, utrecht, empty_queue):
    fresh = queued_report(national, waited=timedelta(minutes=1))
    lost = queued_report(national, waited=timedelta(minutes=20))
    # Before: it stayed "Wordt gemaakt" until Redis gave the message back, an hour later, or for
    # ever when Redis lost it.
    assert report_requeue_stuck() == 1
    assert _queued_ids() == [lost.pk]
    assert report_generate(lost.pk) is True
    assert report_requeue_stuck() == 0  # made: nothing to queue again
    assert report_generate(lost.pk) is False  # the second message makes nothing
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.state, fresh.state) == (ReportState.READY, ReportState.QUEUED)


def test_a_report_that_waited_two_hours_fails_with_a_message(national, utrecht, empty_queue):
    report = queued_report(national, waited=timedelta(hours=3))
    assert report_requeue_stuck() == 0
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert report.error == "Het rapport is niet op tijd gemaakt; vraag het opnieuw aan."
    notice = Notification.objects.get(recipient=national, kind="report")
    assert notice.title == "Rapport niet gemaakt: Overzicht KSO landelijk"


@contextlib.contextmanager
def disk_full_after(size: int):
    """Writes past `size` bytes fail in this process (EFBIG), as a full disk fails them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_report_on_a_full_disk_fails_with_a_message_and_leaves_no_file(national, utrecht):
    report = queued_report(national, waited=timedelta(0))
    storage = Report._meta.get_field("file").storage
    before = _files(storage)
    with disk_full_after(1024):
        assert report_generate(report.pk) is True
    report.refresh_from_db()
    # Before: the task failed, the row stayed queued and the partial file stayed on disk.
    assert report.state == ReportState.FAILED
    assert report.error.startswith("Het rapport kon niet worden opgeslagen")
    assert not report.file
    assert _files(storage) == before
    assert Notification.objects.filter(recipient=national, kind="report").exists()


def _files(storage) -> set[Path]:
    return {path for path in Path(storage.path("")).rglob("*") if path.is_file()}


def test_a_report_whose_file_is_missing_says_so(client, national):
    report = Report.objects.create(
        requested_by=national,
        membership=national.memberships.get(),
        kind="overview",
        title="Overzicht",
        state=ReportState.READY,
        file=ContentFile(b"%PDF-1.7", name="overzicht.pdf"),
    )
    report.file.storage.delete(report.file.name)  # restored without its files
    client.force_login(national)
    response = client.get(reverse("report_download", args=[report.pk]), follow=True)
    assert response.status_code == 200
    assert "Het bestand van dit rapport ontbreekt" in response.content.decode()


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 4000


def test_a_document_on_a_full_disk_is_refused_and_leaves_no_file(
    client, make_location, gemeente_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    location = make_location()
    storage = LocationDocument._meta.get_field("file").storage
    before = _files(storage)
    client.force_login(gemeente_user)
    upload = {"kind": "foto", "upload": SimpleUploadedFile("gevel.png", PNG)}
    with disk_full_after(1024):
        response = client.post(
            reverse("location_document_add", args=[location.pk]), upload, follow=True
        )
    assert "Het bestand kon niet worden opgeslagen" in response.content.decode()
    assert not LocationDocument.objects.exists()
    assert _files(storage) == before


def test_a_document_whose_file_is_missing_says_so(client, make_location, gemeente_user):
    location = make_location()
    document = LocationDocument.objects.create(
        location=location,
        kind="foto",
        file=ContentFile(PNG, name=f"{location.pk}/foto.png"),
        original_name="foto.png",
        content_type="image/png",
        size=len(PNG),
        uploaded_by=gemeente_user,
        organisation=gemeente_user.memberships.get().organisation,
    )
    document.file.storage.delete(document.file.name)
    client.force_login(gemeente_user)
    url = reverse("location_document_download", args=[location.pk, document.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("location_detail", args=[location.pk])
    assert "Het bestand foto.png ontbreekt" in response.content.decode()
