"""Rewriting committed files: merging a partition's small files, and dropping an input's rows.

Both write new files into the run's staging folder and name the files they replace; `writer.commit`
then swaps them in one state transaction, so a reader sees either the old files or the new ones.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from connectors.lake import layout
from connectors.lake.state import FileRow, State
from connectors.lake.writer import MAX_ROWS, write_atomically
from schemas import ARTICLE_SCHEMA, DEAD_LETTER_SCHEMA
from schemas.ids import location


@dataclass
class Rewrite:
    """Files written to staging and the committed files they replace."""

    files: list[FileRow] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rows: int = 0
    _next: dict[tuple, int] = field(default_factory=dict)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """A table read from an older file, with the current schema (columns it lacks are null)."""
    if table.schema.equals(schema):
        return table  # written with this schema: nothing to cast
    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        elif f.nullable:
            columns.append(pa.nulls(len(table), f.type))
        elif pa.types.is_integer(f.type):
            columns.append(pa.array([1 if f.name == "version" else 0] * len(table), f.type))
        else:
            columns.append(pa.array([""] * len(table), f.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _read(path: str) -> pa.Table:
    # ParquetFile.read, not pq.read_table: the dataset machinery the latter sets up for one small
    # file cost 2.4 ms a file against 1.3 ms.
    return pq.ParquetFile(path).read()


def _schema(table: str) -> pa.Schema:
    return ARTICLE_SCHEMA if table == layout.ARTICLES else DEAD_LETTER_SCHEMA


def _write(
    rw: Rewrite, data: pa.Table, f: FileRow, output: str, run_id: str, group: str, max_rows: int
) -> None:
    partition = os.path.dirname(f.path) if f.table == layout.ARTICLES else None
    for start in range(0, len(data), max_rows):
        n = rw._next.get((f.table, partition, group), 0)
        rw._next[(f.table, partition, group)] = n + 1
        final = layout.data_file(f.table, run_id, group, n, partition=partition)
        size = write_atomically(
            data.slice(start, max_rows), layout.staged_path(layout.staging_dir(output, run_id), final)
        )
        rw.files.append(FileRow(final, f.table, min(max_rows, len(data) - start), size, f.date, f.lang))


def plan_compaction(
    state: State,
    output: str,
    run_id: str,
    *,
    min_files: int = 2,
    max_rows: int = MAX_ROWS,
    partitions: Collection[tuple[str, str]] | None = None,
) -> Rewrite:
    """Merges each partition's live files into as few as `max_rows` allows, where it has `min_files`+;
    only the (date, lang) `partitions` named, if any (dead letters then stay as they are)."""
    rw = Rewrite()
    empty = set(layout.empty_files().values())
    wanted = None if partitions is None else {tuple(p) for p in partitions}
    for table in (layout.ARTICLES, layout.DEAD_LETTERS):
        groups: dict[tuple, list[FileRow]] = {}
        for f in state.live_file_rows(table):
            if f.path not in empty and (wanted is None or (f.date, f.lang) in wanted):
                groups.setdefault((f.date, f.lang), []).append(f)
        merges = [files for files in groups.values() if len(files) >= min_files]
        schema = _schema(table)

        def merge(files: list[FileRow], schema: pa.Schema = schema, table: str = table) -> Rewrite:
            part = Rewrite()
            data = pa.concat_tables([conform(_read(os.path.join(output, f.path)), schema) for f in files])
            if table == layout.ARTICLES:
                data = data.sort_by([("story_id", "ascending"), ("version", "ascending")])
            _write(part, data, files[0], output, run_id, "c", max_rows)
            part.removed = [f.path for f in files]
            part.rows = len(data)
            return part

        # Partitions are merged side by side: pyarrow reads, compresses and writes without the GIL.
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            for part in pool.map(merge, merges):
                rw.files += part.files
                rw.removed += part.removed
                rw.rows += part.rows
    return rw


def plan_forget(state: State, output: str, run_id: str, locations: Collection[str]) -> Rewrite:
    """Rewrites every live file holding rows read from `locations`, without those rows."""
    rw = Rewrite()
    wanted = set(locations)
    empty = set(layout.empty_files().values())
    for table in (layout.ARTICLES, layout.DEAD_LETTERS):
        for f in state.live_file_rows(table):
            if f.path in empty:
                continue
            path = os.path.join(output, f.path)
            sources = pq.read_table(path, columns=["source"]).column("source").to_pylist()
            drop = [location(s) in wanted for s in sources]
            if not any(drop):
                continue
            rw.removed.append(f.path)
            rw.rows += sum(drop)
            if all(drop):
                continue
            kept = conform(_read(path), _schema(table)).filter(pc.invert(pa.array(drop)))
            _write(rw, kept, f, output, run_id, "r", MAX_ROWS)
    return rw
