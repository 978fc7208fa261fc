"""`wirestream stream`: items added while it runs land once, within the interval; SIGTERM ends it cleanly."""

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines.lake import open_lake

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "sample_feeds").glob("00*.txt"))
INTERVAL = 1.0


def count(out: Path) -> int:
    if not (out / "_state" / "state.sqlite3").exists():
        return 0
    return open_lake(str(out)).execute("SELECT count(*) FROM articles").fetchall()[0][0]


def wait_for(out: Path, n: int, limit: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < limit:
        if count(out) >= n:
            return time.monotonic() - began
        time.sleep(0.2)
    raise AssertionError(f"{n} articles not queryable within {limit} s (have {count(out)})")


def test_items_added_while_streaming_land_once_and_sigterm_exits_0(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "stream", str(folder), "--output", str(out),
         "--interval", str(INTERVAL), "--compact-every", "3"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(out, 1, 120)  # the first cycle pays for importing Beam and building the detector
        latencies = []
        for seed in SEEDS[1:4]:
            shutil.copy(seed, folder)
            latencies.append(wait_for(out, count(out) + 1, INTERVAL + 10))
        assert max(latencies) < INTERVAL + 10
        time.sleep(2 * INTERVAL)  # a few idle cycles: nothing new is written
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "SIGTERM received; stopping after this cycle" in stdout
    assert "compacted" in stdout
    con = open_lake(str(out))
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall() == [(4, 4)]
    assert (
        con.execute("SELECT count(*) FROM runs WHERE kind = 'ingest' AND status = 'committed'").fetchall()[0][
            0
        ]
        >= 4
    )
