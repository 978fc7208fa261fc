"""Printing a query result for a person (the lake itself is read by `connectors.lake.reader`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
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


def render(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str = "table", max_width: int = 60
) -> str:
    """Formats a query result as an aligned text table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(
            json.dumps(dict(zip(columns, row, strict=True)), default=str, ensure_ascii=False) for row in rows
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def fmt_row(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    body = [line, fmt_row(columns), line, *(fmt_row(r) for r in cells), line]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)
