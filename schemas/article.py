"""The records wirestream moves and writes: `Document` in, `Article` and `DeadLetter` out.

Each record is a frozen, slotted dataclass with its explicit pyarrow schema beside it; a test keeps
the two in step. Timestamps are timezone-aware UTC everywhere; partition columns (`date`, `lang`)
are not stored in the files, they live in the directory path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from schemas.pickling import positional

UTC = dt.UTC
TIMESTAMP = pa.timestamp("us", tz="UTC")

SOURCE_KINDS = ("file", "feed")
DATE_SOURCES = ("updated", "published", "header", "ingested")
DATE_PRECISIONS = ("year", "month", "day", "minute", "second")


@positional
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph (or sub-heading) with its own language."""

    text: str
    lang: str | None = None
    kind: str = "text"


@positional
@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption, kept once however often the page repeated it."""

    text: str
    credit: str | None = None


@positional
@dataclass(frozen=True, slots=True)
class Embed:
    """An embedded social post (a tweet quoted in the article)."""

    kind: str
    text: str
    author: str | None = None
    handle: str | None = None
    posted: str | None = None
    url: str | None = None
    lang: str | None = None


@positional
@dataclass(frozen=True, slots=True)
class FactBox:
    """A fact box (`Fakta: ...`) with the source it cites."""

    title: str
    text: str
    source: str | None = None


@positional
@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from its source, before it is understood.

    Connectors fill what the source states outright (a feed entry's title, an HTML page's metadata),
    with dates exactly as written (`published_text`, `updated_text`: the timestamp step reads them in
    the outlet's zone); `text` is the readable text, one paragraph a line or blank-line separated,
    already extracted where the source was HTML. `position` orders documents within
    one source (feed entries, JSON lines).

    `feed_hash` is set when a feed item was enriched with its article page (`--fetch-articles`): the
    source hash of the item as the feed gave it, which then names the version instead of a hash of
    the enriched text. The feed decides what is a new version; a page that changes under an
    unchanged feed item (an ad, a comment count) must not make it one.

    `feed_lang` is the language most of the feed's items are confidently written in (`nb`, `da`),
    set when the feed is read (`pipelines.language.with_feed_language`): evidence for a short item
    the detector is unsure of.

    `stamps` are stamp lines the source prints outside its `text` (an HTML page's stamp under the
    headline, `Erhverv - 02. januar 2020 kl. 10:21`); the timestamp step reads them like stamp lines
    found in the text. `standfirst` is the lede a page sets apart from its body (`div.manchet`).
    """

    source: str
    source_kind: str
    text: str = ""
    url: str | None = None
    guid: str | None = None
    title: str | None = None
    author: str | None = None
    lang: str | None = None
    published_text: str | None = None
    updated_text: str | None = None
    captions: tuple[Caption, ...] = ()
    related: tuple[str, ...] = ()
    fetched_at: dt.datetime | None = None
    position: int = 0
    warnings: tuple[str, ...] = ()
    outlet: str | None = None
    feed_hash: str | None = None
    feed_lang: str | None = None
    stamps: tuple[str, ...] = ()
    standfirst: tuple[str, ...] = ()


@positional
@dataclass(frozen=True, slots=True)
class Changes:
    """What a version changed since the previous version of its story."""

    title_changed: bool
    paragraphs_added: int
    paragraphs_removed: int
    paragraphs_edited: int
    captions_added: int
    captions_removed: int
    updated_at: dt.datetime | None

    def summary(self) -> str:
        """One line for people: `title changed, 1 paragraph added, 2 edited` (or `no change`)."""
        parts = ["title changed"] if self.title_changed else []
        for count, what in (
            (self.paragraphs_added, "added"),
            (self.paragraphs_removed, "removed"),
            (self.paragraphs_edited, "edited"),
        ):
            if count:
                parts.append(f"{count} paragraph{'s' if count != 1 else ''} {what}")
        for count, what in ((self.captions_added, "added"), (self.captions_removed, "removed")):
            if count:
                parts.append(f"{count} caption{'s' if count != 1 else ''} {what}")
        return ", ".join(parts) or "no change"


@positional
@dataclass(frozen=True, slots=True)
class Article:
    """One version of one story: the row written to `articles/`."""

    article_id: str
    story_id: str
    content_hash: str
    source: str
    source_kind: str
    run_id: str
    ingested_at: dt.datetime
    position: int = 0
    url: str | None = None
    guid: str | None = None
    title: str | None = None
    lede: str | None = None
    standfirst: tuple[str, ...] = ()
    body: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    captions: tuple[Caption, ...] = ()
    captions_collapsed: int = 0
    byline: str | None = None
    agencies: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    fact_boxes: tuple[FactBox, ...] = ()
    embeds: tuple[Embed, ...] = ()
    comments: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    lang: str = "und"
    lang_variant: str | None = None
    lang_confidence: float | None = None
    published_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    updates: tuple[dt.datetime, ...] = ()
    date_precision: str | None = None
    date_source: str = "ingested"
    relative_stamps: tuple[str, ...] = ()
    stamp_lines: tuple[str, ...] = ()
    header_date: str | None = None
    published_text: str | None = None
    updated_text: str | None = None
    fetched_at: dt.datetime | None = None
    warnings: tuple[str, ...] = ()
    source_hash: str = ""
    version: int = 1
    previous_content_hash: str | None = None
    changes: Changes | None = None
    cluster_id: str | None = None
    outlet: str | None = None
    date: dt.date | None = None

    @property
    def own_date(self) -> dt.date:
        """The record's own date: updated, else published, else ingested (see `date_source`)."""
        stamp = {"updated": self.updated_at, "published": self.published_at, "header": self.published_at}.get(
            self.date_source
        )
        return (stamp or self.ingested_at).date()

    @property
    def partition_date(self) -> dt.date:
        """The `date=` partition: the story's first version's own date once versions are assigned."""
        return self.date or self.own_date


