"""What runs: the chain of steps, once, and the batch graph that wires it.

`understand` is the chain for one document (parse, language, times) as a plain function: the graph,
the tests and `bench/` all call it. `IngestArticles` is the graph: read inputs, understand each
document, number the versions against the lake's state, group copies into clusters, write. One
leaf: every step passes dead letters and tallies through untouched, the copy step's answers join
the stream before the writer, and the lake's writer at the end takes them all; that is the shape
every Beam runner executes correctly (Beam's DaskRunner computes only the last leaf of a graph and
does not separate tagged outputs). How it runs lives in `run.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

import apache_beam as beam

from connectors.http import FetchSettings
from connectors.lake.transform import WriteLake
from connectors.sources import FetchedInput, read_data, read_source
from pipelines import identity
from pipelines.clusters import AssignClusters
from pipelines.copies import CopyOptions
from pipelines.dating import date_article
from pipelines.deadletters import guarded, guarded_flat, passes_through
from pipelines.fetch_articles import FetchArticles
from pipelines.language import DEFAULT_LANGUAGES, Detector, detector_for_process, with_language
from pipelines.language.policy import with_feed_language
from pipelines.parse import parse_document
from pipelines.progress import CountProgress
from pipelines.versions import AssignVersions
from schemas import Article, DeadLetter, Document, InputRead


def understand(
    document: Document,
    detector: Detector,
    *,
    run_id: str,
    ingested_at: dt.datetime,
    zone: str | None = None,
) -> Article | DeadLetter:
    """Document -> Article through every step (parse, language, times), or the first step's DeadLetter."""
    feed_lang = document.feed_lang if isinstance(document, Document) else None
    steps = (
        guarded("parse", partial(parse_document, run_id=run_id, ingested_at=ingested_at)),
        guarded("language", partial(with_language, detector=detector, feed_lang=feed_lang)),
        guarded("timestamps", partial(date_article, zone=zone)),
    )
    element: Any = document
    for step in steps:
        element = step(element)
    return element


class _UnderstandFn(beam.DoFn):
    def __init__(self, *, detector: str, languages: tuple[str, ...], run_id: str, ingested_at, zone):
        self._name = detector
        self._languages = languages
        self._kwargs = {"run_id": run_id, "ingested_at": ingested_at, "zone": zone}
        self._detector: Detector | None = None

    def setup(self) -> None:
        self._detector = detector_for_process(self._name, self._languages)

    def process(self, element: Any) -> Iterator[Any]:
        if passes_through(element):
            yield element
            return
        assert self._detector is not None, "setup() builds the detector"
        yield understand(element, self._detector, **self._kwargs)


class UnderstandArticles(beam.PTransform):
    """Document -> Article (structure, ids, language, times); failures -> dead letters."""

    def __init__(
        self,
        *,
        run_id: str,
        ingested_at: dt.datetime,
        detector: str = "auto",
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        zone: str | None = None,
    ):
        super().__init__()
        if ingested_at.tzinfo is None:
            raise ValueError("ingested_at must be timezone-aware")
        self._fn = _UnderstandFn(
            detector=detector,
            languages=tuple(languages),
            run_id=run_id,
            ingested_at=ingested_at.astimezone(dt.UTC),
            zone=zone,
        )

    def expand(self, documents):
        return documents | "Understand" >> beam.ParDo(self._fn)


def read_input(
    item: tuple[str, str] | FetchedInput,
    *,
    fetched_at: dt.datetime | None,
    detector: Callable[[], Detector] | None = None,
) -> Iterator[Any]:
    """(path, kind), or a fetched feed -> its documents and dead letters, then an `InputRead` tally.

    With a `detector`, a feed's items carry the language most of them are written in (`feed_lang`):
    they are read together only here.
    """
    started = time.perf_counter()
    if isinstance(item, FetchedInput):
        path, kind = item.source, item.kind
        found = list(
            read_data(path, kind, item.data, fetched_at=fetched_at or item.fetched_at, warnings=item.warnings)
        )
    else:
        path, kind = item
        found = list(read_source(path, kind, fetched_at=fetched_at))
    documents = identity.drop_shared_ids([d for d in found if isinstance(d, Document)])
    if detector is not None and any(d.source_kind == "feed" for d in documents):
        documents = with_feed_language(documents, detector())
    yield from documents
    yield from (d for d in found if not isinstance(d, Document))
    try:
        size: int = len(item.data) if isinstance(item, FetchedInput) else os.path.getsize(path)
    except OSError:
        size = 0
    yield InputRead(
        source=path, kind=kind, bytes=size, documents=len(documents), seconds=time.perf_counter() - started
    )


class IngestArticles(beam.PTransform):
    """(path, kind) inputs -> the run's files in the lake's staging folder, through every step.

    Args:
        output: the lake (its state decides which versions are new).
        run_id, ingested_at: the run.
        forget: input locations a full refresh re-reads (their earlier versions do not count).
        shards: files per partition (one per worker spreads the writing).
    """

    def __init__(
        self,
        *,
        output: str,
        run_id: str,
        ingested_at: dt.datetime,
        detector: str = "auto",
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        zone: str | None = None,
        fetched_at: dt.datetime | None = None,
        forget: Sequence[str] = (),
        shards: int = 1,
        copies: CopyOptions | None = None,
        fetch_articles: FetchSettings | None = None,
    ):
        super().__init__()
        self._read = partial(
            read_input,
            fetched_at=fetched_at,
            detector=partial(detector_for_process, detector, tuple(languages)),  # the cached one
        )
        self._fetch = (
            FetchArticles(output=output, settings=fetch_articles, forget=forget) if fetch_articles else None
        )
        self._understand = UnderstandArticles(
            run_id=run_id, ingested_at=ingested_at, detector=detector, languages=languages, zone=zone
        )
        self._versions = AssignVersions(output=output, forget=forget)
        self._clusters = AssignClusters(
            output=output, run_id=run_id, added_at=ingested_at, options=copies, shards=shards
        )
        self._write = WriteLake(output=output, run_id=run_id, shards=shards)
        self._count_understood = CountProgress(output=output, run_id=run_id, stage="understood")
        self._count_versions = CountProgress(output=output, run_id=run_id, stage="versions")

    def expand(self, inputs):
        documents = (
            inputs
            | "ReadInputs" >> beam.FlatMap(guarded_flat("read", self._read))
            | "Spread" >> beam.Reshuffle()
        )
        if self._fetch is not None:
            documents = documents | "FetchArticles" >> self._fetch
        versioned = (
            documents
            | "UnderstandArticles" >> self._understand
            | "CountUnderstood" >> self._count_understood
            | "AssignVersions" >> self._versions
            | "CountVersions" >> self._count_versions
        )
        # The copy step sees every new version's small CopyKey, not the article; its answers meet
        # the articles in the writer's groups.
        clusters = versioned | "AssignClusters" >> self._clusters
        return (versioned, clusters) | "Join" >> beam.Flatten() | "WriteLake" >> self._write
