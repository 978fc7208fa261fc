"""The one owner of the output folder: layout, state store, writer and commit, compaction, reader.

Callers open a `Lake` (which takes the lock and cleans up after runs that never committed), ask it
for a writer for a run, and commit through it; nothing else spells a path under OUTPUT or deletes
a file there.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from connectors.lake import layout
from connectors.lake.compact import Rewrite, plan_compaction, plan_forget
from connectors.lake.lock import LakeBusy, locked
from connectors.lake.reader import open_lake
from connectors.lake.state import (
    Fingerprint,
    InputOutcome,
    KnownStory,
    NoState,
    State,
    StateError,
    VersionRow,
)
from connectors.lake.writer import MAX_ROWS, Staged, abort, commit, ensure_tables, read_staged, recover

__all__ = [
    "Fingerprint",
    "InputOutcome",
    "KnownStory",
    "Lake",
    "LakeBusy",
    "NoState",
    "Rewrite",
    "Staged",
    "State",
    "StateError",
    "VersionRow",
    "new_run_id",
    "open_lake",
]


def new_run_id(now: dt.datetime) -> str:
    """A sortable, unique run id: 20261122T023000Z-3f9a."""
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


class Lake:
    """An output folder opened for writing: holds its lock and its state for the `with` block."""

    def __init__(self, output: str, state: State):
        self.output = output
        self.state = state

    @classmethod
    @contextmanager
    def open(cls, output: str, *, lock_timeout: float = 0.0) -> Iterator[Lake]:
        """Locks the lake (waiting up to `lock_timeout` s), opens its state and cleans up.

        Raises:
            LakeBusy: another run kept the lock past the timeout.
            StateError: the state store cannot be used, or the folder holds a lake without one.
        """
        output = os.path.abspath(output)
        os.makedirs(output, exist_ok=True)
        with locked(output, timeout=lock_timeout):
            fresh = not os.path.exists(layout.state_db(output))
            if fresh and _has_unmanaged_files(output):
                raise StateError(
                    f"{output} holds Parquet files but no state store (written by wirestream 0.1 or by hand); "
                    "ingest into a new folder"
                )
            state = State.open(output)
            try:
                recover(state, output)
                ensure_tables(state, output, new_run_id(dt.datetime.now(dt.UTC)))
                yield cls(output, state)
            finally:
                state.close()

    def begin(self, run_id: str, *, kind: str, started_at: dt.datetime) -> None:
        """Records that a run started (so that recovery can name it if it never commits)."""
        self.state.begin_run(run_id, kind=kind, started_at=started_at)

    @contextmanager
    def running(self, run_id: str, *, kind: str, started_at: dt.datetime) -> Iterator[None]:
        """Records the run as started; if the block raises (Ctrl-C included), the run is aborted."""
        self.begin(run_id, kind=kind, started_at=started_at)
        try:
            yield
        except BaseException as exc:
            abort(self.state, self.output, run_id, f"{type(exc).__name__}: {exc}".strip(": "))
            raise

    def writer(self, run_id: str, *, shards: int = 1, max_rows: int = MAX_ROWS) -> Any:
        """The Beam transform that writes the run's records into staging (the graph's leaf)."""
        from connectors.lake.transform import WriteLake  # Beam only where a graph is built

        return WriteLake(output=self.output, run_id=run_id, shards=shards, max_rows=max_rows)

    def staged(self, run_id: str) -> Staged:
        return read_staged(self.output, run_id)

    def plan_forget(self, run_id: str, locations: Sequence[str]) -> Rewrite:
        return plan_forget(self.state, self.output, run_id, locations)

    def commit(
        self,
        run_id: str,
        *,
        staged: Staged,
        inputs: Sequence[InputOutcome],
        seconds: float,
        summary: dict[str, Any],
        rewrite: Rewrite | None = None,
        forget: Sequence[str] = (),
    ) -> None:
        """Commits an ingest run (and, for a full refresh, the rewrite that drops the old rows)."""
        rewrite = rewrite or Rewrite()
        commit(
            self.state,
            self.output,
            run_id,
            staged_files=staged.files + rewrite.files,
            versions=staged.versions,
            inputs=inputs,
            removed=rewrite.removed,
            forget=forget,
            seconds=seconds,
            summary=summary,
            texts={story: text for story, (_, text) in staged.texts.items()},
        )

    def compact(
        self,
        *,
        min_files: int = 2,
        max_rows: int = MAX_ROWS,
        partitions: Collection[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """Merges each partition's small files into few large ones (only the (date, lang)
        `partitions` named, if any), in one commit."""
        started = dt.datetime.now(dt.UTC)
        run_id = new_run_id(started)
        with self.running(run_id, kind="compact", started_at=started):
            rw = plan_compaction(
                self.state, self.output, run_id, min_files=min_files, max_rows=max_rows, partitions=partitions
            )
            seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
            summary = {"files_before": len(rw.removed), "files_after": len(rw.files), "rows": rw.rows}
            commit(
                self.state, self.output, run_id, staged_files=rw.files, removed=rw.removed, seconds=seconds,
                summary=summary,
            )  # fmt: skip
        return {"run_id": run_id, "seconds": round(seconds, 2), **summary}


def _has_unmanaged_files(output: str) -> bool:
    for table in (layout.ARTICLES, layout.DEAD_LETTERS):
        for _, _, files in os.walk(os.path.join(output, table)):
            if any(f.endswith(".parquet") for f in files):
                return True
    return False