@positional
@dataclass(frozen=True, slots=True)
class DeadLetter:
    """Input a step could not handle, kept with enough context to replay or fix it."""

    step: str
    source: str
    error: str
    traceback: str
    payload: str
    run_id: str = ""
    failed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(UTC))

    PAYLOAD_LIMIT = 2000  # characters of the offending input kept in the row

    @staticmethod
    def excerpt(payload: bytes | str) -> str:
        """Returns a printable excerpt of the offending input (bytes shown with escapes)."""
        if isinstance(payload, bytes):
            payload = payload[: DeadLetter.PAYLOAD_LIMIT].decode("utf-8", errors="backslashreplace")
        return payload[: DeadLetter.PAYLOAD_LIMIT]


_PARAGRAPH = pa.struct([("text", pa.string()), ("lang", pa.string()), ("kind", pa.string())])
_CAPTION = pa.struct([("text", pa.string()), ("credit", pa.string())])
_EMBED = pa.struct(
    [
        ("kind", pa.string()),
        ("text", pa.string()),
        ("author", pa.string()),
        ("handle", pa.string()),
        ("posted", pa.string()),
        ("url", pa.string()),
        ("lang", pa.string()),
    ]
)
_FACT_BOX = pa.struct([("title", pa.string()), ("text", pa.string()), ("source", pa.string())])

CHANGES_TYPE = pa.struct(
    [
        pa.field("title_changed", pa.bool_(), nullable=False),
        pa.field("paragraphs_added", pa.int32(), nullable=False),
        pa.field("paragraphs_removed", pa.int32(), nullable=False),
        pa.field("paragraphs_edited", pa.int32(), nullable=False),
        pa.field("captions_added", pa.int32(), nullable=False),
        pa.field("captions_removed", pa.int32(), nullable=False),
        pa.field("updated_at", TIMESTAMP),
    ]
)


ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_kind", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("ingested_at", TIMESTAMP, nullable=False),
        pa.field("position", pa.int32(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("guid", pa.string()),
        pa.field("title", pa.string()),
        pa.field("lede", pa.string()),
        pa.field("standfirst", pa.list_(pa.string())),
        pa.field("body", pa.string(), nullable=False),
        pa.field("paragraphs", pa.list_(_PARAGRAPH)),
        pa.field("captions", pa.list_(_CAPTION)),
        pa.field("captions_collapsed", pa.int32(), nullable=False),
        pa.field("byline", pa.string()),
        pa.field("agencies", pa.list_(pa.string())),
        pa.field("related", pa.list_(pa.string())),
        pa.field("fact_boxes", pa.list_(_FACT_BOX)),
        pa.field("embeds", pa.list_(_EMBED)),
        pa.field("comments", pa.list_(pa.string())),
        pa.field("boilerplate", pa.list_(pa.string())),
        pa.field("lang_variant", pa.string()),
        pa.field("lang_confidence", pa.float64()),
        pa.field("published_at", TIMESTAMP),
        pa.field("updated_at", TIMESTAMP),
        pa.field("updates", pa.list_(TIMESTAMP)),
        pa.field("date_precision", pa.string()),
        pa.field("date_source", pa.string(), nullable=False),
        pa.field("relative_stamps", pa.list_(pa.string())),
        pa.field("stamp_lines", pa.list_(pa.string())),
        pa.field("header_date", pa.string()),
        pa.field("published_text", pa.string()),
        pa.field("updated_text", pa.string()),
        pa.field("fetched_at", TIMESTAMP),
        pa.field("warnings", pa.list_(pa.string())),
        pa.field("source_hash", pa.string(), nullable=False),
        pa.field("version", pa.int32(), nullable=False),
        pa.field("previous_content_hash", pa.string()),
        pa.field("changes", CHANGES_TYPE),
        pa.field("cluster_id", pa.string()),
        pa.field("outlet", pa.string()),
    ]
)

DEAD_LETTER_SCHEMA = pa.schema(
    [
        pa.field("step", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("error", pa.string(), nullable=False),
        pa.field("traceback", pa.string(), nullable=False),
        pa.field("payload", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("failed_at", TIMESTAMP, nullable=False),
    ]
)

# Partition columns live in the directory path (`date=YYYY-MM-DD/lang=xx/`), never inside the file.
PARTITION_FIELDS = frozenset({"date", "lang"})


def _is_record(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def to_row(record: Article | DeadLetter) -> dict[str, Any]:
    """Returns the record as a dict matching its pyarrow schema (nested dataclasses as dicts)."""
    row = {}
    for f in dataclasses.fields(record):
        if f.name in PARTITION_FIELDS:
            continue
        value = getattr(record, f.name)
        if isinstance(value, tuple):
            value = [dataclasses.asdict(v) if _is_record(v) else v for v in value]
        elif _is_record(value):
            value = dataclasses.asdict(value)
        row[f.name] = value
    return row


def to_table(records: Sequence[Article | DeadLetter]) -> pa.Table:
    """Returns records of one kind as a pyarrow Table with their explicit schema."""
    if not records:
        raise ValueError("to_table needs at least one record to know its schema")
    kind = type(records[0])
    if any(type(r) is not kind for r in records):
        raise ValueError("to_table takes records of one kind: articles or dead letters")
    schema = ARTICLE_SCHEMA if kind is Article else DEAD_LETTER_SCHEMA
    return pa.Table.from_pylist([to_row(r) for r in records], schema=schema)
