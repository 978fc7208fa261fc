"""How it runs: one frozen settings object, the runners, and `run_batch`.

`run_batch` opens the lake (lock, recovery), plans which inputs changed, runs the graph of
`graph.py` over them on the chosen runner, and commits the run; it returns the run's summary, the
same one the state keeps for the `runs` view.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connectors.http import FetchSettings
from connectors.lake import Lake, new_run_id
from pipelines.copies import CopyOptions
from pipelines.incremental import Plan, fetch_feeds, input_outcomes, plan_inputs

if TYPE_CHECKING:
    from pipelines.progress import Progress

RUNNERS = ("direct", "dask")

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, checked once when it is made.

    Raises:
        ValueError: for a setting no run could use (the message is for the user).
    """

    output: str
    runner: str = "direct"
    dask_scheduler: str | None = None
    dask_workers: int = 2
    detector: str = "auto"
    languages: tuple[str, ...] = ()
    zone: str | None = None
    fetched_at: dt.datetime | None = None
    full_refresh: bool = False
    lock_timeout: float = 60.0
    compact_every: int = 0
    beam_args: tuple[str, ...] = field(default=())
    progress: str = "auto"
    workers: int = 1
    fetch: FetchSettings = field(default_factory=FetchSettings)
    copies: CopyOptions = field(default_factory=CopyOptions)
    fetch_articles: bool = False
    batch_size: int = 10_000

    def __post_init__(self) -> None:
        from pipelines.dating import StampUpdates
        from pipelines.language import DEFAULT_LANGUAGES, DetectLanguage

        if not self.output:
            raise ValueError("an output directory is needed")
        if self.runner not in RUNNERS:
            raise ValueError(f"unknown runner {self.runner!r}; choose one of {', '.join(RUNNERS)}")
        if self.workers < 1:
            raise ValueError(f"--workers must be at least 1, got {self.workers}")
        if self.workers > 1 and self.runner == "dask":
            raise ValueError("--workers is for the local runner; use --dask-workers with --runner dask")
        if self.dask_workers < 1:
            raise ValueError(f"--dask-workers must be at least 1, got {self.dask_workers}")
        if self.dask_scheduler and self.runner != "dask":
            raise ValueError("--dask-scheduler needs --runner dask")
        if self.lock_timeout < 0:
            raise ValueError("--lock-timeout cannot be negative")
        if self.batch_size < 1:
            raise ValueError(f"--batch-size must be at least 1, got {self.batch_size}")
        if self.compact_every < 0:
            raise ValueError("--compact-every cannot be negative")
        if self.progress not in ("auto", "bar", "lines", "quiet"):
            raise ValueError(f"unknown progress mode {self.progress!r}")
        if self.fetched_at is not None and self.fetched_at.tzinfo is None:
            raise ValueError("the capture time needs a zone offset")
        if not self.languages:
            object.__setattr__(self, "languages", DEFAULT_LANGUAGES)
        DetectLanguage(detector=self.detector, languages=self.languages)
        StampUpdates(zone=self.zone)

    @property
    def shards(self) -> int:
        """Files per partition and run: one. The workers already share the writing, a partition
        each (a run spans many), and a file per worker would double the files of every partition."""
        return 1


def pipeline_options(settings: Settings):
    """Beam's options for a local run: --workers as Beam's own flags, then the user's Beam arguments.

    Everything after `--` on the command line reaches Beam unchanged (`--runner=FlinkRunner
    --flink_master=HOST:8081 --environment_type=LOOPBACK`), and wins over what wirestream sets.
    """
    from apache_beam.options.pipeline_options import PipelineOptions

    flags = []
    if settings.workers > 1:
        # Processes, not threads: the steps are Python-bound and the GIL would serialise threads.
        flags += [f"--direct_num_workers={settings.workers}", "--direct_running_mode=multi_processing"]
    return PipelineOptions(flags=[*flags, *settings.beam_args])


def _runner_named(beam_args: Sequence[str]) -> bool:
    return any(a == "--runner" or a.startswith("--runner=") for a in beam_args)


