"""Progress of a run, on stderr: inputs done of total, articles, rate, time left, dead letters.

Workers may be other processes (Dask), so counts travel through files: a `CountProgress` step
passes every element through and, at most twice a second, writes what its worker has counted so
far into the run's staging folder (`layout.progress_file`). The `Progress` reporter in the driver
sums those files: a tqdm bar when stderr is a terminal, a plain line every few seconds otherwise
(cron logs), nothing with `--quiet`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import apache_beam as beam

from connectors.lake import layout
from connectors.lake.writer import write_json
from schemas import Article, DeadLetter, InputRead, Skipped

KEYS = ("inputs", "understood", "dead_letters", "articles", "skipped")
STAGES = ("understood", "versions")


def count_of(element: Any, stage: str) -> str | None:
    """Which progress count an element adds to at a stage (None: none).

    Counted after the slow step (understanding articles) rather than after reading, so that the bar
    moves with the work: inputs are read in a fraction of the run's time.
    """
    if stage == "understood":
        if isinstance(element, InputRead):
            return "inputs"
        if isinstance(element, Article):
            return "understood"
        if isinstance(element, DeadLetter):
            return "dead_letters"
    elif isinstance(element, Article):
        return "articles"
    elif isinstance(element, Skipped):
        return "skipped"
    return None


class _CountFn(beam.DoFn):
    def __init__(self, output: str, run_id: str, stage: str, every: float):
        self._output, self._run_id, self._stage, self._every = output, run_id, stage, every
        self._counts: dict[str, int] = {}
        self._written = 0.0
        self._path = ""

    def setup(self) -> None:
        self._path = layout.progress_file(
            self._output, self._run_id, f"{self._stage}-{uuid.uuid4().hex[:12]}"
        )
        self._counts = dict.fromkeys(KEYS, 0)

    def process(self, element: Any) -> Iterator[Any]:
        key = count_of(element, self._stage)
        if key is not None:
            self._counts[key] += 1
            now = time.monotonic()
            if now - self._written >= self._every:
                self._flush(now)
        yield element

    def finish_bundle(self) -> None:
        self._flush(time.monotonic())

    def _flush(self, now: float) -> None:
        self._written = now
        write_json(self._path, self._counts)


class CountProgress(beam.PTransform):
    """Passes every element through, counting inputs, documents, articles and dead letters."""

    def __init__(self, *, output: str, run_id: str, stage: str, every: float = 0.5):
        super().__init__()
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {STAGES}")
        self._fn = _CountFn(output, run_id, stage, every)

    def expand(self, elements):
        return elements | "Count" >> beam.ParDo(self._fn)


def read_counts(output: str, run_id: str) -> dict[str, int]:
    """The counts all workers have written so far for a run."""
    totals = dict.fromkeys(KEYS, 0)
    folder = layout.progress_dir(output, run_id)
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                counts = json.load(fh)
        except (OSError, ValueError):
            continue  # being replaced this very moment: the next poll reads it
        for key in KEYS:
            totals[key] += int(counts.get(key, 0))
    return totals


def describe(counts: dict[str, int], total: int, elapsed: float) -> str:
    """One progress line: `inputs 120/2000, articles 118, to write 0, ..., 40.1 inputs/s, 3 s, 47 s left`."""
    done = counts["inputs"]
    rate = done / elapsed if elapsed > 0 else 0.0
    left = f", {(total - done) / rate:.0f} s left" if rate > 0 and done < total else ""
    return (
        f"inputs {done}/{total}, articles {counts['understood']}, to write {counts['articles']}, "
        f"unchanged {counts['skipped']}, dead letters {counts['dead_letters']}, {rate:.1f} inputs/s, "
        f"{elapsed:.0f} s{left}"
    )


class Progress:
    """Reports a run's progress from a thread in the driver until `stop()`.

    Args:
        mode: "auto" (a bar on a terminal, lines otherwise), "bar", "lines" or "quiet".
        every: seconds between lines in "lines" mode.
    """

    def __init__(
        self,
        output: str,
        run_id: str | None = None,
        total: int = 0,
        *,
        mode: str = "auto",
        every: float = 10.0,
        stream: TextIO | None = None,
    ):
        if mode not in ("auto", "bar", "lines", "quiet"):
            raise ValueError(f"unknown progress mode {mode!r}")
        self._stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if self._stream.isatty() else "lines"
        self._output, self._run_id, self._total, self._mode, self._every = output, run_id, total, mode, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="wirestream-progress", daemon=True)
        self._started = time.monotonic()
        self._done = dict.fromkeys(KEYS, 0)  # what the earlier runs of this ingest counted

    @contextmanager
    def following(self, run_id: str) -> Iterator[None]:
        """Counts the run `run_id` (one batch of an ingest) on top of the runs followed before."""
        self._run_id = run_id
        try:
            yield
        finally:
            finished = read_counts(self._output, run_id)
            self._done = {k: self._done[k] + finished[k] for k in KEYS}
            self._run_id = None

    def _counts(self) -> dict[str, int]:
        now = read_counts(self._output, self._run_id) if self._run_id else dict.fromkeys(KEYS, 0)
        return {k: self._done[k] + now[k] for k in KEYS}

    def __enter__(self) -> Progress:
        if self._mode != "quiet" and self._total > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        if self._mode == "bar":
            self._bar()
            return
        while not self._stop.wait(self._every):
            counts = self._counts()
            print(
                "wirestream: " + describe(counts, self._total, time.monotonic() - self._started),
                file=self._stream,
                flush=True,
            )

    def _bar(self) -> None:
        from tqdm import tqdm

        with tqdm(total=self._total, unit="input", file=self._stream, dynamic_ncols=True, leave=False) as bar:
            while not self._stop.wait(0.5):
                counts = self._counts()
                bar.update(counts["inputs"] - bar.n)
                bar.set_postfix(
                    articles=counts["understood"], dead_letters=counts["dead_letters"], refresh=False
                )
