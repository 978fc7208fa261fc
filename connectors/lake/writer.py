"""The graph's one leaf, and the commit protocol that makes a run's files part of the lake.

Writing is append-only: a run writes new files, named by the run, one per partition and group
(split at `max_rows`); it never rewrites what earlier runs wrote. Deduplication comes from the state
(the versions step skips what the lake holds), not from merging files.

A run commits in three moves (after Spark's file commit protocol and dlt's load packages):

1. Workers write data files under `_state/staging/<run>/files/` and a manifest per group (which
   files, which versions, what each input gave).
2. The driver writes `commit.json` (the files it will move), moves them to their places under
   `articles/` and `dead_letters/`, and then, in ONE state transaction, records the run, its files,
   versions and inputs. That transaction is the commit point.
3. The staging folder is removed.

`recover` runs before each run (under the lock): the staging folder of a run the state never
committed is removed together with any file it had already moved into place, so a run killed at
any moment leaves no trace, and its inputs are simply read again.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import json
import logging
import os
import shutil
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from connectors.lake import layout
from connectors.lake.state import FileRow, InputOutcome, State, VersionRow, pack_text
from schemas import (
    ARTICLE_SCHEMA,
    DEAD_LETTER_SCHEMA,
    Article,
    ClusterOf,
    DeadLetter,
    InputRead,
    Skipped,
    to_row,
)
from schemas.ids import digest, identity_keys, location

_LOG = logging.getLogger(__name__)

COMPRESSION = "zstd"
MAX_ROWS = 100_000  # rows per file: DuckDB reads row groups in parallel; files this size stay few
COMMIT_FILE = "commit.json"
MANIFESTS = "manifests"


def group_of(record: Any, shards: int) -> str:
    """Which group (one file or more) of the run a record goes to; tallies get a group of their own."""
    if isinstance(record, Article):
        shard = int(record.story_id[:8], 16) % shards if shards > 1 else 0
        return f"a|{record.partition_date.isoformat()}|{record.lang}|{shard:02d}"
    if isinstance(record, DeadLetter):
        return "d|dl"
    if isinstance(record, ClusterOf):
        return record.group
    if isinstance(record, InputRead | Skipped):
        shard = int(digest("tally", record.source)[:8], 16) % shards if shards > 1 else 0
        return f"t|{shard:02d}"
    raise TypeError(f"the lake writer cannot write {type(record).__name__}")


# Free text: min/max statistics of an article body help no query and were half of a small file's
# bytes (in every page header and again in the footer), so only the other flat columns keep them.
_FREE_TEXT = frozenset(
    {
        "title",
        "lede",
        "body",
        "byline",
        "published_text",
        "updated_text",
        "header_date",
        "traceback",
        "payload",
    }
)
# Columns with few distinct values, where dictionary pages pay; elsewhere they only cost time.
_FEW_VALUES = frozenset(
    {"source_kind", "run_id", "lang_variant", "date_precision", "date_source", "outlet", "step", "source"}
)


@functools.cache
def _column_options(schema: pa.Schema) -> dict[str, Any]:
    flat = [f.name for f in schema if not pa.types.is_nested(f.type)]
    return {
        "write_statistics": [n for n in flat if n not in _FREE_TEXT],
        "use_dictionary": [n for n in flat if n in _FEW_VALUES],
    }


def write_atomically(table: pa.Table, path: str) -> int:
    """Writes `table` to a hidden temporary file beside `path`, renames it into place; returns bytes."""
    directory, name = os.path.split(path)
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        # Encoded in memory and written in one call: a small file costs fewer system calls that way.
        sink = pa.BufferOutputStream()
        pq.write_table(
            table, sink, compression=COMPRESSION, store_schema=False, **_column_options(table.schema)
        )
        with open(tmp, "wb") as fh:
            fh.write(sink.getvalue())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return os.path.getsize(path)


def _tally(sources: dict[str, dict[str, Any]], source: str) -> dict[str, Any]:
    return sources.setdefault(
        source,
        {"kind": None, "bytes": None, "documents": 0, "seconds": None, "new": 0, "changed": 0,
         "unchanged": 0, "duplicates": 0, "repeats": 0, "dead_letters": 0, "errors": []},
    )  # fmt: skip


def write_group(
    group: str, records: Iterable[Any], *, output: str, run_id: str, max_rows: int = MAX_ROWS
) -> dict[str, Any]:
    """Writes one group's records to staged files and its manifest; returns the manifest."""
    kind, *rest = group.split("|")
    records = list(records)
    staging = layout.staging_dir(output, run_id)
    manifest: dict[str, Any] = {"group": group, "files": [], "versions": [], "sources": {}, "stats": {}}
    sources = manifest["sources"]
    if kind == "t":
        for r in records:
            t = _tally(sources, r.source)
            if isinstance(r, InputRead):
                t.update(kind=r.kind, bytes=r.bytes, documents=r.documents, seconds=round(r.seconds, 4))
            else:
                t[{"unchanged": "unchanged", "duplicate": "duplicates", "repeat": "repeats"}[r.reason]] += 1
    elif kind == "d":
        letters = [r if r.run_id else dataclasses.replace(r, run_id=run_id) for r in records]
        letters.sort(key=lambda d: (d.source, d.step, d.error))
        for letter in letters:
            t = _tally(sources, letter.source)
            t["dead_letters"] += 1
            t["errors"].append(f"{letter.step}: {letter.error}")
            _LOG.warning("dead letter from %s at step %s: %s", letter.source, letter.step, letter.error)
        manifest["files"] = _write_chunks(
            letters, DEAD_LETTER_SCHEMA, layout.DEAD_LETTERS, "dl", None, staging, run_id, max_rows
        )
    else:
        date, lang, shard = rest
        articles = _with_clusters(records, sources)
        partition = layout.partition_dir(date, lang)
        manifest["files"] = _write_chunks(
            articles, ARTICLE_SCHEMA, layout.ARTICLES, shard, partition, staging, run_id, max_rows
        )
        for a in articles:
            t = _tally(sources, a.source)
            t["new" if a.version == 1 else "changed"] += 1
            manifest["versions"].append(
                [a.story_id, a.version, a.source_hash, a.content_hash, a.article_id, location(a.source), date,
                 list(identity_keys(guid=a.guid, url=a.url, source=a.source, position=a.position)), a.cluster_id]
            )  # fmt: skip
        last: dict[str, Article] = {}
        for a in articles:
            if a.story_id not in last or a.version > last[a.story_id].version:
                last[a.story_id] = a
        # The last version's text, for the state: the next version of the story says what it changed.
        manifest["texts"] = {
            s: [a.version, base64.b64encode(
                pack_text(a.title, [p.text for p in a.paragraphs], [c.text for c in a.captions])).decode()]
            for s, a in last.items()
        }  # fmt: skip
        manifest["stats"] = {
            "lang": {lang: len(articles)},
            "captions": sum(len(a.captions) for a in articles),
            "captions_collapsed": sum(a.captions_collapsed for a in articles),
            "updates": sum(len(a.updates) for a in articles),
            "warnings": sum(len(a.warnings) for a in articles),
        }
    name = digest("manifest", group)[:16] + ".json"
    write_json(os.path.join(staging, MANIFESTS, name), manifest)
    return manifest


