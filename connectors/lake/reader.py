"""Reading the lake back: a DuckDB connection whose views read exactly the committed files.

Views: `articles` and `dead_letters` (the Parquet files the state lists as live, with `date` and
`lang` from the path), `inputs` (one row per input per run), `runs` (one row per run), `versions`
(one row per version, with what it changed) and `stories` (one row per cluster of copies). A folder
without a state store (plain Parquet written some other way) is read by globbing its folders.
"""

from __future__ import annotations

import json
import os

import duckdb
import pyarrow as pa

from connectors.lake import layout
from connectors.lake.state import NoState, State
from schemas import ARTICLE_SCHEMA, DEAD_LETTER_SCHEMA

# Partition columns are typed explicitly: left to inference, a `lang=no` directory could be read as
# something other than text, and an empty lake would have no `date` at all.
HIVE_TYPES = "{'date': DATE, 'lang': VARCHAR}"

INPUT_COLUMNS = (
    "run_id", "started_at", "source", "kind", "outcome", "bytes", "items", "new", "changed", "unchanged",
    "duplicates", "dead_letters", "seconds", "error",
)  # fmt: skip
RUN_COLUMNS = (
    "run_id", "kind", "status", "started_at", "finished_at", "seconds", "inputs", "articles", "dead_letters",
    "summary",
)  # fmt: skip


def quote(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _files_sql(output: str, paths: list[str]) -> str:
    return "[" + ", ".join(quote(os.path.join(output, p)) for p in paths) + "]"


def open_lake(output: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the lake's views (see the module docstring)."""
    con = duckdb.connect()
    try:
        state = State.open(output, readonly=True)
    except NoState:
        _glob_views(con, output)
        _register(con, "inputs", INPUT_COLUMNS, [])
        _register(con, "runs", RUN_COLUMNS, [])
        _story_views(con)
        return con
    with state:
        articles = state.live_files(layout.ARTICLES)
        letters = state.live_files(layout.DEAD_LETTERS)
        _, input_rows = state.query(
            "SELECT i.run_id, r.started_at, i.location AS source, i.kind, i.outcome, i.bytes, i.items, i.new, i.changed, "
            "i.unchanged, i.duplicates, i.dead_letters, i.seconds, i.error FROM input_runs i "
            "JOIN runs r USING (run_id) ORDER BY r.started_at, i.location"
        )
        _, run_rows = state.query(
            "SELECT run_id, kind, status, started_at, finished_at, seconds, summary FROM runs "
            "WHERE kind != 'init' ORDER BY started_at"
        )
    _table_view(con, "articles", output, articles, ARTICLE_SCHEMA, partitioned=True)
    _table_view(con, "dead_letters", output, letters, DEAD_LETTER_SCHEMA, partitioned=False)
    _register(con, "inputs", INPUT_COLUMNS, input_rows)
    runs = []
    for run_id, kind, status, started, finished, seconds, summary in run_rows:
        s = json.loads(summary) if summary else {}
        runs.append(
            (run_id, kind, status, started, finished, seconds, s.get("inputs"), s.get("articles"),
             s.get("dead_letters"), summary)
        )  # fmt: skip
    _register(con, "runs", RUN_COLUMNS, runs)
    _story_views(con)
    return con


def _story_views(con: duckdb.DuckDBPyConnection) -> None:
    """`versions` (one row per version with what it changed) and `stories` (one row per cluster)."""
    con.execute(
        "CREATE VIEW versions AS SELECT story_id, version, article_id, cluster_id, content_hash, "
        "previous_content_hash, "
        "coalesce(outlet, nullif(regexp_extract(url, '^[A-Za-z]+://(?:www\\.)?([^/:?#]+)', 1), ''), source) AS outlet, "
        "url, source, lang, date, title, lede, coalesce(published_at, ingested_at) AS published_at, updated_at, "
        "ingested_at, changes.title_changed AS title_changed, changes.paragraphs_added AS paragraphs_added, "
        "changes.paragraphs_removed AS paragraphs_removed, changes.paragraphs_edited AS paragraphs_edited, "
        "changes.captions_added AS captions_added, changes.captions_removed AS captions_removed "
        "FROM articles"
    )
    con.execute(
        "CREATE VIEW stories AS SELECT coalesce(cluster_id, story_id) AS cluster_id, "
        "min(published_at) AS first_seen, arg_min(outlet, published_at) AS first_outlet, "
        "list(DISTINCT outlet ORDER BY outlet) AS outlets, list(DISTINCT lang ORDER BY lang) AS languages, "
        "count(DISTINCT story_id) AS copies, count(*) AS versions, "
        "max(coalesce(updated_at, published_at)) AS last_updated, "
        "arg_max(coalesce(title, lede), coalesce(updated_at, published_at)) AS latest_title "
        "FROM versions GROUP BY ALL"
    )


def _table_view(
    con: duckdb.DuckDBPyConnection,
    name: str,
    output: str,
    paths: list[str],
    schema: pa.Schema,
    *,
    partitioned: bool,
) -> None:
    if not paths:
        empty = schema.empty_table()
        if partitioned:
            empty = empty.append_column("date", pa.array([], pa.date32())).append_column(
                "lang", pa.array([], pa.string())
            )
        con.register(f"_empty_{name}", empty)
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM _empty_{name}")
        return
    hive = f", hive_partitioning = true, hive_types = {HIVE_TYPES}" if partitioned else ""
    con.execute(
        f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_files_sql(output, paths)}{hive}, union_by_name = true)"
    )


def _glob_views(con: duckdb.DuckDBPyConnection, output: str) -> None:
    for name, schema, partitioned in (
        (layout.ARTICLES, ARTICLE_SCHEMA, True),
        (layout.DEAD_LETTERS, DEAD_LETTER_SCHEMA, False),
    ):
        folder = os.path.join(output, name)
        paths = sorted(
            os.path.relpath(os.path.join(root, f), output)
            for root, _, files in os.walk(folder)
            for f in files
            if f.endswith(".parquet") and not f.startswith(".")
        )
        _table_view(con, name, output, paths, schema, partitioned=partitioned)


_TYPES = {
    "bytes": pa.int64(), "items": pa.int64(), "new": pa.int64(), "changed": pa.int64(), "unchanged": pa.int64(),
    "duplicates": pa.int64(), "dead_letters": pa.int64(), "seconds": pa.float64(), "inputs": pa.int64(),
    "articles": pa.int64(),
}  # fmt: skip


def _register(con: duckdb.DuckDBPyConnection, name: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Registers rows read from the state as the view `name`, typed even when there are none."""
    schema = pa.schema([(c, _TYPES.get(c, pa.string())) for c in columns])
    table = pa.Table.from_pylist([dict(zip(columns, r, strict=True)) for r in rows], schema=schema)
    con.register(f"_{name}", table)
    casts = ", ".join(
        f"CAST({c} AS TIMESTAMPTZ) AS {c}" for c in ("started_at", "finished_at") if c in columns
    )
    con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * REPLACE ({casts}) FROM _{name}")
