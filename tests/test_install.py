"""A new user's first steps: a fresh venv with Python's bundled pip (not upgraded) installs a wirestream
that ingests sample_feeds/ and writes a report."""

from __future__ import annotations

import ensurepip
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
# What a clone holds that the package build reads.
PROJECT_FILES = ("pyproject.toml", "README.md")
PACKAGES = ("schemas", "connectors", "pipelines")


def _run(*args: str | Path, cwd: Path) -> str:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_bundled_pip_installs_a_wirestream_that_ingests_the_samples(tmp_path):
    source = tmp_path / "clone"
    source.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "v"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    pip_version = _run(venv / "bin" / "pip", "--version", cwd=tmp_path)
    # The pip Python ships (23.2 on 3.11), the one that missed jusText's lxml[html_clean] extra.
    assert pip_version.startswith(f"pip {ensurepip.version()} "), pip_version
    # --no-compile: byte-compiling Beam and its friends is a third of the install's time (measured
    # 114 s with it, about 90 s without) and has no bearing on whether the dependencies resolve.
    _run(venv / "bin" / "pip", "install", "--quiet", "--no-compile", source, cwd=tmp_path)

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _run(venv / "bin" / "wirestream", "--version", cwd=tmp_path).strip() == f"wirestream {version}"
    out = tmp_path / "out"
    _run(venv / "bin" / "wirestream", "ingest", SAMPLES, "--output", out, cwd=tmp_path)

    con = duckdb.connect()
    sources = {
        Path(s).name
        for (s,) in con.execute(
            f"SELECT DISTINCT source FROM read_parquet('{out}/articles/**/*.parquet')"
        ).fetchall()
    }
    inputs = {p.name for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".json"}
    assert sources == inputs  # every sample input gave articles, the HTML page included
    letters = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}/dead_letters/*.parquet')")
    assert letters.fetchall() == [(0,)]
    title = con.execute(
        f"SELECT title FROM read_parquet('{out}/articles/**/*.parquet') WHERE source LIKE '%oslo_blackout.html'"
    ).fetchall()
    assert title == [("Strømbruddet i Oslo: Dette vet vi",)]

    _run(venv / "bin" / "wirestream", "report", out, "--out", tmp_path / "report.html", cwd=tmp_path)
    assert "Articles per day by language" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_version_is_the_installed_package_s(capsys):
    from pipelines.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert capsys.readouterr().out.strip() == f"wirestream {version}"
