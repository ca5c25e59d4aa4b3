"""A web process's own memory of answers it has given: least recently used out first,
bounded by the bytes of the bodies kept. Used by the public pages' fast path
(`workshops/middleware.py`) and by logged-in pages kept while the database is unchanged
(`recovery_college/snapshot_pages.py`). Each process has its own; nothing is shared
between processes or written anywhere."""

import contextlib
import threading
from collections import OrderedDict
from typing import Protocol


class HasBody(Protocol):
    body: bytes


class Memory:
    """Least recently used entries (anything with a `body`), at most `most_bytes` of
    bodies in all."""

    def __init__(self):
        self._kept: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key) -> HasBody | None:
        kept = self._kept.get(key)
        if kept is not None:
            with contextlib.suppress(KeyError):  # another thread dropped it meanwhile
                self._kept.move_to_end(key)
        return kept

    def keep(self, key, kept: HasBody, *, most_bytes: int) -> None:
        if len(kept.body) > most_bytes:
            return
        with self._lock:
            self._drop(key)
            self._kept[key] = kept
            self._bytes += len(kept.body)
            while self._bytes > most_bytes:
                self._drop(next(iter(self._kept)))

    def drop(self, key) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    @property
    def bytes_kept(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._kept)
