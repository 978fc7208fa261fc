"""Article -> a numbered version of its story, or a `Skipped` marker when the lake already holds it.

Items are grouped by the strongest key they are known by (guid, else canonical link, else input and
position), so the same item read from two inputs of one run meets itself. Each group is matched
against the state: the story found under any of its keys (a guid that changed while the link
stayed is the same story), with the source hashes of every version already written. A version the
story already has is skipped as `unchanged`; the same version twice in one run as `duplicate`. A
new one gets the next number, the previous version's content hash, and the date partition of the
story's first version, so an undated item never lands in a second `date=` folder, and what
changed since the previous version (`changes`, compared with the text the state keeps of it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from connectors.lake import KnownStory, NoState, State
from pipelines import identity
from pipelines.changes import changes
from pipelines.deadletters import PASS_KEY, pass_key
from schemas import Article, Skipped


def keys_of(article: Article) -> tuple[str, ...]:
    return identity.identity_keys(
        guid=article.guid, url=article.url, source=article.source, position=article.position
    )


def _when(article: Article) -> tuple[bool, dt.datetime]:
    stamp = article.updated_at or article.published_at
    return (stamp is None, stamp or article.ingested_at)


def assign_versions(articles: Sequence[Article], known: KnownStory | None) -> list[Article | Skipped]:
    """Numbers the new versions among one story's articles; the rest become `Skipped` markers.

    Versions are ordered by their stated time (update, else publication), then by source hash, so
    the numbering does not depend on the order the inputs were read in.
    """
    if not articles:
        return []
    ordered = sorted(articles, key=lambda a: (*_when(a), a.source_hash, a.source, a.position))
    story = known.story_id if known else min(a.story_id for a in ordered)
    written = set(known.source_hashes) if known else set()
    version = known.version if known else 0
    previous = known.content_hash if known else None
    previous_text: Any = known.last_text if known else None  # what the next version is compared with
    date = known.date if known else None
    out: list[Article | Skipped] = []
    for article in ordered:
        if article.source_hash in written:
            reason = "unchanged" if known and article.source_hash in known.source_hashes else "duplicate"
            out.append(Skipped(source=article.source, story_id=story, reason=reason))
            continue
        written.add(article.source_hash)
        version += 1
        date = date or article.own_date
        out.append(
            dataclasses.replace(
                article,
                story_id=story,
                article_id=identity.article_id(story, article.source_hash),
                version=version,
                previous_content_hash=previous,
                changes=changes(previous_text, article) if previous_text is not None else None,
                date=date,
            )
        )
        previous = article.content_hash
        previous_text = article
    return out


def key_by_identity(element: Any, groups: int = 16) -> tuple[str, Any]:
    """(group key, element): articles by their strongest identity key; anything else passes."""
    if isinstance(element, Article):
        return keys_of(element)[0], element
    return pass_key(element, groups), element


class _AssignVersionsFn(beam.DoFn):
    """Looks each group's story up in the state (opened read-only, once per worker)."""

    def __init__(self, output: str | None, forget: frozenset[str]):
        self._output = output
        self._forget = forget
        self._state: State | None = None
        self._new = Metrics.counter("wirestream", "versions_new")
        self._changed = Metrics.counter("wirestream", "versions_changed")
        self._skipped = Metrics.counter("wirestream", "items_skipped")

    def setup(self) -> None:
        if self._output is not None:
            try:
                self._state = State.open(self._output, readonly=True)
            except NoState:
                self._state = None  # a lake being created: every story is new

    def teardown(self) -> None:
        if self._state is not None:
            self._state.close()

    def process(self, item: tuple[str, Iterable[Any]]) -> Iterator[Any]:
        key, elements = item
        if key.startswith(PASS_KEY):
            yield from elements
            return
        articles = list(elements)
        keys: list[str] = []
        for article in articles:
            keys += [k for k in keys_of(article) if k not in keys]
        known = self._state.find_story(keys, ignore_sources=self._forget) if self._state else None
        for result in assign_versions(articles, known):
            if isinstance(result, Skipped):
                self._skipped.inc()
            elif result.version == 1:
                self._new.inc()
            else:
                self._changed.inc()
            yield result


class AssignVersions(beam.PTransform):
    """Article -> versioned Article or `Skipped`; dead letters and tallies pass through.

    Args:
        output: the lake whose state says which versions exist (None: every story is new).
        forget: input locations whose earlier versions a full refresh replaces (ignored here).
    """

    def __init__(self, *, output: str | None, forget: Iterable[str] = ()):
        super().__init__()
        self._output = output
        self._forget = frozenset(forget)

    def expand(self, records):
        return (
            records
            | "KeyByIdentity" >> beam.Map(key_by_identity)
            | "GroupByStory" >> beam.GroupByKey()
            | "Assign" >> beam.ParDo(_AssignVersionsFn(self._output, self._forget))
        )
