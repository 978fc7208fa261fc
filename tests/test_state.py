"""The state store: migrations, lookups by any key, and what a commit records."""

import datetime as dt
import sqlite3

import pytest

from connectors.lake import Fingerprint, InputOutcome, State, StateError, VersionRow, layout
from connectors.lake.state import MIGRATIONS, SCHEMA_VERSION

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
RUN = "20261130T120000Z-0001"


def version(
    story="s1", n=1, source_hash="h1", keys=("guid:g1", "url:https://x.example/1"), source="/in/a.rss"
):
    return VersionRow(
        story, n, source_hash, f"c-{source_hash}", f"a-{source_hash}", source, "2024-03-11", keys
    )


def committed(tmp_path, *versions, inputs=()):
    state = State.open(str(tmp_path))
    state.begin_run(RUN, kind="ingest", started_at=NOW)
    state.commit_run(RUN, seconds=1.0, versions=versions, inputs=inputs)
    return state


def test_a_story_is_found_under_any_of_its_keys_with_every_version(tmp_path):
    with committed(tmp_path, version(n=1, source_hash="h1"), version(n=2, source_hash="h2")) as state:
        for keys in (["guid:g1"], ["guid:changed", "url:https://x.example/1"]):
            story = state.find_story(keys)
            assert story is not None
            assert (story.story_id, story.version, story.content_hash) == ("s1", 2, "c-h2")
            assert story.source_hashes == {"h1", "h2"}
            assert story.date == dt.date(2024, 3, 11)
        assert state.find_story(["guid:other"]) is None


def test_versions_of_a_refreshed_input_do_not_count(tmp_path):
    v1 = version(n=1, source_hash="h1", source="/in/a.rss")
    v2 = version(n=2, source_hash="h2", source="/in/b.rss")
    with committed(tmp_path, v1, v2) as state:
        story = state.find_story(["guid:g1"], ignore_sources={"/in/b.rss"})
        assert story is not None and (story.version, story.source_hashes) == (1, {"h1"})
        assert state.find_story(["guid:g1"], ignore_sources={"/in/a.rss", "/in/b.rss"}) is None


def test_an_input_keeps_its_fingerprint_and_counts_failures(tmp_path):
    ok = InputOutcome("/in/a.txt", "article", "ok", items=1, new=1, fingerprint=Fingerprint(10, 5, "abc"))
    with committed(tmp_path, inputs=[ok]) as state:
        assert state.fingerprint("/in/a.txt") == Fingerprint(10, 5, "abc")
        for n, run in enumerate(("20261130T120001Z-0002", "20261130T120002Z-0003"), start=1):
            state.begin_run(run, kind="ingest", started_at=NOW)
            state.commit_run(
                run, seconds=0.1, inputs=[InputOutcome("/in/a.txt", "article", "error", error="gone")]
            )
            _, rows = state.query("SELECT failures, last_outcome, sha256 FROM inputs")
            assert rows == [(n, "error", None)]  # a failed read is retried next run


def test_a_store_of_an_older_schema_is_upgraded_and_keeps_its_rows(tmp_path):
    path = layout.state_db(str(tmp_path))
    (tmp_path / layout.STATE_DIR).mkdir()
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO inputs (location, kind, size, mtime_ns, sha256, first_seen, last_seen) "
        "VALUES ('/in/a.txt', 'article', 10, 5, 'abc', 'x', 'x')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with State.open(str(tmp_path)) as state:
        assert state.schema_version == SCHEMA_VERSION
        assert state.fingerprint("/in/a.txt") == Fingerprint(10, 5, "abc", None, None)
        assert state.query("SELECT etag, moved_to FROM inputs")[1] == [(None, None)]


def test_a_store_from_a_newer_wirestream_is_refused(tmp_path):
    State.open(str(tmp_path)).close()
    db = sqlite3.connect(layout.state_db(str(tmp_path)))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="newer than this wirestream knows"):
        State.open(str(tmp_path))


def test_readonly_open_of_a_folder_without_state_says_so(tmp_path):
    with pytest.raises(StateError, match="has no state store"):
        State.open(str(tmp_path), readonly=True)


def test_wal_mode(tmp_path):
    with State.open(str(tmp_path)) as state:
        assert state.query("PRAGMA journal_mode")[1] == [("wal",)]
