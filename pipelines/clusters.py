"""Each new version's `cluster_id`: wire copies across outlets share one; exact repeats go.

All of a run's new versions meet in one step (the copy index is one structure): the index the last
committed run left in `OUTPUT/_state/copies/` is loaded (or rebuilt from the lake's Parquet when it
lags behind the state, after a crash), articles older than its window are let go, and the run's
articles are assigned as one batch, so the result does not depend on input order. An article whose
exact content (`content_hash`: title and body) the lake or the run already holds under another
story is a repeat, written once. The new index goes to the run's staging folder and replaces the
old one when the run commits.

Only a small `CopyKey` of each article (ids, times, MinHash, computed in parallel before the one
step) travels to that step, never the article: the step's answers (`ClusterOf`) go to the lake's
writer, keyed like the articles, and meet them there. So the one step holds a few hundred bytes per
article, and the articles are shuffled once less.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from connectors.lake import NoState, State, layout, open_lake
from connectors.lake.writer import group_of
from pipelines.copies import CopyIndex, CopyOptions, assign_articles, signature
from pipelines.lsh import stored
from schemas import Article, ClusterOf
from schemas.pickling import positional

_ARTICLES = "articles"


def load_index(output: str, state: State | None, options: CopyOptions, *, now: dt.datetime) -> CopyIndex:
    """The copy index of the last committed run, rebuilt from the lake when it lags behind."""
    folder = layout.copies_dir(output)
    last = state.last_run("ingest") if state else None
    if last is None:
        return CopyIndex(options)
    if CopyIndex.saved_run(folder) == last:
        try:
            return CopyIndex.load(folder, options)
        except ValueError:
            pass  # built with other signature settings: rebuild it below
    return rebuild_index(output, options, now=now)


def rebuild_index(output: str, options: CopyOptions, *, now: dt.datetime) -> CopyIndex:
    """A copy index from the lake's committed Parquet alone (the articles of the window)."""
    cursor = open_lake(output).execute(
        "SELECT article_id, published_at, ingested_at, paragraphs, cluster_id FROM articles "
        "WHERE ingested_at >= ? ORDER BY article_id",
        [now - options.window],
    )
    columns = [d[0] for d in cursor.description or ()]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return CopyIndex.rebuild(rows, options)


@positional
@dataclass(frozen=True, slots=True)
class CopyKey:
    """What the copy step needs of one new version (never its text): the one step that sees all of
    a run's articles holds these, a few hundred bytes each, not the articles."""

    article_id: str
    story_id: str
    content_hash: str
    source: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    ingested_at: dt.datetime
    signature: np.ndarray
    group: str  # the writer's group of the article, where its `ClusterOf` meets it


def copy_key(article: Article, options: CopyOptions, shards: int = 1) -> CopyKey:
    """The article's `CopyKey`, signed here (in parallel, ~0.4 ms an article), not in the one step."""
    return CopyKey(
        article_id=article.article_id,
        story_id=article.story_id,
        content_hash=article.content_hash,
        source=article.source,
        published_at=article.published_at,
        updated_at=article.updated_at,
        ingested_at=article.ingested_at,
        signature=sign_article(article, options),
        group=group_of(article, shards),
    )


def keyed_copy_key(element: Any, options: CopyOptions, shards: int = 1) -> Iterator[tuple[str, CopyKey]]:
    """An article's `CopyKey`, keyed for the one step; anything else gives nothing (it goes to the
    writer on the other branch)."""
    if isinstance(element, Article):
        yield _ARTICLES, copy_key(element, options, shards)


def cluster_keys(
    keys: Iterable[CopyKey],
    index: CopyIndex,
    *,
    known_contents: dict[str, set[str]],
    story_clusters: dict[str, str],
    added_at: dt.datetime,
) -> list[ClusterOf]:
    """Gives each article its cluster; the exact content of another story (in the lake or earlier in
    the run, by publication) is a repeat. A story's own versions never repeat each other: a new update
    stamp over the same text is a version. The answer does not depend on the order of `keys`."""
    holders = {content: set(stories) for content, stories in known_contents.items()}
    kept: list[CopyKey] = []
    repeats: list[CopyKey] = []
    for k in sorted(keys, key=lambda k: (k.published_at or k.ingested_at, k.article_id)):
        others = holders.setdefault(k.content_hash, set()) - {k.story_id}
        (repeats if others else kept).append(k)
        if not others:
            holders[k.content_hash].add(k.story_id)
    assigned = assign_articles(
        index,
        kept,  # type: ignore[arg-type]  # assign_articles reads only the fields a CopyKey has
        story_clusters=story_clusters,
        added_at=added_at,
        signatures={k.article_id: k.signature for k in kept},
    )
    out = [ClusterOf(k.article_id, k.group, assigned[k.article_id].cluster_id) for k in kept]
    return out + [ClusterOf(k.article_id, k.group, None, repeat=True) for k in repeats]


def sign_article(article: Article, options: CopyOptions) -> np.ndarray:
    """The article's MinHash values as the copy index keeps them (`lsh.stored`: 256 bytes at 128)."""
    return stored(
        signature(article.paragraphs, num_perm=options.num_perm, shingle=options.shingle), options.num_perm
    )


class _ClustersFn(beam.DoFn):
    def __init__(self, output: str, run_id: str, added_at: dt.datetime, options: CopyOptions):
        self._output, self._run_id, self._added_at, self._options = output, run_id, added_at, options
        self._repeats = Metrics.counter("wirestream", "exact_repeats")

    def process(self, item: tuple[str, Iterable[CopyKey]]) -> Iterator[ClusterOf]:
        _, elements = item
        keys = list(elements)
        try:
            state: State | None = State.open(self._output, readonly=True)
        except NoState:
            state = None
        try:
            index = load_index(self._output, state, self._options, now=self._added_at)
            known = state.known_contents(k.content_hash for k in keys) if state else {}
            clusters = state.story_clusters({k.story_id for k in keys}) if state else {}
        finally:
            if state is not None:
                state.close()
        index.expire(self._added_at)
        results = cluster_keys(
            keys, index, known_contents=known, story_clusters=clusters, added_at=self._added_at
        )
        index.save(layout.staged_copies_dir(self._output, self._run_id), run_id=self._run_id)
        for result in results:
            if result.repeat:
                self._repeats.inc()
            yield result


class AssignClusters(beam.PTransform):
    """Versioned records -> one `ClusterOf` per article (its cluster, or a repeat not to write).

    Only the articles' `CopyKey`s travel to the one step; the answers go to the lake's writer, keyed
    by each article's writer group, and meet their articles there (`connectors/lake/writer.py`).

    Args:
        shards: the writer's files per partition (`WriteLake(shards=)`), so the groups agree.
    """

    def __init__(
        self,
        *,
        output: str,
        run_id: str,
        added_at: dt.datetime,
        options: CopyOptions | None = None,
        shards: int = 1,
    ):
        super().__init__()
        if added_at.tzinfo is None:
            raise ValueError("added_at must be timezone-aware")
        self._options = options or CopyOptions()
        self._shards = shards
        self._fn = _ClustersFn(output, run_id, added_at, self._options)

    def expand(self, records):
        return (
            records
            | "CopyKeys" >> beam.FlatMap(keyed_copy_key, options=self._options, shards=self._shards)
            | "AllArticles" >> beam.GroupByKey()
            | "Cluster" >> beam.ParDo(self._fn)
        )


__all__ = [
    "AssignClusters",
    "CopyKey",
    "cluster_keys",
    "copy_key",
    "keyed_copy_key",
    "load_index",
    "rebuild_index",
    "sign_article",
]
