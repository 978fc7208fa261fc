"""Stable digests and identity keys shared by the pipeline (record ids) and the lake (its state)."""

from __future__ import annotations

import functools
import hashlib
import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def digest(*parts: str | None) -> str:
    """A 32-hex-digit SHA-256 digest of the parts (None and '' differ from each other)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


@functools.lru_cache(maxsize=65_536)
def location(source: str) -> str:
    """Where an input is, however it was spelled: its real path, or the URL as given. Cached: every
    article of an input asks again, and `realpath` asks the file system for each part of the path."""
    return source if "://" in source else os.path.realpath(source)


def source_key(source: str) -> str:
    """A short stable key for an input: a digest of its location."""
    return digest("source", location(source))[:16]


_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src")


def canonical_url(url: str | None) -> str | None:
    """Lower-cases scheme and host, drops the fragment and tracking parameters."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def identity_keys(*, guid: str | None, url: str | None, source: str, position: int) -> tuple[str, ...]:
    """The keys an item is known by, strongest first: `guid:...`, `url:...`, else `input:<key>:<n>`.

    A story found under any of them is the item's story, so a guid that changes while the link stays
    keeps the story.
    """
    keys = []
    if guid and guid.strip():
        keys.append("guid:" + guid.strip())
    canonical = canonical_url(url)
    if canonical:
        keys.append("url:" + canonical)
    return tuple(keys) or (f"input:{source_key(source)}:{position}",)