def _with_clusters(
    records: Iterable[Article | ClusterOf], sources: dict[str, dict[str, Any]]
) -> list[Article]:
    """A partition group's articles, each with the cluster the copy step gave it (`ClusterOf`); the
    repeats it found are counted for their input and not written. Sorted by story and version."""
    found: dict[str, ClusterOf] = {}
    articles: list[Article] = []
    for r in records:
        if isinstance(r, ClusterOf):
            found[r.article_id] = r
        else:
            articles.append(r)
    kept = []
    for a in articles:
        answer = found.get(a.article_id)
        if answer is not None and answer.repeat:
            _tally(sources, a.source)["repeats"] += 1
            continue
        kept.append(dataclasses.replace(a, cluster_id=answer.cluster_id) if answer is not None else a)
    return sorted(kept, key=lambda a: (a.story_id, a.version))


def _write_chunks(
    records: Sequence[Article | DeadLetter],
    schema: pa.Schema,
    table: str,
    group: str,
    partition: str | None,
    staging: str,
    run_id: str,
    max_rows: int,
) -> list[dict[str, Any]]:
    files = []
    for n, start in enumerate(range(0, len(records), max_rows)):
        chunk = records[start : start + max_rows]
        final = layout.data_file(table, run_id, group, n, partition=partition)
        size = write_atomically(
            pa.Table.from_pylist([to_row(r) for r in chunk], schema=schema),
            layout.staged_path(staging, final),
        )
        date, lang = (partition.split("/")[1][5:], partition.split("/")[2][5:]) if partition else (None, None)
        files.append(
            {"path": final, "table": table, "rows": len(chunk), "bytes": size, "date": date, "lang": lang}
        )
    return files


