"""The lake end to end: incremental runs, versions, identity traps, full refresh, compaction, views."""

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from connectors.lake import Lake, layout
from connectors.lake.lock import locked
from connectors.sources import expand_inputs
from pipelines.cli import main
from pipelines.lake import open_lake
from pipelines.run import Settings, run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
SEEDS = sorted(SAMPLES.glob("00*.txt"))
DAY1 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def ingest(out: Path, *inputs, now=DAY1, **settings) -> dict:
    found = expand_inputs([str(i) for i in inputs])
    return run_batch(found.files, Settings(output=str(out), **settings), now=now)


def rows(out: Path, sql: str) -> list[tuple]:
    return open_lake(str(out)).execute(sql).fetchall()


def glob_rows(out: Path, sql: str) -> list[tuple]:
    """What a plain DuckDB user sees, reading the files without wirestream."""
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW articles AS SELECT * FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true)"
    )
    return con.execute(sql).fetchall()


def parquet_files(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.parquet") if "_state" not in p.parts}


def test_a_folder_where_files_are_added_changed_and_removed(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder)
    first = ingest(out, folder)
    assert (first["articles"], first["new"], first["inputs_by_outcome"]) == (3, 3, {"ok": 3})
    files = parquet_files(out)

    again = ingest(out, folder)
    assert (again["articles"], again["inputs_unchanged"], again["files"]) == (0, 3, 0)
    assert parquet_files(out) == files  # nothing written, nothing rewritten

    shutil.copy(SEEDS[3], folder)  # added
    (folder / SEEDS[2].name).unlink()  # removed: its rows stay, the lake is a history
    seed1 = folder / SEEDS[1].name  # changed: a new update stamp
    seed1.write_text(
        seed1.read_text(encoding="utf-8").replace(
            "Oppdatert: 30.04.19 kl. 18:15", "Oppdatert: 30.04.19 kl. 19:05"
        ),
        encoding="utf-8",
    )
    third = ingest(out, folder)
    assert third["inputs_by_outcome"] == {"ok": 2, "unchanged": 1}
    assert (third["new"], third["changed"]) == (1, 1)
    versions = rows(
        out,
        "SELECT version, strftime(updated_at, '%H:%M'), CAST(date AS VARCHAR), previous_content_hash IS NULL "
        f"FROM articles WHERE source LIKE '%{SEEDS[1].name}' ORDER BY version",
    )
    assert versions == [(1, "16:15", "2019-04-30", True), (2, "17:05", "2019-04-30", False)]
    assert rows(out, "SELECT count(*), count(DISTINCT story_id) FROM articles") == [(5, 4)]
    assert rows(out, "SELECT count(*) FROM articles") == glob_rows(out, "SELECT count(*) FROM articles")


def test_the_same_feed_saved_twice_under_different_names_is_one_story_and_version(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SAMPLES / "nordic_wire.rss", folder / "siste-0800.rss")
    shutil.copy(SAMPLES / "nordic_wire.rss", folder / "siste-0900.rss")
    summary = ingest(out, folder)
    items = summary["new"] + summary["changed"]  # the feed lists one item and its update: 2 versions
    assert (summary["duplicates"], summary["changed"]) == (items, 1)
    shutil.copy(SAMPLES / "nordic_wire.rss", folder / "siste-1000.rss")
    later = ingest(out, folder)
    assert (later["articles"], later["unchanged"]) == (0, items)
    assert rows(out, "SELECT count(*), count(DISTINCT guid) FROM articles") == [(items, items - 1)]


def test_an_undated_item_keeps_its_partition_on_a_later_day(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    note = folder / "undated.txt"
    note.write_text("Et notat uten dato\n\nDette er teksten i notatet, uten noen dato.\n", encoding="utf-8")
    ingest(out, folder, now=DAY1)
    os.utime(note, ns=(0, 0))  # touched: same bytes, another mtime
    assert ingest(out, folder, now=DAY2)["articles"] == 0
    note.write_text(note.read_text(encoding="utf-8") + "\nEt nytt avsnitt kom til.\n", encoding="utf-8")
    assert ingest(out, folder, now=DAY2)["changed"] == 1
    assert rows(out, "SELECT version, CAST(date AS VARCHAR) FROM articles ORDER BY version") == [
        (1, "2026-11-30"),
        (2, "2026-11-30"),
    ]


def test_a_guid_shared_by_every_item_does_not_merge_them(tmp_path):
    feed = tmp_path / "same-guid.rss"
    items = "".join(
        f"<item><title>Sak nummer {n}</title><link>https://x.example/</link><guid>/a/</guid>"
        f"<description>Teksten i sak nummer {n} handler om noe helt eget.</description></item>"
        for n in range(4)
    )
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>{items}</channel></rss>'
    )
    summary = ingest(tmp_path / "lake", feed)
    assert (summary["new"], summary["changed"]) == (4, 0)
    assert rows(tmp_path / "lake", "SELECT count(DISTINCT story_id), max(version) FROM articles") == [(4, 1)]


def test_full_refresh_replaces_what_the_inputs_wrote(tmp_path):
    out = tmp_path / "lake"
    ingest(out, SEEDS[0], SEEDS[1])
    before = rows(out, "SELECT article_id, story_id, version FROM articles ORDER BY ALL")
    summary = ingest(out, SEEDS[0], SEEDS[1], full_refresh=True)
    assert (summary["inputs_read"], summary["new"], summary["replaced_rows"]) == (2, 2, 2)
    assert rows(out, "SELECT article_id, story_id, version FROM articles ORDER BY ALL") == before
    assert rows(out, "SELECT count(DISTINCT run_id) FROM articles") == [(1,)]
    assert glob_rows(out, "SELECT count(*) FROM articles") == [(2,)]


def test_compact_merges_a_partitions_files_in_one_commit(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    text = (SAMPLES / "cases" / "nb_strompris.txt").read_text(encoding="utf-8")
    for n in range(4):
        # One more input each run, all in one partition: a small file per run.
        (folder / f"strompris-{n}.txt").write_text(text + f"\nTillegg nummer {n}.\n", encoding="utf-8")
        ingest(out, folder)
    before = rows(out, "SELECT * EXCLUDE (run_id) FROM articles ORDER BY article_id")
    files_before = parquet_files(out)
    assert main(["compact", str(out)]) == 0
    after = parquet_files(out)
    assert len(after) < len(files_before)
    assert rows(out, "SELECT * EXCLUDE (run_id) FROM articles ORDER BY article_id") == before
    assert glob_rows(out, "SELECT count(*) FROM articles") == [(len(before),)]
    per_partition = {}
    for path in after:
        per_partition.setdefault(os.path.dirname(path), []).append(path)
    assert all(len(paths) == 1 for paths in per_partition.values())


def test_an_ingest_larger_than_a_batch_runs_in_batches_and_ends_as_one_run_would(tmp_path):
    folder, one, batched = tmp_path / "in", tmp_path / "one", tmp_path / "batched"
    folder.mkdir()
    text = (SAMPLES / "cases" / "nb_strompris.txt").read_text(encoding="utf-8")
    for n in range(5):  # five stories of one partition, and the seeds in theirs
        (folder / f"strompris-{n}.txt").write_text(text + f"\nTillegg nummer {n}.\n", encoding="utf-8")
    for seed in SEEDS:
        shutil.copy(seed, folder)
    whole = ingest(one, folder)
    summary = ingest(batched, folder, batch_size=3)

    assert len(summary["runs"]) == 4  # 10 inputs, 3 a batch
    assert rows(batched, "SELECT count(*) FROM runs WHERE kind = 'ingest' AND status = 'committed'") == [(4,)]
    for key in ("inputs", "inputs_read", "articles", "new", "articles_by_lang", "inputs_by_outcome"):
        assert summary[key] == whole[key], key
    columns = "SELECT article_id, story_id, version, lang, date, source FROM articles ORDER BY ALL"
    assert rows(batched, columns) == rows(one, columns)
    # the batches' files of a partition were merged: one file each, as after a single run
    per_partition: dict[str, int] = {}
    for path in parquet_files(batched):
        if path.startswith("articles/"):
            per_partition[os.path.dirname(path)] = per_partition.get(os.path.dirname(path), 0) + 1
    assert summary["compacted"]["files_before"] > summary["compacted"]["files_after"]
    assert set(per_partition.values()) == {1}
    assert summary["files"] == whole["files"]  # counted after the merge, as one run wrote them
    again = ingest(batched, folder, batch_size=3)
    assert (again["articles"], again["inputs_unchanged"]) == (0, 10)


def test_compact_every_n_runs(tmp_path):
    out = tmp_path / "lake"
    ingest(out, SEEDS[0], compact_every=2)
    summary = ingest(out, SEEDS[1], compact_every=2)
    assert "compacted" in summary


def test_the_inputs_view_shows_every_outcome(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    (folder / "empty-feed.rss").write_text('<rss version="2.0"><channel><title>Tom</title></channel></rss>')
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    ingest(out, folder)
    ingest(out, folder, now=DAY2)
    found = rows(
        out,
        "SELECT regexp_extract(source, '[^/]+$'), outcome, items, new, dead_letters, error IS NOT NULL "
        "FROM inputs ORDER BY started_at, source",
    )
    assert found == [
        (SEEDS[0].name, "ok", 1, 1, 0, False),
        ("empty-feed.rss", "empty", 0, 0, 0, False),
        ("photo.txt", "error", 0, 0, 1, True),
        (SEEDS[0].name, "unchanged", 0, 0, 0, False),
        ("empty-feed.rss", "unchanged", 0, 0, 0, False),
        ("photo.txt", "unchanged", 0, 0, 0, False),  # refused bytes, unchanged: not refused again
    ]
    assert rows(out, "SELECT count(*) FROM dead_letters") == [(1,)]
    assert rows(out, "SELECT kind, status, inputs FROM runs ORDER BY started_at") == [
        ("ingest", "committed", 3),
        ("ingest", "committed", 3),
    ]


def test_an_empty_lake_can_be_read_with_a_plain_glob(tmp_path):
    out = tmp_path / "lake"
    (tmp_path / "empty.txt").write_bytes(b"")
    ingest(out, tmp_path / "empty.txt")
    con = duckdb.connect()
    assert con.execute(
        f"SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning = true)"
    ).fetchall() == [(0,)]
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/dead_letters/*.parquet')").fetchall() == [
        (1,)
    ]


def test_a_second_run_waits_for_the_lock_or_says_why(tmp_path, capsys):
    out = tmp_path / "lake"
    with locked(str(out)):
        code = main(["ingest", str(SEEDS[0]), "--output", str(out), "--lock-timeout", "0.3"])
    assert code == 75
    err = capsys.readouterr().err
    assert "another run" in err and "did not finish within 0.3 s" in err
    assert not (out / "articles").exists()  # nothing ran
    assert main(["ingest", str(SEEDS[0]), "--output", str(out), "--lock-timeout", "0.3"]) == 0


def test_state_command_shows_inputs_and_counts(tmp_path, capsys):
    out = tmp_path / "lake"
    ingest(out, SEEDS[0], SEEDS[1])
    assert main(["state", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 inputs, 2 stories, 2 versions, 1 committed runs" in printed
    assert SEEDS[0].name in printed and "ok" in printed


def test_a_lake_written_without_state_is_not_mixed_into(tmp_path):
    out = tmp_path / "lake"
    (out / "articles" / "date=2024-01-01" / "lang=no").mkdir(parents=True)
    (out / "articles" / "date=2024-01-01" / "lang=no" / "part-legacy.parquet").write_bytes(b"PAR1")
    with pytest.raises(Exception, match="no state store"), Lake.open(str(out)):
        pass
    assert not os.path.exists(layout.state_db(str(out)))


def test_a_rerun_after_a_schema_change_of_the_state(tmp_path):
    import sqlite3

    from connectors.lake.state import SCHEMA_VERSION

    out = tmp_path / "lake"
    ingest(out, SEEDS[0], SEEDS[1])
    # Take the store back to schema 1, as an older wirestream left it.
    db = sqlite3.connect(layout.state_db(str(out)))
    db.execute("DROP INDEX versions_by_content")
    for table, column in (
        ("stories", "cluster_id"),
        ("stories", "last_text"),
        ("inputs", "etag"),
        ("inputs", "last_modified"),
        ("inputs", "moved_to"),
        ("inputs", "next_attempt"),
    ):
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # fmt: skip
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    summary = ingest(out, SEEDS[0], SEEDS[1], SEEDS[2])
    assert (summary["inputs_unchanged"], summary["new"]) == (2, 1)
    assert rows(out, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(3, 3)]
    db = sqlite3.connect(layout.state_db(str(out)))
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
