"""Where everything in a lake lives: folder names and file keys, spelled out here and nowhere else.

    OUTPUT/
      articles/date=YYYY-MM-DD/lang=xx/part-<run id>-<group>-<n>.parquet   committed article files
      dead_letters/part-<run id>-<group>-<n>.parquet                        committed dead letters
      _state/state.sqlite3                                                 the state store (WAL)
      _state/lock                                                          one writer at a time
      _state/copies/index.npz                                              the copy index (LSH)
      _state/staging/<run id>/                                             a run's files before commit

A data file belongs to the lake only once the state has committed its run; see `writer.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import re

ARTICLES = "articles"
DEAD_LETTERS = "dead_letters"
STATE_DIR = "_state"
STATE_DB = "state.sqlite3"
LOCK = "lock"
STAGING = "staging"
EMPTY = "part-empty.parquet"

# The empty lake still has one (zero-row) file per table, so a plain `read_parquet` glob never fails.
EMPTY_ARTICLES_PARTITION = ("1970-01-01", "und")

_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_RUN_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4,}$")


def check_run_id(run_id: str) -> str:
    """Returns `run_id`, or raises ValueError for one that could name a path outside the lake."""
    if not _RUN_ID.match(run_id):
        raise ValueError(f"not a run id: {run_id!r}")
    return run_id


def partition_dir(date: dt.date | str, lang: str) -> str:
    """`articles/date=YYYY-MM-DD/lang=xx`, relative to OUTPUT.

    Raises:
        ValueError: a language value that is not a plain code (input never names a path).
    """
    if not _SAFE_VALUE.match(lang):
        raise ValueError(f"unsafe partition value lang={lang!r}")
    day = date if isinstance(date, str) else date.isoformat()
    dt.date.fromisoformat(day)  # raises ValueError for anything but a date
    return f"{ARTICLES}/date={day}/lang={lang}"


def staged_path(staging: str, final: str) -> str:
    """Where a file bound for `final` (relative to OUTPUT) waits in a run's staging folder: all in
    one flat folder, so staging makes and removes no partition folders of its own."""
    return os.path.join(staging, "files", final.replace("/", "~"))


def data_file(table: str, run_id: str, group: str, n: int, *, partition: str | None = None) -> str:
    """The committed name of a run's n-th file of one group, relative to OUTPUT."""
    if not _SAFE_VALUE.match(group):
        raise ValueError(f"unsafe group name {group!r}")
    name = f"part-{check_run_id(run_id)}-{group}-{n:03d}.parquet"
    folder = partition if table == ARTICLES else DEAD_LETTERS
    if folder is None:
        raise ValueError("an articles file needs its partition folder")
    return f"{folder}/{name}"


def run_of(path: str) -> str | None:
    """The run id in a data file's name, or None for a name this layout did not make."""
    name = os.path.basename(path)
    if not name.startswith("part-") or not name.endswith(".parquet"):
        return None
    middle = name[len("part-") : -len(".parquet")]
    run_id = "-".join(middle.split("-")[:2])
    return run_id if _RUN_ID.match(run_id) else None


def state_dir(output: str) -> str:
    return os.path.join(output, STATE_DIR)


def state_db(output: str) -> str:
    return os.path.join(output, STATE_DIR, STATE_DB)


def lock_file(output: str) -> str:
    return os.path.join(output, STATE_DIR, LOCK)


def staging_dir(output: str, run_id: str | None = None) -> str:
    base = os.path.join(output, STATE_DIR, STAGING)
    return base if run_id is None else os.path.join(base, check_run_id(run_id))


def progress_dir(output: str, run_id: str) -> str:
    """Where a run's workers leave their progress counts (inside the run's staging folder)."""
    return os.path.join(staging_dir(output, run_id), "progress")


def progress_file(output: str, run_id: str, worker: str) -> str:
    if not _SAFE_VALUE.match(worker):
        raise ValueError(f"unsafe worker name {worker!r}")
    return os.path.join(progress_dir(output, run_id), f"{worker}.json")


def copies_dir(output: str) -> str:
    """The copy index (near-duplicate detection) kept beside the state."""
    return os.path.join(output, STATE_DIR, "copies")


def staged_copies_dir(output: str, run_id: str) -> str:
    """A run's new copy index, moved to `copies_dir` when the run commits."""
    return os.path.join(staging_dir(output, run_id), "copies")


def empty_files() -> dict[str, str]:
    """The zero-row placeholder file of each table, relative to OUTPUT."""
    return {
        ARTICLES: f"{partition_dir(*EMPTY_ARTICLES_PARTITION)}/{EMPTY}",
        DEAD_LETTERS: f"{DEAD_LETTERS}/{EMPTY}",
    }
