"""A real `wirestream ingest` killed at any moment, then run again, writes every item exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lake import open_lake

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
INPUTS = [
    str(SAMPLES / "nordic_wire.rss"),
    str(SAMPLES / "world_updates.atom"),
    *map(str, sorted(SAMPLES.glob("00*.txt"))),
]


def start(out: Path, *, pause_at: str | None = None, inputs=INPUTS) -> subprocess.Popen:
    env = dict(os.environ)
    if pause_at:
        env.update(WIRESTREAM_PAUSE_AT=pause_at, WIRESTREAM_PAUSE_SECONDS="60")
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "ingest", *inputs, "--output", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    """Waits for the process to end; returns its exit status and what it wrote to stderr."""
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> tuple[int, str]:
    proc.send_signal(sig)
    return finish(proc, timeout=90)


def wait_for_pause(proc: subprocess.Popen, point: str) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if f"paused {point}" in line:
            return
        assert time.monotonic() < deadline
    pytest.fail(f"the run ended without pausing at {point}: {proc.stderr.read() if proc.stderr else ''}")


def facts(out: Path) -> tuple:
    con = open_lake(str(out))
    total, distinct = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
    # What a plain glob sees must be exactly the committed files once nothing is in flight.
    plain = (
        duckdb.connect()
        .execute(
            f"SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true)"
        )
        .fetchall()[0][0]
    )
    staged = list((out / "_state" / "staging").glob("*"))
    return total, distinct, plain, staged


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple:
    out = tmp_path_factory.mktemp("clean")
    code, err = finish(start(out))
    assert code == 0, err
    return facts(out)


@pytest.mark.parametrize("point", ["before-commit", "after-move", "after-commit"])
def test_kill_9_at_each_point_of_the_commit_then_rerun(tmp_path, clean_run, point):
    out = tmp_path / "lake"
    proc = start(out, pause_at=point)
    wait_for_pause(proc, point)
    kill(proc)
    code, err = finish(start(out))
    assert code == 0, err
    total, distinct, plain, staged = facts(out)
    assert (total, distinct, plain, staged) == clean_run
    assert total == distinct  # every item exactly once


def test_kill_9_in_the_middle_of_the_pipeline_then_rerun(tmp_path, clean_run):
    out = tmp_path / "lake"
    proc = start(out)
    time.sleep(2.5)  # Beam is importing or running by now
    kill(proc)
    assert finish(start(out))[0] == 0
    assert facts(out) == clean_run


def test_ctrl_c_exits_130_with_one_line_and_commits_nothing(tmp_path, clean_run):
    out = tmp_path / "lake"
    proc = start(out, pause_at="before-commit")
    wait_for_pause(proc, "before-commit")
    code, err = kill(proc, signal.SIGINT)
    assert code == 130
    assert err.strip().splitlines()[-1] == "wirestream: interrupted; nothing of this run was committed"
    assert "Traceback" not in err
    con = open_lake(str(out))
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert finish(start(out))[0] == 0
    assert facts(out) == clean_run


def test_sigterm_during_the_commit_waits_for_it(tmp_path, clean_run):
    out = tmp_path / "lake"
    proc = start(out, pause_at="after-move")
    wait_for_pause(proc, "after-move")
    kill(proc, signal.SIGTERM)  # held until the commit is done, then acted on
    total, distinct, plain, staged = facts(out)
    assert (total, distinct, plain, staged) == clean_run


def test_two_runs_at_once_never_interleave(tmp_path, clean_run):
    out = tmp_path / "lake"
    first = start(out, pause_at="after-move")
    wait_for_pause(first, "after-move")  # the first holds the lock, in the middle of its commit
    second = start(out)  # waits for the lock (default 60 s)
    time.sleep(1.0)
    assert second.poll() is None
    kill(first, signal.SIGTERM)  # the first finishes its commit, then stops
    code, err = finish(second)
    assert code == 0, err
    assert facts(out) == clean_run
