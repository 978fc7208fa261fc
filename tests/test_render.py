"""`query --format csv|json`: ISO 8601 times and JSON for nested values, readable by another program."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipelines.cli import main
from pipelines.lake import render

OSLO = ZoneInfo("Europe/Oslo")
SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"

# value -> (its CSV cell, its JSON value)
CELLS = [
    (None, "", None),
    ("plain, with comma", "plain, with comma", "plain, with comma"),
    (3, "3", 3),
    (True, "true", True),
    (decimal.Decimal("41.50"), "41.5", 41.5),
    (decimal.Decimal("7.0"), "7", 7),
    (
        dt.datetime(2024, 3, 11, 7, 12, tzinfo=dt.UTC),
        "2024-03-11T07:12:00+00:00",
        "2024-03-11T07:12:00+00:00",
    ),
    (dt.datetime(2024, 3, 11, 8, 12, tzinfo=OSLO), "2024-03-11T08:12:00+01:00", "2024-03-11T08:12:00+01:00"),
    (dt.datetime(2024, 3, 11, 7, 12), "2024-03-11T07:12:00", "2024-03-11T07:12:00"),
    (dt.date(2024, 3, 11), "2024-03-11", "2024-03-11"),
    ([], "[]", []),
    (
        [dt.datetime(2024, 3, 11, 8, 30, tzinfo=dt.UTC)],
        '["2024-03-11T08:30:00+00:00"]',
        ["2024-03-11T08:30:00+00:00"],
    ),
    (
        [{"text": "Strømmen er tilbake", "credit": None}],
        '[{"text": "Strømmen er tilbake", "credit": null}]',
        [{"text": "Strømmen er tilbake", "credit": None}],
    ),
    (
        {"a": dt.date(2024, 1, 2), "b": [1, 2]},
        '{"a": "2024-01-02", "b": [1, 2]}',
        {"a": "2024-01-02", "b": [1, 2]},
    ),
]


@pytest.mark.parametrize(("value", "cell", "value_json"), CELLS)
def test_csv_and_json_cells(value, cell, value_json):
    rows = list(csv.reader(io.StringIO(render(["v"], [(value,)], fmt="csv"))))
    assert rows == [["v"], [cell]]
    assert json.loads(render(["v"], [(value,)], fmt="json")) == {"v": value_json}


def test_csv_of_a_real_lake_reads_back(tmp_path, capsys):
    out = tmp_path / "lake"
    assert main(["ingest", str(SAMPLES / "001_2e4441bb8b14a0ac.txt"), "--output", str(out)]) == 0
    capsys.readouterr()
    sql = "SELECT published_at, updates, captions, agencies, date FROM articles"
    assert main(["query", str(out), sql, "--format", "csv"]) == 0
    header, row = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert header == ["published_at", "updates", "captions", "agencies", "date"]
    expected = (
        duckdb.connect()
        .execute(
            "SELECT published_at, updates, captions, agencies FROM "
            f"read_parquet('{out}/articles/**/*.parquet')"
        )
        .fetchone()
    )
    assert expected is not None
    published, updates, captions, agencies = expected
    assert dt.datetime.fromisoformat(row[0]) == published
    assert [dt.datetime.fromisoformat(t) for t in json.loads(row[1])] == updates
    assert json.loads(row[2]) == captions and len(captions) == 2
    assert json.loads(row[3]) == agencies == ["NTB", "AP", "AFP"]
    assert row[4] == "2019-04-30"
    assert main(["query", str(out), sql, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record == dict(zip(header, [row[0], json.loads(row[1]), captions, agencies, row[4]], strict=True))
