"""Stable identities: which story an article belongs to, and which version of it this is.

`story_id` follows a story across its updates (the feed's guid, else the canonical URL, else the
input file); `content_hash` changes whenever the readable content changes (title and clean body,
for finding the same text elsewhere); `article_id` names one version of one story as its source
wrote it, so the same version ingested twice, by any release of wirestream, is the same row.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from schemas import Document
from schemas.ids import canonical_url, digest, identity_keys, source_key

__all__ = [
    "article_id",
    "canonical_url",
    "content_hash",
    "digest",
    "drop_shared_ids",
    "identity_keys",
    "source_hash",
    "source_key",
    "story_id",
]


def story_id(*, guid: str | None, url: str | None, source: str, position: int, title: str | None) -> str:
    """The story an item belongs to: guid, else canonical URL, else the input and its place in it."""
    if guid and guid.strip():
        return digest("guid", guid.strip())
    canonical = canonical_url(url)
    if canonical:
        return digest("url", canonical)
    return digest("source", source_key(source), str(position))


SHARED_BY = 3  # different items sharing one guid or link that make it no identity


def drop_shared_ids(documents: Sequence[Document]) -> list[Document]:
    """Clears a guid or link that several (3+) different items of one feed share: it is no identity.

    Some outlets give every item the same guid (`/a/`) or their home page as the link; used as an
    identity it would merge unrelated items into one story. Such a value is dropped (with a warning)
    so the next rule decides. Two different items under one guid are read as two versions of one
    story (a feed may list an item and its update). Only feeds: a JSON-lines log may hold many
    versions of one item.
    """
    if not documents or documents[0].source_kind != "feed":
        return list(documents)
    contents: dict[tuple[str, str], set[str]] = {}
    for doc in documents:
        text = source_hash(doc.title, doc.text, None)
        for field in ("guid", "url"):
            value = getattr(doc, field)
            if value and value.strip():
                contents.setdefault((field, value.strip()), set()).add(text)
    shared = {key for key, texts in contents.items() if len(texts) >= SHARED_BY}
    if not shared:
        return list(documents)
    out = []
    for doc in documents:
        changes: dict[str, Any] = {}
        warnings = list(doc.warnings)
        for field in ("guid", "url"):
            value = getattr(doc, field)
            if value and (field, value.strip()) in shared:
                changes[field] = None
                n = len(contents[(field, value.strip())])
                warnings.append(
                    f"{field} {value.strip()!r} is shared by {n} different items: not an identity"
                )
        out.append(dataclasses.replace(doc, **changes, warnings=tuple(warnings)) if changes else doc)
    return out


def host_of(url: str | None) -> str | None:
    """The site an article's URL names (`nrk.no` for `https://www.nrk.no/...`), None without one."""
    host = (urlsplit(url.strip()).hostname or "") if url and "://" in url else ""
    return host.removeprefix("www.") or None


def source_hash(title: str | None, text: str, updated_text: str | None) -> str:
    """What the source gave for one version: raw title, raw text and its stated update time.

    Equal source hashes are the same version wherever they come from; a new update stamp in the text
    or in the metadata is a new version. Computed from the raw input, not from this release's reading
    of it, so upgrading wirestream does not make every story look changed.
    """
    return digest("document", title, text, updated_text)


def content_hash(title: str | None, paragraphs: Iterable[str]) -> str:
    """Hash of the readable content: title and body, NFC-normalised, whitespace-insensitive."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    return digest("content", norm(title or ""), *(norm(p) for p in paragraphs))


def article_id(story: str, content: str) -> str:
    """One version of one story."""
    return digest("article", story, content)
