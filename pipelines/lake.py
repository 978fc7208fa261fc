"""Printing a query result for a person (the lake itself is read by `connectors.lake.reader`)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Sequence
from typing import Any

from connectors.lake.reader import open_lake

__all__ = ["open_lake", "render"]


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
