"""End to end: the CLI on sample_feeds/ into a temporary lake, read back with DuckDB."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.lake import open_lake

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
SEEDS = sorted(SAMPLES.glob("00*.txt"))


def lake(directory: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW articles AS SELECT * FROM read_parquet('{directory}/articles/**/*.parquet', hive_partitioning = true)"
    )
    return con


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    out = tmp_path_factory.mktemp("lake")
    assert main(["ingest", str(SAMPLES), "--output", str(out)]) == 0
    return out


def test_seeds_and_feed_items_land_in_da_no_and_en(ingested):
    con = lake(ingested)
    langs = dict(con.execute("SELECT lang, count(*) FROM articles GROUP BY lang").fetchall())
    assert {"da", "no", "en"} <= set(langs)
    sources = {Path(s).name for (s,) in con.execute("SELECT DISTINCT source FROM articles").fetchall()}
    assert {p.name for p in SEEDS} <= sources
    assert {"nordic_wire.rss", "world_updates.atom", "ntb_rdf.rdf"} <= sources
    kinds = dict(con.execute("SELECT source_kind, count(*) FROM articles GROUP BY ALL").fetchall())
    assert kinds["feed"] > 0 and kinds["file"] >= len(SEEDS)


def test_seed_001_is_read_as_the_issue_says(ingested):
    con = lake(ingested)
    row = con.execute(
        "SELECT lang, CAST(date AS VARCHAR), byline, related, len(captions), "
        "strftime(published_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') "
        "FROM articles WHERE source LIKE '%001_2e4441bb8b14a0ac.txt'"
    ).fetchall()
    assert row == [
        (
            "no",
            "2019-04-30",
            "NTB-AP-AFP",
            [
                "Guaidó varsler på nytt maktovertagelse i Venezuela",
                "Guaidó trapper opp – nye demonstrasjoner",
            ],
            2,
            "2019-04-30 15:49",
            "2019-04-30 16:15",
        )
    ]


def test_run_summary_is_printed_and_recorded(tmp_path, capsys):
    out = tmp_path / "lake"
    assert main(["ingest", str(SEEDS[0]), str(SEEDS[1]), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "wirestream: 2 articles written from 2 inputs" in printed
    assert "by language: da 1, no 1" in printed
    assert "3 repeats collapsed" in printed
    # The summary is the run's row in the state, read back through the `runs` view.
    con = open_lake(str(out))
    assert con.execute("SELECT status, inputs, articles, dead_letters FROM runs").fetchall() == [
        ("committed", 2, 2, 0)
    ]
    assert not (out / "_runs").exists()


def test_a_rerun_leaves_the_same_rows(tmp_path):
    out = tmp_path / "lake"
    inputs = [str(SAMPLES / "001_2e4441bb8b14a0ac.txt"), str(SAMPLES / "nordic_wire.rss")]
    assert main(["ingest", *inputs, "--output", str(out)]) == 0
    first = lake(out).execute("SELECT article_id, title, lang, date FROM articles ORDER BY ALL").fetchall()
    files = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    # The same inputs spelled differently are the same inputs.
    assert main(["ingest", f"./{os.path.relpath(inputs[0])}", inputs[1], "--output", str(out)]) == 0
    assert (
        lake(out).execute("SELECT article_id, title, lang, date FROM articles ORDER BY ALL").fetchall()
        == first
    )
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == files


def test_bad_files_become_dead_letters_and_the_rest_is_written(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS[0], inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    )
    (inputs / "broken.rss").write_bytes(b"<rss><channel><item><title>unclosed")
    (inputs / "notes.xml").write_bytes(b"this is not xml, just a note saved as .xml")
    out = tmp_path / "lake"
    assert main(["ingest", str(inputs), "--output", str(out)]) == 0
    assert "dead letters 4" in capsys.readouterr().out
    con = lake(out)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    letters = duckdb.sql(
        f"SELECT step, source, error FROM read_parquet('{out}/dead_letters/*.parquet') ORDER BY source"
    ).fetchall()
    assert sorted((Path(source).name, step) for step, source, _ in letters) == [
        ("broken.rss", "parse"),  # a truncated feed still yields its item, which has no text
        ("empty.txt", "read"),
        ("notes.xml", "read"),
        ("photo.txt", "read"),
    ]
    assert all(error for _, _, error in letters)


def test_a_missing_input_is_refused_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "lake"
    assert main(["ingest", str(SEEDS[0]), str(tmp_path / "nowhere.txt"), "--output", str(out)]) == 2
    assert "no such file, folder or glob match: " in capsys.readouterr().err
    assert not out.exists()


def test_strict_exits_3_on_dead_letters(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS[0], inputs)
    (inputs / "empty.txt").write_bytes(b"")
    assert main(["ingest", str(inputs), "--output", str(tmp_path / "a")]) == 0
    assert main(["ingest", str(inputs), "--output", str(tmp_path / "b"), "--strict"]) == 3
    assert "--strict: 1 dead letters" in capsys.readouterr().err
    assert main(["ingest", str(SEEDS[0]), "--output", str(tmp_path / "c"), "--strict"]) == 0


def test_query_prints_a_table(ingested, capsys):
    assert (
        main(["query", str(ingested), "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang"])
        == 0
    )
    out = capsys.readouterr().out
    assert "| lang | n " in out and "| da   |" in out
    assert main(["query", str(ingested), "SELECT count(*) AS n FROM dead_letters"]) == 0
    assert "| 0 |" in capsys.readouterr().out


def test_query_reports_bad_sql_without_a_traceback(ingested, capsys):
    assert main(["query", str(ingested), "SELEC nonsense"]) == 1
    assert "query failed" in capsys.readouterr().err


def test_help_answers_without_importing_beam():
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "ingest" in proc.stdout and "query" in proc.stdout
    # --help documents the exit codes.
    for code in ("0 done", "2 bad usage", "3 with --strict", "75 the output is locked", "130 interrupted"):
        assert code in " ".join(proc.stdout.split())
    assert proc.stderr == ""
    check = subprocess.run(
        [sys.executable, "-c", "import sys, pipelines.cli; print('apache_beam' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert check.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--languages", "xx,nb"], "unknown ISO 639-1 language code(s): ['xx']"),
        (["--zone", "Mars/Base"], "unknown time zone 'Mars/Base'"),
        (["--fetched-at", "yesterday"], "is not an ISO 8601 time"),
        (["--fetched-at", "2019-04-30T18:20"], "needs a zone offset"),
        (["--dask-workers", "0"], "--dask-workers must be at least 1"),
        (["--dask-scheduler", "tcp://127.0.0.1:8786"], "--dask-scheduler needs --runner dask"),
        (["--lock-timeout", "-1"], "--lock-timeout cannot be negative"),
    ],
)
def test_bad_settings_are_refused_before_anything_runs(tmp_path, capsys, flags, message):
    out = tmp_path / "lake"
    assert main(["ingest", str(SEEDS[1]), "--output", str(out), *flags]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_fetched_at_resolves_relative_stamps(tmp_path):
    out = tmp_path / "lake"
    assert (
        main(["ingest", str(SEEDS[1]), "--output", str(out), "--fetched-at", "2019-04-30T18:20+02:00"]) == 0
    )
    row = (
        lake(out)
        .execute(
            "SELECT relative_stamps, strftime(updated_at AT TIME ZONE 'UTC', '%H:%M'), len(updates) FROM articles"
        )
        .fetchall()
    )
    # "Oppdatert nå nettopp" is the capture time itself: the latest update.
    assert row == [([], "16:20", 2)]


def test_query_renders_lists_and_times_readably(ingested, capsys):
    sql = "SELECT updates FROM articles WHERE source LIKE '%001_2e4441bb8b14a0ac.txt'"
    assert main(["query", str(ingested), sql]) == 0
    assert "| [2019-04-30 16:15:00+00:00] |" in capsys.readouterr().out


def test_cli_choices_match_the_pipeline():
    from pipelines import cli, language, run

    assert (cli.DETECTORS, cli.RUNNERS) == (language.DETECTORS, run.RUNNERS)


def test_verbose_is_accepted_after_the_subcommand_too(tmp_path):
    out = tmp_path / "lake"
    assert main(["ingest", "-v", str(SEEDS[1]), "--output", str(out), "--quiet"]) == 0
    assert main(["-v", "query", str(out), "SELECT 1"]) == 0


def test_arguments_after_a_double_dash_reach_beam(tmp_path, monkeypatch):
    from apache_beam.options.pipeline_options import DirectOptions

    from pipelines import run

    seen = []
    real = run.pipeline_options

    def spy(settings):
        options = real(settings)
        seen.append(options.view_as(DirectOptions))
        return options

    monkeypatch.setattr(run, "pipeline_options", spy)
    out = tmp_path / "lake"
    argv = ["ingest", str(SEEDS[1]), "--output", str(out), "--quiet", "--"]
    assert main([*argv, "--direct_num_workers=2", "--direct_running_mode=multi_threading"]) == 0
    assert (seen[0].direct_num_workers, seen[0].direct_running_mode) == (2, "multi_threading")
    assert lake(out).execute("SELECT count(*) FROM articles").fetchall() == [(1,)]


def test_workers_become_beams_multi_process_options():
    from apache_beam.options.pipeline_options import DirectOptions

    from pipelines.run import Settings, pipeline_options

    options = pipeline_options(Settings(output="x", workers=3)).view_as(DirectOptions)
    assert (options.direct_num_workers, options.direct_running_mode) == (3, "multi_processing")


def test_a_run_that_fails_says_so_in_one_line_and_commits_nothing(tmp_path, capsys, monkeypatch):
    from pipelines import run

    def broken(items, graph, settings):
        raise RuntimeError("the cluster went away")

    monkeypatch.setattr(run, "_run_graph", broken)
    out = tmp_path / "lake"
    assert main(["ingest", str(SEEDS[0]), "--output", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "the run failed (RuntimeError: the cluster went away); nothing of it was committed" in err
    monkeypatch.undo()
    assert main(["ingest", str(SEEDS[0]), "--output", str(out), "--quiet"]) == 0
    assert open_lake(str(out)).execute("SELECT status FROM runs ORDER BY started_at").fetchall() == [
        ("failed",),
        ("committed",),
    ]