def run_batch(
    files: Sequence[tuple[str, str]],
    settings: Settings,
    *,
    missing: Sequence[str] = (),
    skipped: Sequence[tuple[str, str]] = (),
    errors: Sequence[Any] = (),
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Ingests the new and changed inputs among `files` into the lake; returns the run summary.

    `missing` names inputs that matched nothing (each becomes a dead letter and an `error` input);
    `errors` are dead letters for inputs that could not be listed (a feed list that cannot be read);
    `skipped` lists files that were not inputs, with the reason, for the summary.
    """
    from pipelines.progress import Progress

    output = os.path.abspath(settings.output)
    with Lake.open(output, lock_timeout=settings.lock_timeout) as lake:
        started = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        clock = dt.datetime.now(dt.UTC)
        plan = plan_inputs(files, lake.state.fingerprint, full_refresh=settings.full_refresh)
        plan = fetch_feeds(
            plan, lake.state.input_row, settings.fetch, now=started, full_refresh=settings.full_refresh
        )
        batches = plan.batches(settings.batch_size)
        progress = Progress(output, total=len(plan.read), mode=settings.progress)
        summaries: list[dict[str, Any]] = []
        run_id = new_run_id(started)
        with progress:
            for n, batch in enumerate(batches):
                first = n == 0
                if not first:
                    run_id = _next_run_id(run_id)
                summaries.append(
                    _run_one(
                        lake,
                        run_id,
                        batch,
                        settings,
                        started=started,
                        run_started=started if first else dt.datetime.now(dt.UTC),
                        progress=progress,
                        missing=missing if first else (),
                        errors=errors if first else (),
                        skipped=skipped if first else (),
                    )
                )
        summary = merge_summaries(summaries)
        partitions = summary.pop("_partitions")
        if len(batches) > 1:
            # Each batch wrote a file into most partitions it touched: merge them, as one run would have.
            summary["compacted"] = c = lake.compact(partitions=partitions)
            summary["files"] += c["files_after"] - c["files_before"]  # the batches' files, once merged
            summary["seconds"] = round((dt.datetime.now(dt.UTC) - clock).total_seconds(), 2)
        if settings.compact_every and lake.state.runs_since("compact") >= settings.compact_every:
            summary["compacted"] = lake.compact()
    return summary


def _next_run_id(previous: str) -> str:
    """A run id after `previous`: ids sort in commit order (`State.last_run` takes the largest)."""
    while True:
        run_id = new_run_id(dt.datetime.now(dt.UTC))
        if run_id > previous:
            return run_id


def _run_one(
    lake: Lake,
    run_id: str,
    plan: Plan,
    settings: Settings,
    *,
    started: dt.datetime,
    run_started: dt.datetime,
    progress: Progress,
    missing: Sequence[str],
    errors: Sequence[Any],
    skipped: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """One run of the graph over a plan's inputs, committed; returns its summary. Every run of an
    ingest gives its articles the ingest's start (`started`) as `ingested_at`."""
    from pipelines.graph import IngestArticles
    from schemas import DeadLetter

    output = lake.output
    clock = dt.datetime.now(dt.UTC)
    forget = [p.location for p in plan.read] if settings.full_refresh else []
    with lake.running(run_id, kind="ingest", started_at=run_started):
        rewrite = lake.plan_forget(run_id, forget) if forget else None
        letters = [
            DeadLetter(
                step="list", source=m, error="no such file, folder or glob match", traceback="", payload=m
            )
            for m in missing
        ]
        items: list[Any] = [*plan.items, *letters, *plan.letters, *errors]
        if items:
            graph = IngestArticles(
                output=output,
                run_id=run_id,
                ingested_at=started,
                detector=settings.detector,
                languages=settings.languages,
                zone=settings.zone,
                fetched_at=settings.fetched_at,
                forget=forget,
                shards=settings.shards,
                copies=settings.copies,
                fetch_articles=settings.fetch if settings.fetch_articles else None,
            )
            with progress.following(run_id):
                _run_graph(items, graph, settings)
        staged = lake.staged(run_id)
        seconds = (dt.datetime.now(dt.UTC) - clock).total_seconds()
        outcomes = input_outcomes(plan, staged.sources, missing=missing, errors=errors)
        summary = _summary(run_id, output, seconds, plan, staged, outcomes, skipped, rewrite)
        lake.commit(
            run_id,
            staged=staged,
            inputs=outcomes,
            seconds=seconds,
            summary=summary,
            rewrite=rewrite,
            forget=forget,
        )
    summary["_partitions"] = sorted({(f.date, f.lang) for f in staged.files if f.date})
    return summary


def merge_summaries(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The summary of an ingest that ran as several runs (batches): counts add up, and `runs` names
    them all; `run_id` is the last."""
    if len(summaries) == 1:
        return dict(summaries[0])
    merged: dict[str, Any] = {}
    for summary in summaries:
        for key, value in summary.items():
            if key in ("run_id", "output", "skipped"):
                merged.setdefault(key, value)
            elif isinstance(value, dict):
                into = merged.setdefault(key, {})
                for k, n in value.items():
                    into[k] = into.get(k, 0) + n
            elif isinstance(value, list):
                merged[key] = sorted({*merged.get(key, []), *value})
            else:
                merged[key] = merged.get(key, 0) + value
    merged["run_id"] = summaries[-1]["run_id"]
    merged["runs"] = [s["run_id"] for s in summaries]
    merged["seconds"] = round(merged["seconds"], 2)
    for key in ("articles_by_lang", "inputs_by_outcome"):
        merged[key] = dict(sorted(merged[key].items()))
    return merged


def _summary(run_id, output, seconds, plan, staged, outcomes, skipped, rewrite) -> dict[str, Any]:
    def total(key: str) -> int:
        return sum(getattr(o, key) for o in outcomes)

    by_lang = dict(sorted(staged.stats["lang"].items()))
    return {
        "run_id": run_id,
        "output": output,
        "seconds": round(seconds, 2),
        "inputs": len(outcomes),
        "inputs_read": len(plan.read),
        "inputs_unchanged": len(plan.unchanged),
        "inputs_by_outcome": dict(sorted(Counter(o.outcome for o in outcomes).items())),
        "skipped": [{"path": p, "reason": r} for p, r in skipped],
        "articles": sum(by_lang.values()),
        "articles_by_lang": by_lang,
        "new": total("new"),
        "changed": total("changed"),
        "unchanged": total("unchanged"),
        "duplicates": total("duplicates"),
        "repeats": sum(int(t.get("repeats", 0)) for t in staged.sources.values()),
        "captions": staged.stats["captions"],
        "captions_collapsed": staged.stats["captions_collapsed"],
        "updates": staged.stats["updates"],
        "warnings": staged.stats["warnings"],
        "dead_letters": total("dead_letters"),
        "files": len(staged.files),
        "replaced_rows": rewrite.rows if rewrite else 0,
    }


def _local_runner():
    # Pinned explicitly: the FnApiRunner is what the DirectRunner would pick for this batch graph,
    # and pinning it keeps the choice from changing under us between Beam releases.
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner()


def _run_graph(items: list[Any], graph, settings: Settings) -> None:
    import apache_beam as beam

    if settings.runner == "dask":
        _run_on_dask(items, graph, scheduler=settings.dask_scheduler, workers=settings.dask_workers)
        return
    options = pipeline_options(settings)
    runner = None if _runner_named(settings.beam_args) else _local_runner()
    with beam.Pipeline(runner=runner, options=options) as pipeline:
        _ = pipeline | "ListInputs" >> beam.Create(items) | "Ingest" >> graph


def _run_on_dask(items: list[Any], graph, *, scheduler: str | None, workers: int) -> None:
    """Runs the graph with Beam's DaskRunner on a scheduler, or on a LocalCluster started here."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
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
        _ = pipeline | "ListInputs" >> beam.Create(items) | "Ingest" >> graph
        result = pipeline.run()
        assert isinstance(result, DaskRunnerResult)
        try:
            result.wait_until_finish()
        finally:
            result.client.close()
    finally:
        if cluster is not None:
            cluster.close()


def one_line(summary: dict[str, Any]) -> str:
    """A cycle's summary on one line, for a streaming log."""
    outcomes = ", ".join(f"{k} {n}" for k, n in summary["inputs_by_outcome"].items()) or "no inputs"
    return (
        f"{summary['run_id']}: {summary['articles']} written (new {summary['new']}, versions "
        f"{summary['changed']}), unchanged {summary['unchanged']}, duplicates {summary['duplicates']}, "
        f"dead letters {summary['dead_letters']}; inputs: {outcomes}; {summary['seconds']:.1f} s"
    )


def run_stream(
    inputs: Sequence[str],
    settings: Settings,
    *,
    interval: float,
    cycles: int | None = None,
    compact_every: int = 0,
    report=print,
) -> int:
    """Polls `inputs` every `interval` seconds; each cycle is one `run_batch` over what changed.

    Folders and globs are listed again each cycle, so new files are picked up. SIGINT or SIGTERM
    finishes the cycle in flight, then returns 0. Every `compact_every` cycles the lake is compacted.
    Returns the number of cycles run.
    """
    import signal
    import threading
    import time

    from connectors.sources import expand_inputs

    if interval <= 0:
        raise ValueError("--interval must be more than 0 seconds")
    stop = threading.Event()

    def request_stop(signum, _frame) -> None:
        report(f"wirestream: {signal.Signals(signum).name} received; stopping after this cycle")
        stop.set()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    done = 0
    try:
        while not stop.is_set():
            began = time.monotonic()
            found = expand_inputs(list(inputs))
            summary = run_batch(found.files, settings, missing=found.missing, errors=found.errors)
            done += 1
            report(one_line(summary))
            if compact_every and done % compact_every == 0:
                with Lake.open(settings.output, lock_timeout=settings.lock_timeout) as lake:
                    c = lake.compact()
                report(f"wirestream: compacted {c['files_before']} files into {c['files_after']}")
            if cycles is not None and done >= cycles:
                break
            stop.wait(max(0.0, interval - (time.monotonic() - began)))
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return done
