"""Article -> Article with its `cluster_id`: wire copies across outlets share one; exact repeats go.

All of a run's new versions meet in one step (the copy index is one structure): the index the last
committed run left in `OUTPUT/_state/copies/` is loaded (or rebuilt from the lake's Parquet when it
lags behind the state, after a crash), articles older than its window are let go, and the run's
articles are assigned as one batch, so the result does not depend on input order. An article whose
exact content (`content_hash`: title and body) the lake or the run already holds under another
story is a `Skipped` repeat, written once. The new index goes to the run's staging folder and
replaces the old one when the run commits. Each article's MinHash is computed before that one step,
where the workers share the work, and travels beside the article into it (never into the lake).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from connectors.lake import NoState, State, layout, open_lake
from pipelines.copies import CopyIndex, CopyOptions, assign_articles, signature
from pipelines.deadletters import PASS_KEY, pass_key
from pipelines.lsh import stored
from schemas import Article, Skipped

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


def cluster_articles(
    articles: list[Article],
    index: CopyIndex,
    *,
    known_contents: dict[str, set[str]],
    story_clusters: dict[str, str],
    added_at: dt.datetime,
    signatures: dict[str, np.ndarray] | None = None,
) -> list[Article | Skipped]:
    """Gives each article its cluster; the exact content of another story (in the lake or earlier in
    the run, by publication) is a Skipped repeat. A story's own versions never repeat each other: a new
    update stamp over the same text is a version. `signatures` (article_id -> `sign_article`) spares
    signing the articles here."""
    holders = {content: set(stories) for content, stories in known_contents.items()}
    kept: list[Article] = []
    repeats: list[Article] = []
    for a in sorted(articles, key=lambda a: (a.published_at or a.ingested_at, a.article_id)):
        others = holders.setdefault(a.content_hash, set()) - {a.story_id}
        (repeats if others else kept).append(a)
        if not others:
            holders[a.content_hash].add(a.story_id)
    assigned = assign_articles(
        index, kept, story_clusters=story_clusters, added_at=added_at, signatures=signatures
    )
    out: list[Article | Skipped] = [
        dataclasses.replace(a, cluster_id=assigned[a.article_id].cluster_id) for a in kept
    ]
    out += [Skipped(source=a.source, story_id=a.story_id, reason="repeat") for a in repeats]
    return out


def sign_article(article: Article, options: CopyOptions) -> np.ndarray:
    """The article's MinHash values as the copy index keeps them (`lsh.stored`: 256 bytes at 128)."""
    return stored(
        signature(article.paragraphs, num_perm=options.num_perm, shingle=options.shingle), options.num_perm
    )


def key_articles(element: Any, options: CopyOptions, groups: int = 16) -> tuple[str, Any]:
    """All articles to one group, each with its signature (signed here, in parallel, not in the one
    group: ~0.7 ms an article); anything else spread over a few groups that pass straight through."""
    if isinstance(element, Article):
        return _ARTICLES, (element, sign_article(element, options))
    return pass_key(element, groups), element


class _ClustersFn(beam.DoFn):
    def __init__(self, output: str, run_id: str, added_at: dt.datetime, options: CopyOptions):
        self._output, self._run_id, self._added_at, self._options = output, run_id, added_at, options
        self._repeats = Metrics.counter("wirestream", "exact_repeats")

    def process(self, item: tuple[str, Iterable[Any]]) -> Iterator[Any]:
        key, elements = item
        if key.startswith(PASS_KEY):
            yield from elements
            return
        signed = sorted(elements, key=lambda pair: pair[0].article_id)
        articles = [article for article, _ in signed]
        signatures = {article.article_id: values for article, values in signed}
        try:
            state: State | None = State.open(self._output, readonly=True)
        except NoState:
            state = None
        try:
            index = load_index(self._output, state, self._options, now=self._added_at)
            known = state.known_contents(a.content_hash for a in articles) if state else {}
            clusters = state.story_clusters({a.story_id for a in articles}) if state else {}
        finally:
            if state is not None:
                state.close()
        index.expire(self._added_at)
        results = cluster_articles(
            articles,
            index,
            known_contents=known,
            story_clusters=clusters,
            added_at=self._added_at,
            signatures=signatures,
        )
        index.save(layout.staged_copies_dir(self._output, self._run_id), run_id=self._run_id)
        for result in results:
            if isinstance(result, Skipped):
                self._repeats.inc()
            yield result


class AssignClusters(beam.PTransform):
    """Article -> Article with `cluster_id`, or a `Skipped` repeat; everything else passes through."""

    def __init__(
        self, *, output: str, run_id: str, added_at: dt.datetime, options: CopyOptions | None = None
    ):
        super().__init__()
        if added_at.tzinfo is None:
            raise ValueError("added_at must be timezone-aware")
        self._options = options or CopyOptions()
        self._fn = _ClustersFn(output, run_id, added_at, self._options)

    def expand(self, records):
        return (
            records
            | "KeyArticles" >> beam.Map(key_articles, options=self._options)
            | "AllArticles" >> beam.GroupByKey()
            | "Cluster" >> beam.ParDo(self._fn)
        )


__all__ = [
    "AssignClusters",
    "cluster_articles",
    "key_articles",
    "load_index",
    "rebuild_index",
    "sign_article",
]
