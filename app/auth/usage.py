"""When each API key was last used, written at most once a minute per key and process.

The write happens on a background thread: on SQLite it needs the write lock, and a read
request must never wait behind an import for it. The UPDATE's own condition keeps several
processes from writing the same minute twice.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import or_, update

from app.db import Database
from app.models import ApiKey

log = logging.getLogger(__name__)

EVERY = timedelta(minutes=1)
# One writer thread for the process, whatever the number of apps (tests make hundreds).
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="key-usage")


class KeyUsage:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._written: dict[str, datetime] = {}
        self._lock = threading.Lock()
        self._pending: list[Future[None]] = []

    def seen(self, key_id: str, now: datetime) -> None:
        with self._lock:
            last = self._written.get(key_id)
            if last is not None and now - last < EVERY:
                return
            self._written[key_id] = now
            self._pending = [f for f in self._pending if not f.done()]
            self._pending.append(_WRITER.submit(self._write, key_id, now))

    def _write(self, key_id: str, now: datetime) -> None:
        try:
            with self._database.session_scope() as session:
                session.execute(
                    update(ApiKey)
                    .where(ApiKey.id == key_id)
                    .where(or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - EVERY))
                    .values(last_used_at=now)
                )
        except Exception:  # best effort: the next minute tries again
            log.warning("could not record the last use of key %s", key_id, exc_info=True)
            with self._lock:
                self._written.pop(key_id, None)

    def wait(self) -> None:
        """Until the writes asked for so far are done (tests, shutdown)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result()
