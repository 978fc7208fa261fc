"""The same graph on Beam's DaskRunner, and on the local runner's processes, writes the same rows."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from distributed import LocalCluster

from connectors.sources import expand_inputs
from pipelines.run import Settings, run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def rows(out: Path) -> list[tuple]:
    # run_id names the run, not the data; everything else must match (several files per partition
    # on Dask, one per worker, so rows are compared in order of their ids).
    return duckdb.sql(
        f"SELECT * EXCLUDE (run_id) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true) "
        "ORDER BY article_id"
    ).fetchall()


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    run_batch(expand_inputs([str(SAMPLES)]).files, Settings(output=str(out)), now=NOW)
    found = rows(out)
    assert len(found) >= 30
    return found


def test_dask_local_cluster_writes_the_same_rows_as_the_local_runner(tmp_path, local_rows):
    run_batch(
        expand_inputs([str(SAMPLES)]).files,
        Settings(output=str(tmp_path), runner="dask", dask_workers=2),
        now=NOW,
    )
    assert rows(tmp_path) == local_rows


def test_dask_runs_on_the_scheduler_it_is_given(tmp_path, local_rows):
    with LocalCluster(n_workers=1, threads_per_worker=2, dashboard_address=":0") as cluster:
        run_batch(
            expand_inputs([str(SAMPLES)]).files,
            Settings(output=str(tmp_path), runner="dask", dask_scheduler=cluster.scheduler_address),
            now=NOW,
        )
        assert cluster.scheduler.task_prefixes, "the graph ran on another scheduler"
    assert rows(tmp_path) == local_rows


def test_local_runner_with_two_processes_writes_the_same_rows(tmp_path, local_rows):
    run_batch(expand_inputs([str(SAMPLES)]).files, Settings(output=str(tmp_path), workers=2), now=NOW)
    assert rows(tmp_path) == local_rows
