"""Stable digests shared by the pipeline (record ids) and the writer (file names)."""

from __future__ import annotations

import hashlib
import os


def digest(*parts: str | None) -> str:
    """A 32-hex-digit SHA-256 digest of the parts (None and '' differ from each other)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def source_key(source: str) -> str:
    """A short stable key for an input: its real path (however it was spelled), or the URL as given."""
    location = source if "://" in source else os.path.realpath(source)
    return digest("source", location)[:16]
