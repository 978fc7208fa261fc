"""Document -> Article: the article's structure read from its text, and its identity."""

from __future__ import annotations

import datetime as dt
from functools import partial

import apache_beam as beam

from pipelines import identity
from pipelines.deadletters import guarded
from pipelines.structure import (
    Structure,
    body_text,
    byline_agencies,
    source_byline,
    split_article,
    tidy_byline,
)
from pipelines.structure.furniture import agency_list
from pipelines.timestamps import is_stamp_line, stamp_tails
from schemas import Article, Document


def parse_document(document: Document, *, run_id: str, ingested_at: dt.datetime) -> Article:
    """Reads one document into an Article (structure and ids; language and times come later).

    Raises ValueError for a document with no readable text, which the graph turns into a dead letter.
    """
    if not document.text.strip() and not (document.title or "").strip():
        raise ValueError("no readable text")
    parts = split_article(
        document.text,
        title=document.title,
        is_stamp_line=is_stamp_line,
        stamp_tails=stamp_tails,
        captions=document.captions,
    )
    if not parts.paragraphs and not parts.title and not parts.lede:
        raise ValueError("no body text left after removing captions, stamps and boilerplate")
    story = identity.story_id(
        guid=document.guid,
        url=document.url,
        source=document.source,
        position=document.position,
        title=parts.title,
    )
    content = identity.content_hash(parts.title, [p.text for p in parts.paragraphs])
    byline, agencies = read_bylines(parts, document)
    related = parts.related + tuple(r for r in document.related if r not in parts.related)
    # The version is what the source said (raw title, text, update stamp), not what this release of
    # the parser made of it: re-ingesting after an upgrade finds the same versions, not new ones.
    # A feed item enriched with its page keeps the feed's hash (see `Document.feed_hash`).
    raw = document.feed_hash or identity.source_hash(document.title, document.text, document.updated_text)
    return Article(
        article_id=identity.article_id(story, raw),
        source_hash=raw,
        story_id=story,
        content_hash=content,
        source=document.source,
        source_kind=document.source_kind,
        run_id=run_id,
        ingested_at=ingested_at,
        position=document.position,
        url=document.url,
        guid=document.guid,
        title=parts.title,
        lede=parts.lede,
        standfirst=parts.standfirst or document.standfirst,
        body=body_text(parts.paragraphs),
        paragraphs=parts.paragraphs,
        captions=parts.captions,
        captions_collapsed=parts.captions_collapsed,
        byline=byline,
        agencies=agencies,
        related=related,
        fact_boxes=parts.fact_boxes,
        embeds=parts.embeds,
        comments=parts.comments,
        boilerplate=parts.boilerplate,
        lang=document.lang or "und",
        stamp_lines=parts.stamp_lines + tuple(s for s in document.stamps if s not in parts.stamp_lines),
        header_date=parts.header_date,
        published_text=document.published_text,
        updated_text=document.updated_text,
        fetched_at=document.fetched_at,
        warnings=document.warnings,
        outlet=document.outlet or identity.host_of(document.url),
    )


def read_bylines(parts: Structure, document: Document) -> tuple[str | None, tuple[str, ...]]:
    """The article's byline and agencies: the text's, else the source's (most pages print theirs).

    The source's byline is read too when the text names only agencies (a `CNN` line, a dateline):
    the source often names the writer the text lost. Furniture around the names goes
    (`tidy_byline`); an agency that is the outlet itself (`(CNN)` on cnn.com) is no agency.
    """
    byline = parts.byline
    agencies = list(parts.agencies)
    if not byline or all(agency_list(b) is not None for b in byline.split("; ")):
        source = source_byline(document.author, is_stamp_line, stamp_tails) if document.author else None
        if source:
            byline = source if not byline or byline_agencies(source) else f"{source}; {byline}"
            agencies = [*byline_agencies(source), *agencies]
    byline = tidy_byline(byline) if byline else None
    agencies += byline_agencies(byline or "")  # `Nordic Wire staff, Ritzau`: read once the desk is gone
    host = (identity.host_of(document.url) or "").split(".")[:-1]  # `edition.cnn.com`: edition, cnn
    outlet = {_key(document.outlet), *map(_key, host)} - {""}
    return byline, tuple(a for a in dict.fromkeys(agencies) if _key(a) not in outlet)


def _key(name: str | None) -> str:
    """A name compared with an outlet's: case-folded letters and digits only."""
    return "".join(ch for ch in (name or "").casefold() if ch.isalnum())


class ParseArticles(beam.PTransform):
    """Document -> Article with structure and ids; unreadable documents -> dead letters."""

    def __init__(self, *, run_id: str, ingested_at: dt.datetime):
        super().__init__()
        if ingested_at.tzinfo is None:
            raise ValueError("ingested_at must be timezone-aware")
        self._run_id = run_id
        self._ingested_at = ingested_at.astimezone(dt.UTC)

    def expand(self, documents):
        parse = guarded("parse", partial(parse_document, run_id=self._run_id, ingested_at=self._ingested_at))
        return documents | "Parse" >> beam.Map(parse)