def write_json(path: str, value: Any, *, durable: bool = False) -> None:
    """Writes JSON by rename. `durable` syncs it to disk first: for the commit record only; a lost
    manifest only loses an uncommitted run, which recovery discards anyway (and fsync per group
    was a sixth of a large run's time)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(value, fh, sort_keys=True)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)


# --- the driver's side: commit and recovery ----------------------------------------------------


@dataclass
class Staged:
    """What a run's workers left in staging, read back from their manifests."""

    files: list[FileRow] = field(default_factory=list)
    versions: list[VersionRow] = field(default_factory=list)
    texts: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def read_staged(output: str, run_id: str) -> Staged:
    """Merges the manifests the run's groups wrote."""
    staged = Staged(stats={"lang": {}, "captions": 0, "captions_collapsed": 0, "updates": 0, "warnings": 0})
    folder = os.path.join(layout.staging_dir(output, run_id), MANIFESTS)
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in names:
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            m = json.load(fh)
        staged.files += [FileRow(**f) for f in m["files"]]  # the manifest writes FileRow's fields
        staged.versions += [
            VersionRow(story_id=v[0], version=v[1], source_hash=v[2], content_hash=v[3], article_id=v[4],
                       source=v[5], date=v[6], keys=tuple(v[7]), cluster_id=v[8])
            for v in m["versions"]
        ]  # fmt: skip
        for story, (version, text) in m.get("texts", {}).items():
            if story not in staged.texts or version > staged.texts[story][0]:
                staged.texts[story] = (version, base64.b64decode(text))
        for source, counts in m["sources"].items():
            t = _tally(staged.sources, source)
            for key, value in counts.items():
                if key == "errors":
                    t["errors"] += value
                elif key in ("kind", "bytes", "seconds"):
                    t[key] = value if value is not None else t[key]
                else:
                    t[key] += value
        for key, value in m["stats"].items():
            if key == "lang":
                for lang, n in value.items():
                    staged.stats["lang"][lang] = staged.stats["lang"].get(lang, 0) + n
            else:
                staged.stats[key] += value
    return staged


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Holds SIGINT and SIGTERM until the block ends, so a commit is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        caught.append(signum)
        _SIGNAL_HELD.set()

    _SIGNAL_HELD.clear()
    previous = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            os.kill(os.getpid(), caught[0])


def commit(
    state: State,
    output: str,
    run_id: str,
    *,
    staged_files: Sequence[FileRow],
    versions: Sequence[VersionRow] = (),
    inputs: Sequence[InputOutcome] = (),
    removed: Sequence[str] = (),
    forget: Sequence[str] = (),
    seconds: float = 0.0,
    summary: dict[str, Any] | None = None,
    texts: dict[str, bytes] | None = None,
) -> None:
    """Moves a run's staged files into place and commits the run in one state transaction.

    `removed` names committed files this run replaces (compaction, a full refresh): they leave the
    lake in the same transaction and are deleted after it.
    """
    staging = layout.staging_dir(output, run_id)
    _pause_for_tests("before-commit")
    with _signals_deferred():
        write_json(
            os.path.join(staging, COMMIT_FILE), {"files": [f.path for f in staged_files]}, durable=True
        )
        for f in staged_files:
            final = os.path.join(output, f.path)
            os.makedirs(os.path.dirname(final), exist_ok=True)
            os.replace(layout.staged_path(staging, f.path), final)
        _pause_for_tests("after-move")
        state.commit_run(
            run_id,
            seconds=seconds,
            files=staged_files,
            removed=removed,
            versions=versions,
            inputs=inputs,
            summary=summary,
            forget=forget,
            texts=texts,
        )
        _pause_for_tests("after-commit")
        _replace_copy_index(output, run_id)
        _delete_files(output, removed)
        shutil.rmtree(staging, ignore_errors=True)


