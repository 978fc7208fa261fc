"""The same graph on Beam's DaskRunner writes the same rows as the local runner."""

import datetime as dt
from pathlib import Path

import duckdb

from connectors.sources import expand_inputs
from pipelines.graph import run_ingest

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def rows(out: Path) -> list[tuple]:
    # run_id names the run, not the data; everything else must match.
    return duckdb.sql(
        f"SELECT * EXCLUDE (run_id) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true) "
        "ORDER BY article_id"
    ).fetchall()


def test_dask_runner_writes_the_same_rows_as_the_local_runner(tmp_path):
    files = expand_inputs([str(SAMPLES)]).files
    local = run_ingest(files, output=str(tmp_path / "local"), now=NOW)
    dask = run_ingest(files, output=str(tmp_path / "dask"), runner="dask", dask_workers=2, now=NOW)
    expected = rows(tmp_path / "local")
    assert len(expected) >= 10
    assert rows(tmp_path / "dask") == expected
    assert sorted(s["file"] for s in dask.stats) == sorted(s["file"] for s in local.stats)
