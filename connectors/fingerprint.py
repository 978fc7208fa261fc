"""What an input file looks like now: size and mtime (cheap), and its content hash (when needed)."""

from __future__ import annotations

import hashlib
import os

CHUNK = 1 << 20


def stat_file(path: str) -> tuple[int, int]:
    """(size, mtime in ns) of a file. Raises OSError for a file that cannot be stat'ed."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def hash_file(path: str) -> str:
    """The SHA-256 of a file's bytes. Raises OSError for a file that cannot be read."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()
