"""Document -> Article: the article's structure read from its text, and its identity."""

from __future__ import annotations

import datetime as dt
from functools import partial

import apache_beam as beam

from pipelines import identity
from pipelines.deadletters import guarded
from pipelines.structure import body_text, byline_agencies, source_byline, split_article
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
    byline: str | None = parts.byline
    agencies = parts.agencies
    if not byline:  # the source's byline, read only when the text has none (most pages print theirs)
        byline = source_byline(document.author, is_stamp_line, stamp_tails) if document.author else None
        agencies = byline_agencies(byline or "")
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
