"""One writer per lake: an exclusive lock on OUTPUT/_state/lock, waited for up to a timeout."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from connectors.lake import layout


class LakeBusy(RuntimeError):
    """Another run holds the lake's lock and did not let go within the timeout."""


@contextmanager
def locked(output: str, *, timeout: float = 0.0, poll: float = 0.2) -> Iterator[None]:
    """Holds the lake's lock for the block; waits up to `timeout` seconds for another run to end.

    Raises:
        LakeBusy: the lock was still held after `timeout` seconds.
    """
    path = layout.lock_file(output)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    deadline = time.monotonic() + max(0.0, timeout)
    with open(path, "a+") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(lock)
                    raise LakeBusy(
                        f"another run{holder} is writing to {output} and did not finish within {timeout:g} s; "
                        "try again later or raise --lock-timeout"
                    ) from None
                time.sleep(poll)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _holder(lock) -> str:
    lock.seek(0)
    pid = lock.read().strip()
    return f" (pid {pid})" if pid.isdigit() else ""
