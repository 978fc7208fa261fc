"""Reading the lake back: DuckDB views over the Parquet files, and printing a result."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import os
import uuid
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from schemas import ARTICLE_SCHEMA, DEAD_LETTER_SCHEMA

# Partition columns are typed explicitly: left to inference, a `lang=no` directory could be read as
# something other than text, and an empty lake would have no `date` at all.
_HIVE_TYPES = "{'date': DATE, 'lang': VARCHAR}"


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def open_lake(directory: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views `articles` and `dead_letters` over `directory`."""
    con = duckdb.connect()
    articles = os.path.join(directory, "articles", "**", "*.parquet")
    dead = os.path.join(directory, "dead_letters", "*.parquet")
    if _has_files(os.path.join(directory, "articles")):
        con.execute(
            "CREATE VIEW articles AS SELECT * FROM read_parquet("
            f"{_quote(articles)}, hive_partitioning = true, hive_types = {_HIVE_TYPES}, union_by_name = true)"
        )
    else:
        empty = ARTICLE_SCHEMA.empty_table().append_column("date", pa.array([], pa.date32()))
        empty = empty.append_column("lang", pa.array([], pa.string()))
        con.register("_empty_articles", empty)
        con.execute("CREATE VIEW articles AS SELECT * FROM _empty_articles")
    if _has_files(os.path.join(directory, "dead_letters")):
        con.execute(
            f"CREATE VIEW dead_letters AS SELECT * FROM read_parquet({_quote(dead)}, union_by_name = true)"
        )
    else:
        con.register("_empty_dead_letters", DEAD_LETTER_SCHEMA.empty_table())
        con.execute("CREATE VIEW dead_letters AS SELECT * FROM _empty_dead_letters")
    return con


def _has_files(directory: str) -> bool:
    for _, _, files in os.walk(directory):
        if any(f.endswith(".parquet") and not f.startswith(".") for f in files):
            return True
    return False


def _plain(value: Any) -> str:
    """A value as a person reads it: ISO times, lists and structs without Python's reprs."""
    if value is None:
        return "NULL"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def _cell(value: Any, max_width: int) -> str:
    text = _plain(value)
    text = text.replace("\n", "⏎")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def _json_ready(value: Any) -> Any:
    """A value JSON can hold: ISO 8601 times, numbers for decimals, lists and objects kept nested."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, dt.timedelta | uuid.UUID):
        return str(value)
    return value


def _csv_cell(value: Any) -> Any:
    """A CSV cell: empty for NULL, ISO 8601 times, JSON for lists and structs, true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    ready = _json_ready(value)
    if isinstance(ready, list | dict):
        return json.dumps(ready, ensure_ascii=False)
    return ready


def render(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str = "table", max_width: int = 60
) -> str:
    """Formats a query result as an aligned text table, CSV or JSON lines.

    CSV and JSON carry times in ISO 8601 and lists and structs as JSON (nested in a CSV cell), so that
    another program reads them back; the table is for people.
    """
    if fmt == "json":
        return "\n".join(
            json.dumps({c: _json_ready(v) for c, v in zip(columns, row, strict=True)}, ensure_ascii=False)
            for row in rows
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
        return out.getvalue().rstrip("\n")
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def fmt_row(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    body = [line, fmt_row(columns), line, *(fmt_row(r) for r in cells), line]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)
