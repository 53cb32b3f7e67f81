"""Download slots: how many CSV exports one client address may stream at the same time.

A slow reader holds a server thread for as long as its download lasts, so without a limit a
few clients reading slowly can take every thread. On PostgreSQL a slot is a session-level
advisory lock, which every gunicorn process and thread sees and which the server drops by
itself if the process dies; elsewhere (SQLite, `make run`) a counter in the process stands in.
"""

import collections
import functools
import hashlib
import logging
import threading
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# Slots held by each driver connection. PostgreSQL grants a session a lock it already holds,
# so one connection serving two downloads (the test client does) must skip its own slots.
# Keyed by the driver's connection, not Django's wrapper: after a reconnect the wrapper is the
# same object, but the old session and its locks are gone.
_held_by_connection = weakref.WeakKeyDictionary()
_local_counts = collections.Counter()
_local_lock = threading.Lock()
# Slots whose response was dropped without being closed: the garbage collector may run in the
# middle of a database call, so it only queues them here and the next acquisition frees them.
_dropped = collections.deque()


def _lock_key(address, slot):
    """Return the 64-bit advisory lock key of one slot of one address."""
    digest = hashlib.blake2b(f"core.csv-download:{address}:{slot}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class DownloadSlot:
    """One download slot, held until `release()` or until the slot is garbage-collected."""

    def __init__(self, release, token):
        self._release = release
        self._finalizer = weakref.finalize(self, _dropped.append, token)

    def release(self):
        """Give the slot back; releasing twice does nothing."""
        if self._finalizer.detach() is not None:
            self._release()


def _unlock(connection, raw, key):
    held = _held_by_connection.get(raw)
    if held is not None:
        held.discard(key)
    if connection.connection is not raw:
        # That session has ended, and PostgreSQL released its locks with it.
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    except DatabaseError:
        # The connection is gone, and PostgreSQL released its locks with it.
        logger.warning("Could not release a CSV download slot; its database connection was lost.")


def _local_release(address):
    with _local_lock:
        _local_counts[address] -= 1
        if _local_counts[address] <= 0:
            del _local_counts[address]


def _free_dropped(connection):
    """Free the dropped slots this thread can free: its connection's, and the process's own."""
    raw = connection.connection if connection.vendor == "postgresql" else None
    for _ in range(len(_dropped)):
        kind, owner, key = _dropped.popleft()
        if kind == "local":
            _local_release(key)
        elif owner is raw:
            _unlock(connection, raw, key)
        elif not owner.closed:
            # Another thread's connection; that thread frees it on its next download.
            _dropped.append((kind, owner, key))


def _postgresql_slot(connection, address, limit):
    raw = connection.connection
    held = _held_by_connection.setdefault(raw, set())
    with connection.cursor() as cursor:
        for slot in range(limit):
            key = _lock_key(address, slot)
            if key in held:
                continue
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if cursor.fetchone()[0]:
                held.add(key)
                return DownloadSlot(functools.partial(_unlock, connection, raw, key), ("postgresql", raw, key))
    return None


def _local_slot(address, limit):
    with _local_lock:
        if _local_counts[address] >= limit:
            return None
        _local_counts[address] += 1
    return DownloadSlot(functools.partial(_local_release, address), ("local", None, address))


def download_slot_acquire(*, address, limit=None):
    """Take a download slot for `address`; return it, or None when all its slots are taken."""
    limit = settings.CSV_DOWNLOADS_PER_CLIENT if limit is None else limit
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    _free_dropped(connection)
    if connection.vendor == "postgresql":
        return _postgresql_slot(connection, address, limit)
    return _local_slot(address, limit)
