"""Stable identities: which story an article belongs to, and which version of it this is.

`story_id` follows a story across its updates (the feed's guid, else the canonical URL, else the
input file); `content_hash` changes whenever the readable content changes (title and clean body,
for finding the same text elsewhere); `article_id` names one version of one story as its source
wrote it, so the same version ingested twice, by any release of wirestream, is the same row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from schemas.ids import digest, source_key

__all__ = ["article_id", "canonical_url", "content_hash", "digest", "source_key", "story_id"]

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


def story_id(*, guid: str | None, url: str | None, source: str, position: int, title: str | None) -> str:
    """The story an item belongs to: guid, else canonical URL, else the input and its place in it."""
    if guid and guid.strip():
        return digest("guid", guid.strip())
    canonical = canonical_url(url)
    if canonical:
        return digest("url", canonical)
    return digest("source", source_key(source), str(position))


def content_hash(title: str | None, paragraphs: Iterable[str]) -> str:
    """Hash of the readable content: title and body, NFC-normalised, whitespace-insensitive."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    return digest("content", norm(title or ""), *(norm(p) for p in paragraphs))


def article_id(story: str, content: str) -> str:
    """One version of one story."""
    return digest("article", story, content)
