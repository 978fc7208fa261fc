"""The single leaf of the graph: articles and dead letters to Hive-partitioned Parquet.

Layout under OUTPUT:

    articles/date=YYYY-MM-DD/lang=xx/part-<source key>.parquet
    dead_letters/part-<source key>.parquet
    _runs/<run id>/summary.json

One file per (partition, input). File names are deterministic, and a file is rewritten by merging
what it held with the new rows by id (`article_id`, or the dead letter's id), the new row winning:
so re-ingesting an input replaces its rows instead of duplicating them, a feed that drops old items
keeps them in the lake, and a new version of a story (new content, new `article_id`) is added beside
the old one. Each file is written to a hidden temporary name and renamed into place, so a reader
never sees half a file. Partition columns (`date`, `lang`) live only in the path.

One run at a time per OUTPUT (the CLI holds a lock); Beam's `fileio.WriteToFiles` is not used: on
local disk it leaves partitioned files in a temporary folder while the run "succeeds".
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterable, Sequence
from typing import Any

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import ARTICLE_SCHEMA, DEAD_LETTER_SCHEMA, Article, DeadLetter, to_row
from schemas.ids import digest, source_key

_LOG = logging.getLogger(__name__)

ARTICLES = "articles"
DEAD_LETTERS = "dead_letters"
RUNS = "_runs"
COMPRESSION = "zstd"


def file_key(record: Article | DeadLetter) -> str:
    """The file, relative to OUTPUT, a record belongs in."""
    name = f"part-{source_key(record.source)}.parquet"
    if isinstance(record, DeadLetter):
        return f"{DEAD_LETTERS}/{name}"
    return f"{ARTICLES}/date={record.partition_date.isoformat()}/lang={record.lang}/{name}"


def _row_id(row: dict[str, Any]) -> str:
    """An article row's id; a dead letter's is its failure: the same input failing the same way."""
    if "article_id" in row:
        return row["article_id"]
    return digest("dead-letter", row["step"], row["source"], row["error"], row["payload"])


def _sort_key(row: dict[str, Any]) -> tuple:
    return (row.get("position", 0), _row_id(row))


def merge_rows(
    existing: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Merges new rows into a file's rows by id, the new row winning; returns rows and counts."""
    merged = {_row_id(row): row for row in existing}
    counts = {"new": 0, "replaced": 0, "duplicates": 0}
    seen: set[str] = set()
    for row in new:
        rid = _row_id(row)
        if rid in seen:
            counts["duplicates"] += 1
        elif rid in merged:
            counts["replaced"] += 1
        else:
            counts["new"] += 1
        seen.add(rid)
        merged[rid] = row
    return sorted(merged.values(), key=_sort_key), counts


def write_atomically(table: pa.Table, path: str) -> None:
    """Writes `table` to a hidden temporary file beside `path`, then renames it into place."""
    directory, name = os.path.split(path)
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp, compression=COMPRESSION)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_file(
    key: str, records: Iterable[Article | DeadLetter], *, output: str, run_id: str
) -> dict[str, Any]:
    """Writes one partition file (merging with what it held) and records the run's counts for it."""
    records = [
        dataclasses.replace(r, run_id=run_id) if isinstance(r, DeadLetter) and not r.run_id else r
        for r in records
    ]
    schema = DEAD_LETTER_SCHEMA if isinstance(records[0], DeadLetter) else ARTICLE_SCHEMA
    path = os.path.join(output, key)
    existing = pq.read_table(path).to_pylist() if os.path.exists(path) else []
    rows, counts = merge_rows(existing, [to_row(r) for r in records])
    table = pa.Table.from_pylist(rows, schema=schema)
    write_atomically(table, path)
    stats: dict[str, Any] = {"file": key, "rows": len(records), "rows_in_file": len(rows), **counts}
    if schema is ARTICLE_SCHEMA:
        articles = [r for r in records if isinstance(r, Article)]
        stats.update(
            kind=ARTICLES,
            lang=articles[0].lang,
            date=articles[0].partition_date.isoformat(),
            captions=sum(len(a.captions) for a in articles),
            captions_collapsed=sum(a.captions_collapsed for a in articles),
            updates=sum(len(a.updates) for a in articles),
            warnings=sum(len(a.warnings) for a in articles),
        )
    else:
        letters = [r for r in records if isinstance(r, DeadLetter)]
        stats.update(kind=DEAD_LETTERS, steps=sorted({d.step for d in letters}))
        for letter in letters:
            _LOG.warning("dead letter from %s at step %s: %s", letter.source, letter.step, letter.error)
    _record_stats(output, run_id, key, stats)
    return stats


def _record_stats(output: str, run_id: str, key: str, stats: dict[str, Any]) -> None:
    directory = os.path.join(output, RUNS, run_id, "parts")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, digest("stats", key) + ".json")
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(stats, fh, sort_keys=True)
    os.replace(path + ".tmp", path)


def read_run_stats(output: str, run_id: str) -> list[dict[str, Any]]:
    """The per-file counts the writer recorded for one run."""
    directory = os.path.join(output, RUNS, run_id, "parts")
    if not os.path.isdir(directory):
        return []
    stats = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            with open(os.path.join(directory, name), encoding="utf-8") as fh:
                stats.append(json.load(fh))
    return stats


class WriteHiveParquet(beam.PTransform):
    """Articles and dead letters -> Parquet files under OUTPUT (the graph's one leaf)."""

    def __init__(self, *, output: str, run_id: str):
        super().__init__()
        if not output:
            raise ValueError("WriteHiveParquet needs an output directory")
        if not run_id:
            raise ValueError("WriteHiveParquet needs a run id")
        self._output = output
        self._run_id = run_id

    def expand(self, records):
        return (
            records
            | "KeyByFile" >> beam.Map(lambda record: (file_key(record), record))
            | "GroupByFile" >> beam.GroupByKey()
            | "WriteFiles" >> beam.Map(_write_group, self._output, self._run_id)
        )


def _write_group(
    item: tuple[str, Iterable[Article | DeadLetter]], output: str, run_id: str
) -> dict[str, Any]:
    key, records = item
    return write_file(key, records, output=output, run_id=run_id)