def _replace_copy_index(output: str, run_id: str) -> None:
    """Moves a committed run's copy index into place. A crash before this leaves the old index,
    which names an older run than the state's last: the next run rebuilds it from the lake."""
    staged = os.path.join(layout.staged_copies_dir(output, run_id), "index.npz")
    if os.path.exists(staged):
        os.makedirs(layout.copies_dir(output), exist_ok=True)
        os.replace(staged, os.path.join(layout.copies_dir(output), "index.npz"))


_SIGNAL_HELD = threading.Event()  # set while a commit holds a SIGINT or SIGTERM back


def _pause_for_tests(point: str) -> None:
    """Lets the crash test stop a run at a named point of the commit (WIRESTREAM_PAUSE_AT=point);
    a signal held back by the commit ends the pause, and the commit goes on."""
    if os.environ.get("WIRESTREAM_PAUSE_AT") == point:
        print(f"wirestream: paused {point}", flush=True)
        _SIGNAL_HELD.wait(float(os.environ.get("WIRESTREAM_PAUSE_SECONDS", "60")))


def _delete_files(output: str, paths: Iterable[str]) -> None:
    for path in paths:
        with suppress(FileNotFoundError):  # already gone: a retried cleanup
            os.remove(os.path.join(output, path))


def recover(state: State, output: str) -> list[str]:
    """Removes what runs that never committed left behind; returns their run ids.

    Also deletes files a committed run replaced but did not get to delete.
    """
    base = layout.staging_dir(output)
    cleaned = []
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        folder = os.path.join(base, name)
        try:
            run_id = layout.check_run_id(name)
        except ValueError:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        if state.run_status(run_id) != "committed":
            moved = os.path.join(folder, COMMIT_FILE)
            if os.path.exists(moved):
                with open(moved, encoding="utf-8") as fh:
                    _delete_files(output, json.load(fh)["files"])
            state.fail_run(run_id, "interrupted before its commit; cleaned up by a later run")
            cleaned.append(run_id)
        shutil.rmtree(folder, ignore_errors=True)
    _delete_files(output, [p for p in state.removed_files() if os.path.exists(os.path.join(output, p))])
    # Runs that failed before they staged anything (no folder above): the lock says none is running.
    for run_id in state.unfinished_runs():
        state.fail_run(run_id, "ended before its commit")
        cleaned.append(run_id)
    return cleaned


def abort(state: State, output: str, run_id: str, reason: str) -> None:
    """Ends a run that will not commit: what it staged or moved is removed, the state says why."""
    folder = layout.staging_dir(output, run_id)
    moved = os.path.join(folder, COMMIT_FILE)
    if os.path.exists(moved) and state.run_status(run_id) != "committed":
        with open(moved, encoding="utf-8") as fh:
            _delete_files(output, json.load(fh)["files"])
    shutil.rmtree(folder, ignore_errors=True)
    state.fail_run(run_id, reason)


def ensure_tables(state: State, output: str, run_id: str) -> None:
    """Gives an empty lake its zero-row files, so `read_parquet` over either folder never fails."""
    have = set(state.live_files())
    empty = layout.empty_files()
    missing = {t: p for t, p in empty.items() if p not in have}
    if not missing:
        return
    rows = []
    for table, path in missing.items():
        schema = ARTICLE_SCHEMA if table == layout.ARTICLES else DEAD_LETTER_SCHEMA
        size = write_atomically(schema.empty_table(), os.path.join(output, path))
        date, lang = layout.EMPTY_ARTICLES_PARTITION if table == layout.ARTICLES else (None, None)
        rows.append(FileRow(path=path, table=table, rows=0, bytes=size, date=date, lang=lang))
    state.begin_run(run_id, kind="init", started_at=dt.datetime.now(dt.UTC))
    state.commit_run(run_id, seconds=0.0, files=rows)
