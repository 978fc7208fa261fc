"""The assembled batch graph, and running it on Beam's local runner or on a Dask cluster.

One stream, one leaf: every step passes dead letters through untouched, and the project's own
writer at the end writes articles and dead letters alike. That is the shape every Beam runner
executes correctly (Beam's DaskRunner computes only the last leaf of a graph and does not separate
tagged outputs).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from connectors.parquet import WriteHiveParquet, read_run_stats
from connectors.sources import read_source
from pipelines.dating import StampUpdates
from pipelines.deadletters import guarded_flat
from pipelines.language import DEFAULT_LANGUAGES, DetectLanguage
from pipelines.parse import ParseArticles
from schemas import DeadLetter

RUNNERS = ("direct", "dask")


def check_settings(*, detector: str, languages: Sequence[str], zone: str | None) -> None:
    """Raises ValueError, with a message for the user, for settings no step could run with."""
    DetectLanguage(detector=detector, languages=languages)
    StampUpdates(zone=zone)


def new_run_id(now: dt.datetime) -> str:
    """A sortable, unique run id: 20261122T023000Z-3f9a."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def read_input(item: tuple[str, str], *, fetched_at: dt.datetime | None) -> Any:
    """(path, kind) -> the documents and dead letters read from it."""
    path, kind = item
    return read_source(path, kind, fetched_at=fetched_at)


class IngestArticles(beam.PTransform):
    """(path, kind) inputs -> written articles and dead letters, through every step."""

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
    ):
        super().__init__()
        self._output = output
        self._run_id = run_id
        self._ingested_at = ingested_at
        self._detector = detector
        self._languages = tuple(languages)
        self._zone = zone
        self._fetched_at = fetched_at

    def expand(self, inputs):
        return (
            inputs
            | "ReadInputs"
            >> beam.FlatMap(guarded_flat("read", partial(read_input, fetched_at=self._fetched_at)))
            | "Spread" >> beam.Reshuffle()
            | "ParseArticles" >> ParseArticles(run_id=self._run_id, ingested_at=self._ingested_at)
            | "DetectLanguage" >> DetectLanguage(detector=self._detector, languages=self._languages)
            | "StampUpdates" >> StampUpdates(zone=self._zone)
            | "WriteHiveParquet" >> WriteHiveParquet(output=self._output, run_id=self._run_id)
        )


@dataclass
class RunResult:
    """What a run did, from the counts the writer recorded."""

    run_id: str
    output: str
    seconds: float = 0.0
    stats: list[dict[str, Any]] = field(default_factory=list)

    def articles_by_lang(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.stats:
            if s["kind"] == "articles":
                counts[s["lang"]] = counts.get(s["lang"], 0) + s["rows"] - s["duplicates"]
        return dict(sorted(counts.items()))

    def total(self, key: str, kind: str = "articles") -> int:
        return sum(s.get(key, 0) for s in self.stats if s["kind"] == kind)


def _local_runner():
    # Pinned explicitly: the FnApiRunner is what the DirectRunner would pick for this batch graph,
    # and pinning it keeps the choice from changing under us between Beam releases.
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner()


def run_ingest(
    items: Sequence[tuple[str, str] | DeadLetter],
    *,
    output: str,
    runner: str = "direct",
    dask_scheduler: str | None = None,
    dask_workers: int = 2,
    detector: str = "auto",
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    zone: str | None = None,
    fetched_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> RunResult:
    """Runs the graph over the listed inputs (and dead letters for inputs that could not be listed)."""
    if runner not in RUNNERS:
        raise ValueError(f"unknown runner {runner!r}; choose one of {', '.join(RUNNERS)}")
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    run_id = new_run_id(now)
    output = os.path.abspath(output)
    os.makedirs(output, exist_ok=True)
    ingest = IngestArticles(
        output=output,
        run_id=run_id,
        ingested_at=now,
        detector=detector,
        languages=languages,
        zone=zone,
        fetched_at=fetched_at,
    )
    started = dt.datetime.now(dt.UTC)
    if runner == "direct":
        with beam.Pipeline(runner=_local_runner(), options=PipelineOptions(flags=[])) as pipeline:
            _ = pipeline | "ListInputs" >> beam.Create(list(items)) | "Ingest" >> ingest
    else:
        _run_on_dask(items, ingest, scheduler=dask_scheduler, workers=dask_workers)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return RunResult(run_id=run_id, output=output, seconds=seconds, stats=read_run_stats(output, run_id))


def _run_on_dask(items, ingest: IngestArticles, *, scheduler: str | None, workers: int) -> None:
    """Runs the graph with Beam's DaskRunner on a scheduler, or on a LocalCluster started here."""
    from apache_beam.runners.dask.dask_runner import DaskRunner, DaskRunnerResult
    from distributed import LocalCluster

    # dask.distributed logs every worker's start and stop at INFO; the run summary says what matters.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    if scheduler is None:
        # ":0": a free port for the dashboard, so a second cluster on the machine is no conflict.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0")
        scheduler = cluster.scheduler_address
    try:
        # A few partitions per worker spread the reading of inputs; Beam's default (128 inputs a
        # partition) would read a small batch on one worker.
        partitions = max(1, min(len(items), workers * 4))
        # Beam takes options by their destination names: `address` is --dask_client_address (passed as
        # `dask_client_address=` it is silently ignored and the runner starts a cluster of its own).
        options = PipelineOptions(flags=[], address=scheduler, npartitions=partitions)
        pipeline = beam.Pipeline(runner=DaskRunner(), options=options)
        _ = pipeline | "ListInputs" >> beam.Create(list(items)) | "Ingest" >> ingest
        result = pipeline.run()
        assert isinstance(result, DaskRunnerResult)
        try:
            result.wait_until_finish()
        finally:
            result.client.close()
    finally:
        if cluster is not None:
            cluster.close()
