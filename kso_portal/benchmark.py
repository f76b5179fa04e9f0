"""What the benchmark (bench/run.py, issue 9) needs inside the server: the server time and the
number of queries of each request, and the floor page. Both exist only when KSO_BENCHMARK is
on: production never records them and has no floor page.

Each measured request names itself in the `X-Bench-Id` header; the middleware appends one JSON
line per request to the file KSO_BENCHMARK_LOG when the response is complete, for a streamed
export after its last byte, so the time and queries of the streaming count too."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from organisations.models import Province


class BenchmarkMiddleware:
    """Count the queries and time of each request marked with X-Bench-Id (outermost)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = Path(settings.BENCHMARK_LOG)

    def __call__(self, request):
        bench_id = request.headers.get("X-Bench-Id")
        if not bench_id:
            return self.get_response(request)
        counter = _Counter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        if response.streaming:
            content = response.streaming_content
            response.streaming_content = self._streamed(
                content, response.status_code, counter, bench_id, started
            )
        else:
            self._write(bench_id, response.status_code, counter.count, started)
        return response

    def _streamed(self, content, status: int, counter, bench_id: str, started: float):
        with connection.execute_wrapper(counter):
            yield from content
        self._write(bench_id, status, counter.count, started)

    def _write(self, bench_id: str, status: int, queries: int, started: float) -> None:
        line = {
            "id": bench_id,
            "status": status,
            "queries": queries,
            "ms": (time.perf_counter() - started) * 1000,
        }
        # One short append per line: lines of concurrent workers do not interleave.
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def floor(request) -> HttpResponse:
    """The floor of the benchmark: a signed-in page in the portal's layout with a small
    template and one query of its own, to which every page is compared."""
    context = {"provinces": Province.objects.count()}
    return render(request, "kso_portal/benchmark_floor.html", context)
