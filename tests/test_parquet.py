"""The writer: deterministic files, merge by id, atomic replace, partition columns only in the path."""

import dataclasses
import datetime as dt
import os

import duckdb
import pyarrow.parquet as pq

from connectors.parquet import file_key, merge_rows, read_run_stats, write_file
from schemas import Article, DeadLetter
from tests import records

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
PUBLISHED = dt.datetime(2019, 4, 30, 15, 49, tzinfo=dt.UTC)


def article(article_id: str, *, source: str = "in/a.txt", position: int = 0, lang: str = "no") -> Article:
    return records.article(
        article_id=article_id,
        story_id="story",
        content_hash=article_id,
        source=source,
        run_id="run-1",
        ingested_at=NOW,
        position=position,
        title=f"Tittel {article_id}",
        body="Tekst.",
        lang=lang,
        published_at=PUBLISHED,
        date_source="published",
    )


def test_file_key_is_hive_partitioned_and_stable_however_the_source_is_spelled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("in")
    a = article("a", source="in/a.txt")
    b = article("a", source="./in//a.txt")
    assert file_key(a) == file_key(b)
    assert file_key(a).startswith("articles/date=2019-04-30/lang=no/part-")
    letter = DeadLetter(
        step="read", source="in/a.txt", error="ValueError: empty file", traceback="", payload=""
    )
    assert file_key(letter).startswith("dead_letters/part-")


def test_merge_rows_replaces_by_id_and_counts():
    existing = [{"article_id": "a", "position": 0, "v": 1}, {"article_id": "b", "position": 1, "v": 1}]
    new = [{"article_id": "b", "position": 1, "v": 2}, {"article_id": "c", "position": 2, "v": 2}]
    rows, counts = merge_rows(existing, new)
    assert [(r["article_id"], r["v"]) for r in rows] == [("a", 1), ("b", 2), ("c", 2)]
    assert counts == {"new": 1, "replaced": 1, "duplicates": 0}


def test_merge_rows_counts_duplicates_within_the_new_rows():
    rows, counts = merge_rows([], [{"article_id": "a", "position": 0}, {"article_id": "a", "position": 3}])
    assert [r["position"] for r in rows] == [3]
    assert counts == {"new": 1, "replaced": 0, "duplicates": 1}


def test_writing_twice_leaves_the_same_rows(tmp_path):
    records = [article("a"), article("b", position=1)]
    key = file_key(records[0])
    first = write_file(key, records, output=str(tmp_path), run_id="run-1")
    second = write_file(key, records, output=str(tmp_path), run_id="run-2")
    assert (first["new"], first["replaced"]) == (2, 0)
    assert (second["new"], second["replaced"]) == (0, 2)
    table = pq.read_table(tmp_path / key)
    assert table.column("article_id").to_pylist() == ["a", "b"]
    assert "lang" not in table.schema.names and "date" not in table.schema.names
    assert not [f for f in os.listdir(tmp_path / key.rsplit("/", 1)[0]) if f.startswith(".")]


def test_a_new_version_is_added_beside_the_old_one(tmp_path):
    key = file_key(article("a"))
    write_file(key, [article("a")], output=str(tmp_path), run_id="run-1")
    write_file(key, [article("a2")], output=str(tmp_path), run_id="run-2")
    assert sorted(pq.read_table(tmp_path / key).column("article_id").to_pylist()) == ["a", "a2"]


def test_dead_letters_get_the_run_id_and_merge_by_failure(tmp_path):
    letter = DeadLetter(
        step="read", source="bad.bin", error="ValueError: binary", traceback="tb", payload="\\x00"
    )
    key = file_key(letter)
    write_file(key, [letter], output=str(tmp_path), run_id="run-1")
    later = dataclasses.replace(letter, failed_at=NOW)
    stats = write_file(key, [later], output=str(tmp_path), run_id="run-2")
    rows = pq.read_table(tmp_path / key).to_pylist()
    assert [(r["run_id"], r["failed_at"]) for r in rows] == [("run-2", NOW)]
    assert stats["kind"] == "dead_letters" and stats["replaced"] == 1


def test_run_stats_are_recorded_per_file(tmp_path):
    write_file(file_key(article("a")), [article("a")], output=str(tmp_path), run_id="run-1")
    write_file(
        file_key(article("e", lang="en")), [article("e", lang="en")], output=str(tmp_path), run_id="run-1"
    )
    stats = read_run_stats(str(tmp_path), "run-1")
    assert sorted((s["lang"], s["rows"]) for s in stats) == [("en", 1), ("no", 1)]


def test_duckdb_reads_partitions_as_columns(tmp_path):
    for a in (article("a"), article("e", lang="en", source="in/e.txt")):
        write_file(file_key(a), [a], output=str(tmp_path), run_id="run-1")
    rows = duckdb.sql(
        f"SELECT lang, CAST(date AS VARCHAR), title FROM read_parquet('{tmp_path}/articles/**/*.parquet', "
        "hive_partitioning = true) ORDER BY lang"
    ).fetchall()
    assert rows == [("en", "2019-04-30", "Tittel e"), ("no", "2019-04-30", "Tittel a")]
