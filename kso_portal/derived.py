"""Figures derived from many rows (the national taakstelling, the dashboards' counts), computed
once per change of the data they come from instead of on every request (issue 9,
docs/decisions/0007-derived-figures-per-data-version.md).

Every table whose rows feed such figures, or that the access policy reads to decide whose they
are, has a statement-level trigger (kso_portal migration 0002 lists them) that appends a row to
`DataChange` on every insert, update, delete or truncate, in the writing transaction. The data
version, read in one small query, is the number of those changes and the sum of their ids. So it
- changes with every committed statement that wrote to one of the tables, whoever wrote it
  (the portal, a bulk update, a migration, psql);
- is the same for everyone who sees the same committed data;
- never comes back after a rollback: ids come from a sequence, which a rollback does not give
  back, so a figure computed inside a transaction that is rolled back is never found again;
- takes no lock: writers only append, so two writers never wait for each other.

A figure is kept under (name, data version, today, language, the caller's key) in this process (each
gunicorn worker computes it once per version). The caller's key says whose figure it is (the
membership and what the access policy let it see), so the cache never widens what anyone
sees. `compact()` (a beat task) folds the change rows into one without changing the version.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar

from django.db import connection
from django.utils import timezone, translation


class Keeper:
    """Values kept in this process, the least recently used going first."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# Figures: a national taakstelling table is a few hundred kilobytes, most are far smaller.
FIGURES = Keeper(max_entries=512)
# Whole downloads (the national list of locations is a few hundred kilobytes): a few only.
DOWNLOADS = Keeper(max_entries=16)


class _Memo:
    version: tuple[int, int] | None = None
    # The transaction it was read in: a transaction that ended or a savepoint rolled back since
    # makes it a guess; it is read again.
    state: tuple | None = None


def _transaction_state() -> tuple:
    return connection.in_atomic_block, tuple(connection.savepoint_ids)


_memo: ContextVar[_Memo | None] = ContextVar("derived_data_version", default=None)


def data_version() -> tuple[int, int]:
    """The version of the tracked data as this transaction sees it: one query, read once per
    request (`VersionPerRequest`) as long as the request writes nothing and stays in the same
    transaction."""
    memo = _memo.get()
    if memo is not None and memo.version is not None and memo.state == _transaction_state():
        return memo.version
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(changes), 0), coalesce(sum(coalesce(id_total, id)), 0) "
            "FROM kso_portal_datachange"
        )
        changes, total = cursor.fetchone()
    version = int(changes), int(total)
    if memo is not None:
        memo.version, memo.state = version, _transaction_state()
    return version


WRITES = (" INSERT ", " UPDATE ", " DELETE ", " TRUNCATE ")


def _is_read(sql: str) -> bool:
    """A SELECT (also a UNION of them), or a WITH query without a writing part (the history's
    events are one)."""
    start = sql.lstrip(" \t\n(")[:6].upper()
    if start == "SELECT":
        return True
    if start.startswith("WITH"):
        text = " ".join(sql.upper().split())
        return not any(word in f" {text} " for word in WRITES)
    return False


class VersionPerRequest:
    """Middleware: a page that shows several cached figures reads the data version once. The
    version read is forgotten at any statement other than a read (a write, a savepoint or its
    rollback) and when the transaction it was read in has ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = _Memo()
        token = _memo.set(memo)

        def forget_on_write(execute, sql, params, many, context):
            if not _is_read(sql):
                memo.version = None
            return execute(sql, params, many, context)

        try:
            with connection.execute_wrapper(forget_on_write):
                return self.get_response(request)
        finally:
            _memo.reset(token)


def cached[T](name: str, key: Hashable, compute: Callable[[], T], *, keeper: Keeper = FIGURES) -> T:
    """`compute()`, or what it gave before for the same name, key, day, language and data
    version (a figure may hold translated labels). The value is shared between requests:
    callers must not change it."""
    full_key = (name, data_version(), timezone.localdate(), translation.get_language(), key)
    return keeper.get_or_compute(full_key, compute)


def whose(actor) -> tuple:
    """The part of a key that says whose figures they are: the membership and what the access
    policy reads of it (the rows it reads are tracked, so their changes are in the version)."""
    membership = actor.membership
    if membership is None:  # signed in without an organisation: sees no rows
        return (None, actor.user.pk)
    return (membership.pk, membership.role, membership.is_national, actor.kind, actor.user.pk)


def clear() -> None:
    """Forget every kept value (the data version makes that unnecessary; for tests and tools)."""
    FIGURES.clear()
    DOWNLOADS.clear()


def compact() -> int:
    """Fold the change rows into one per table with the same sums, in one statement (a reader
    sees the rows before or after, with the same version). Rows of transactions still running
    are not visible to it and stay. Returns the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH folded AS (
                DELETE FROM kso_portal_datachange
                RETURNING "table", changes, coalesce(id_total, id) AS total
            )
            INSERT INTO kso_portal_datachange ("table", changes, id_total)
            SELECT "table", sum(changes), sum(total) FROM folded GROUP BY "table"
            """
        )
        return cursor.rowcount
