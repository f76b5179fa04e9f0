"""The benchmark's server side: each measured request logs its time and queries, also for a
streamed export, and the floor page does one query of its own."""

import json

import pytest
from django.http import StreamingHttpResponse
from django.test import RequestFactory

from kso_portal.benchmark import BenchmarkMiddleware, floor
from organisations.models import Province
from tests.support import actor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(settings, tmp_path):
    settings.BENCHMARK_LOG = str(tmp_path / "requests.log")
    return tmp_path / "requests.log"


def lines(log) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_a_marked_request_logs_its_queries_and_time(log, gemeente_user):
    def view(request):
        list(Province.objects.all())
        return floor(request)

    request = RequestFactory().get("/benchmark/vloer/", HTTP_X_BENCH_ID="run|gemeente|floor|1")
    request.user, request.actor = gemeente_user, actor_of(gemeente_user)
    response = BenchmarkMiddleware(view)(request)
    assert response.status_code == 200
    [line] = lines(log)
    assert (line["id"], line["status"]) == ("run|gemeente|floor|1", 200)
    assert line["queries"] >= 2  # the view's own and the floor's count of provinces
    assert line["ms"] > 0


def test_a_streamed_response_is_logged_after_its_last_byte(log, reference_data):
    def rows():
        yield "kop\n"
        yield f"{Province.objects.count()}\n"

    middleware = BenchmarkMiddleware(lambda request: StreamingHttpResponse(rows()))
    response = middleware(RequestFactory().get("/x/", HTTP_X_BENCH_ID="stream"))
    assert not log.exists() or lines(log) == []
    assert b"".join(response.streaming_content) == b"kop\n12\n"
    assert lines(log)[0]["queries"] == 1


def test_an_unmarked_request_is_not_logged(log, gemeente_user):
    request = RequestFactory().get("/benchmark/vloer/")
    request.user, request.actor = gemeente_user, actor_of(gemeente_user)
    assert BenchmarkMiddleware(floor)(request).status_code == 200
    assert not log.exists()
