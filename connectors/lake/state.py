"""The lake's state store: SQLite in OUTPUT/_state/ (WAL), no server to run.

It knows, per input, what was last read (size, mtime, content hash; for feeds the HTTP validators),
its last outcome and failures; per story, its last version and the date partition of its first; per
version, the hash of what its source gave (so the same item read again from anywhere is skipped);
the runs with their files. A data file is part of the lake exactly when `files` lists it as live:
that row is written in the same transaction that commits its run (see `writer.commit`).

Workers of a distributed run open the store read-only (`query_only`) to look stories up; only the
process holding the lake's lock writes, and only at the start of a run and at its commit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from connectors.lake import layout

# Each entry upgrades the schema by one version; `PRAGMA user_version` records how far a store is.
# Append only: a released entry is never edited, so every older store upgrades the same way.
MIGRATIONS: tuple[str, ...] = (
    # 1: runs, files, inputs, stories, versions, aliases.
    """
    CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        seconds REAL,
        summary TEXT
    );
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        tbl TEXT NOT NULL,
        date TEXT,
        lang TEXT,
        rows INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        live INTEGER NOT NULL DEFAULT 1,
        removed_by TEXT
    );
    CREATE INDEX files_live ON files (live, tbl, date, lang);
    CREATE TABLE inputs (
        location TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        size INTEGER,
        mtime_ns INTEGER,
        sha256 TEXT,
        last_run TEXT,
        last_outcome TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    CREATE TABLE input_runs (
        run_id TEXT NOT NULL,
        location TEXT NOT NULL,
        kind TEXT NOT NULL,
        outcome TEXT NOT NULL,
        bytes INTEGER,
        items INTEGER NOT NULL DEFAULT 0,
        new INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        dead_letters INTEGER NOT NULL DEFAULT 0,
        seconds REAL,
        error TEXT,
        PRIMARY KEY (run_id, location)
    );
    CREATE TABLE stories (
        story_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        date TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    CREATE TABLE versions (
        story_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        source_hash TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        article_id TEXT NOT NULL,
        source TEXT NOT NULL,
        run_id TEXT NOT NULL,
        PRIMARY KEY (story_id, version)
    );
    CREATE INDEX versions_by_hash ON versions (story_id, source_hash);
    CREATE TABLE aliases (
        key TEXT PRIMARY KEY,
        story_id TEXT NOT NULL
    );
    """,
    # 2: what a live feed needs across runs: HTTP validators, the URL it moved to, back-off.
    """
    ALTER TABLE inputs ADD COLUMN etag TEXT;
    ALTER TABLE inputs ADD COLUMN last_modified TEXT;
    ALTER TABLE inputs ADD COLUMN moved_to TEXT;
    ALTER TABLE inputs ADD COLUMN next_attempt TEXT;
    """,
    # 3: copies and what changed: a story's cluster, its last version's text (for the next diff),
    # and versions found by content (exact repeats).
    """
    ALTER TABLE stories ADD COLUMN cluster_id TEXT;
    ALTER TABLE stories ADD COLUMN last_text BLOB;
    CREATE INDEX versions_by_content ON versions (content_hash);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StateError(RuntimeError):
    """The state store cannot be used (written by a newer wirestream, or damaged)."""


class NoState(StateError):
    """The folder has no state store (yet): nothing was ever committed there."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What an input looked like when it was last read."""

    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class KnownStory:
    """A story as the state knows it: its last version and every version's source hash."""

    story_id: str
    version: int
    content_hash: str
    date: dt.date
    source_hashes: frozenset[str]
    cluster_id: str | None = None
    last_text: dict[str, Any] | None = None  # title, paragraphs, captions of the last version


@dataclass(frozen=True, slots=True)
class InputOutcome:
    """One input's row in `input_runs`: what one run did with it."""

    location: str
    kind: str
    outcome: str
    bytes: int | None = None
    items: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    dead_letters: int = 0
    seconds: float | None = None
    error: str | None = None
    fingerprint: Fingerprint | None = None
    moved_to: str | None = None
    next_attempt: str | None = None


@dataclass(frozen=True, slots=True)
class VersionRow:
    """One written version of a story, with the keys its item is known by."""

    story_id: str
    version: int
    source_hash: str
    content_hash: str
    article_id: str
    source: str
    date: str
    keys: tuple[str, ...]
    cluster_id: str | None = None


@dataclass(frozen=True, slots=True)
class FileRow:
    """One committed data file."""

    path: str
    table: str
    rows: int
    bytes: int
    date: str | None = None
    lang: str | None = None


def pack_text(title: str | None, paragraphs: Sequence[str], captions: Sequence[str]) -> bytes:
    """A version's readable text, compressed, kept per story so the next version can say what changed."""
    return zlib.compress(
        json.dumps({"title": title, "paragraphs": list(paragraphs), "captions": list(captions)}).encode()
    )


def unpack_text(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class State:
    """The SQLite state store of one lake. Use `State.open(output)`; close it (or use `with`)."""

    def __init__(self, connection: sqlite3.Connection, *, path: str):
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, output: str, *, readonly: bool = False) -> State:
        """Opens (creating and upgrading when not `readonly`) the state store of the lake at `output`.

        Raises:
            StateError: the store was written by a newer wirestream, or is not a state store.
        """
        path = layout.state_db(output)
        if readonly and not os.path.exists(path):
            raise NoState(f"{output} has no state store ({path})")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            if readonly:
                db.execute("PRAGMA query_only = 1")
            else:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            state = cls(db, path=path)
            state._check_version(upgrade=not readonly)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StateError(f"{path} is not a usable state store: {exc}") from exc
        except StateError:
            db.close()
            raise
        return state

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self, *, upgrade: bool) -> None:
        found = self.schema_version
        if found > SCHEMA_VERSION:
            raise StateError(
                f"{self.path} has state schema {found}, newer than this wirestream knows ({SCHEMA_VERSION}): "
                "upgrade wirestream"
            )
        if found == 0 and not upgrade:
            raise NoState(f"{self.path} is being created")
        if found < SCHEMA_VERSION:
            if not upgrade:
                raise StateError(
                    f"{self.path} has state schema {found}; run `wirestream ingest` to upgrade it"
                )
            self.migrate()

    def migrate(self, *, to: int = SCHEMA_VERSION) -> None:
        """Applies the migrations the store has not had, all in one transaction.

        One transaction: a reader never sees a store half created or half upgraded.
        """
        with self._transaction():
            found = self.schema_version  # again, inside the lock: another process may have upgraded it
            for version in range(found, to):
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {max(found, to)}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- reading ---------------------------------------------------------------------------------

    def fingerprint(self, location: str) -> Fingerprint | None:
        """What `location` looked like when it was last read, or None for an input never read."""
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256, etag, last_modified FROM inputs WHERE location = ?", (location,)
        ).fetchone()
        return Fingerprint(*row) if row else None

    def find_story(self, keys: Sequence[str], *, ignore_sources: Collection[str] = ()) -> KnownStory | None:
        """The story known under the first of `keys` the state has seen, with its versions' hashes.

        Versions written from `ignore_sources` (inputs a full refresh re-reads) do not count; a story
        with no other version is unknown.
        """
        for key in keys:
            row = self._db.execute(
                "SELECT s.story_id, s.date, s.cluster_id, s.last_text, s.version FROM aliases a "
                "JOIN stories s USING (story_id) "
                "WHERE a.key = ?",
                (key,),
            ).fetchone()
            if not row:
                continue
            versions = [
                v
                for v in self._db.execute(
                    "SELECT version, content_hash, source_hash, source FROM versions WHERE story_id = ? "
                    "ORDER BY version",
                    (row[0],),
                )
                if v[3] not in ignore_sources
            ]
            if not versions:
                return None
            return KnownStory(
                story_id=row[0],
                version=versions[-1][0],
                content_hash=versions[-1][1],
                date=dt.date.fromisoformat(row[1]),
                source_hashes=frozenset(v[2] for v in versions),
                cluster_id=row[2],
                # The kept text is the story's last version's: it is the previous one only when that
                # version still counts (a full refresh may set it aside).
                last_text=unpack_text(row[3]) if row[3] is not None and versions[-1][0] == row[4] else None,
            )
        return None

    def input_row(self, location: str) -> dict[str, Any] | None:
        """Everything the store keeps about one input (a feed's validators, failures, back-off)."""
        columns, rows = self.query("SELECT * FROM inputs WHERE location = ?", (location,))
        return dict(zip(columns, rows[0], strict=True)) if rows else None

    def known_contents(self, hashes: Iterable[str]) -> dict[str, set[str]]:
        """content_hash -> the stories holding it, for those of `hashes` the lake holds (exact repeats)."""
        found: dict[str, set[str]] = {}
        hashes = list(hashes)
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for content, story in self._db.execute(
                f"SELECT DISTINCT content_hash, story_id FROM versions WHERE content_hash IN ({marks})", chunk
            ):
                found.setdefault(content, set()).add(story)
        return found

    def story_clusters(self, story_ids: Iterable[str]) -> dict[str, str]:
        """story_id -> cluster_id for the stories the state has a cluster for."""
        found: dict[str, str] = {}
        ids = list(story_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                (s, c)
                for s, c in self._db.execute(
                    f"SELECT story_id, cluster_id FROM stories WHERE cluster_id IS NOT NULL AND story_id IN ({marks})",
                    chunk,
                )
            )
        return found

    def last_run(self, kind: str = "ingest") -> str | None:
        row = self._db.execute(
            "SELECT max(run_id) FROM runs WHERE kind = ? AND status = 'committed'", (kind,)
        ).fetchone()
        return row[0]

    def unfinished_runs(self) -> list[str]:
        """Runs recorded as started that never committed or failed."""
        return [
            r for (r,) in self._db.execute("SELECT run_id FROM runs WHERE status = 'started' ORDER BY run_id")
        ]

    def run_status(self, run_id: str) -> str | None:
        row = self._db.execute("SELECT status FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return row[0] if row else None

    def live_files(self, table: str | None = None) -> list[str]:
        """Paths (relative to OUTPUT) of the committed data files, sorted."""
        if table is None:
            rows = self._db.execute("SELECT path FROM files WHERE live = 1 ORDER BY path")
        else:
            rows = self._db.execute(
                "SELECT path FROM files WHERE live = 1 AND tbl = ? ORDER BY path", (table,)
            )
        return [p for (p,) in rows]

    def live_file_rows(self, table: str) -> list[FileRow]:
        rows = self._db.execute(
            "SELECT path, tbl, rows, bytes, date, lang FROM files WHERE live = 1 AND tbl = ? ORDER BY path",
            (table,),
        ).fetchall()
        return [FileRow(*r) for r in rows]

    def removed_files(self) -> list[str]:
        return [p for (p,) in self._db.execute("SELECT path FROM files WHERE live = 0")]

    def runs_since(self, kind: str) -> int:
        """How many committed ingest runs came after the last committed run of `kind`."""
        row = self._db.execute(
            "SELECT count(*) FROM runs WHERE kind = 'ingest' AND status = 'committed' AND run_id > "
            "coalesce((SELECT max(run_id) FROM runs WHERE kind = ? AND status = 'committed'), '')",
            (kind,),
        ).fetchone()
        return int(row[0])

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Runs a read-only SQL query on the store; returns column names and rows (for views)."""
        cursor = self._db.execute(sql, params)
        return [d[0] for d in cursor.description or ()], cursor.fetchall()

    def counts(self) -> dict[str, int]:
        """How many inputs, stories, versions, runs and live files the state knows."""
        one = self._db.execute
        return {
            "inputs": one("SELECT count(*) FROM inputs").fetchone()[0],
            "stories": one("SELECT count(*) FROM stories").fetchone()[0],
            "versions": one("SELECT count(*) FROM versions").fetchone()[0],
            "runs": one("SELECT count(*) FROM runs WHERE status = 'committed' AND kind != 'init'").fetchone()[
                0
            ],
            "files": one("SELECT count(*) FROM files WHERE live = 1").fetchone()[0],
        }

    # --- writing ---------------------------------------------------------------------------------

    def begin_run(self, run_id: str, *, kind: str, started_at: dt.datetime) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO runs (run_id, kind, status, started_at) VALUES (?, ?, 'started', ?)",
                (layout.check_run_id(run_id), kind, started_at.isoformat()),
            )

    def fail_run(self, run_id: str, reason: str) -> None:
        """Marks a run that never committed as failed (its files are already gone)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET status = 'failed', finished_at = ?, summary = ? "
                "WHERE run_id = ? AND status = 'started'",
                (_now(), json.dumps({"error": reason}), run_id),
            )

    def commit_run(
        self,
        run_id: str,
        *,
        seconds: float,
        files: Iterable[FileRow] = (),
        removed: Iterable[str] = (),
        versions: Iterable[VersionRow] = (),
        inputs: Iterable[InputOutcome] = (),
        summary: dict[str, Any] | None = None,
        forget: Sequence[str] = (),
        texts: Mapping[str, bytes] | None = None,
    ) -> None:
        """Commits a run in one transaction: its files, what they replace, versions, inputs, summary.

        `forget` names input locations whose earlier versions this run replaces (a full refresh).
        """
        now = _now()
        with self._transaction() as db:
            if forget:
                self._forget(db, forget)
            db.executemany(
                "INSERT OR REPLACE INTO files (path, run_id, tbl, date, lang, rows, bytes, live) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                [(f.path, run_id, f.table, f.date, f.lang, f.rows, f.bytes) for f in files],
            )
            db.executemany(
                "UPDATE files SET live = 0, removed_by = ? WHERE path = ?", [(run_id, p) for p in removed]
            )
            for v in versions:
                self._add_version(db, run_id, v, now)
            db.executemany(
                "UPDATE stories SET last_text = ? WHERE story_id = ?",
                [(t, s) for s, t in (texts or {}).items()],
            )
            for i in inputs:
                self._record_input(db, run_id, i, now)
            db.execute(
                "UPDATE runs SET status = 'committed', finished_at = ?, seconds = ?, summary = ? WHERE run_id = ?",
                (now, seconds, json.dumps(summary or {}, sort_keys=True, default=str), run_id),
            )

    @staticmethod
    def _add_version(db: sqlite3.Connection, run_id: str, v: VersionRow, now: str) -> None:
        # OR IGNORE: two items of one run that only the state ties to one story (a guid that changed
        # while the link stayed, both seen in one run) may claim the same number; the first one wins.
        db.execute(
            "INSERT OR IGNORE INTO versions (story_id, version, source_hash, content_hash, article_id, "
            "source, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (v.story_id, v.version, v.source_hash, v.content_hash, v.article_id, v.source, run_id),
        )
        db.execute(
            "INSERT INTO stories (story_id, version, content_hash, date, first_seen, last_seen, cluster_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
            "content_hash = CASE WHEN excluded.version > stories.version THEN excluded.content_hash "
            "ELSE stories.content_hash END, "
            "version = max(stories.version, excluded.version), last_seen = excluded.last_seen, "
            "cluster_id = coalesce(stories.cluster_id, excluded.cluster_id)",
            (v.story_id, v.version, v.content_hash, v.date, now, now, v.cluster_id),
        )
        db.executemany(
            "INSERT OR IGNORE INTO aliases (key, story_id) VALUES (?, ?)", [(k, v.story_id) for k in v.keys]
        )

    @staticmethod
    def _record_input(db: sqlite3.Connection, run_id: str, i: InputOutcome, now: str) -> None:
        db.execute(
            "INSERT OR REPLACE INTO input_runs (run_id, location, kind, outcome, bytes, items, new, changed, "
            "unchanged, duplicates, dead_letters, seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                i.location,
                i.kind,
                i.outcome,
                i.bytes,
                i.items,
                i.new,
                i.changed,
                i.unchanged,
                i.duplicates,
                i.dead_letters,
                i.seconds,
                i.error,
            ),
        )
        failed = i.outcome == "error"
        f = i.fingerprint
        # No fingerprint: keep what the store has, unless the input failed (then the next run retries).
        # A file read and refused (binary, not a feed) keeps its fingerprint: unchanged, it fails the same way.
        columns = (
            "size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
        )
        if f is None and not failed:
            columns = ""
        size, mtime, sha, etag, modified = (
            (None,) * 5 if f is None else (f.size, f.mtime_ns, f.sha256, f.etag, f.last_modified)
        )
        db.execute(
            "INSERT INTO inputs (location, kind, size, mtime_ns, sha256, etag, last_modified, last_run, "
            "last_outcome, failures, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (location) DO UPDATE SET kind = excluded.kind, "
            + columns
            + "last_run = excluded.last_run, last_outcome = excluded.last_outcome, "
            "failures = CASE WHEN excluded.failures > 0 THEN inputs.failures + 1 ELSE 0 END, "
            "last_seen = excluded.last_seen",
            (i.location, i.kind, size, mtime, sha, etag, modified, run_id, i.outcome, int(failed), now, now),
        )
        if i.kind == "feed":
            # Where a permanent redirect moved the feed, and when a failing feed may be tried again.
            db.execute(
                "UPDATE inputs SET moved_to = coalesce(?, moved_to), next_attempt = ? WHERE location = ?",
                (i.moved_to, i.next_attempt, i.location),
            )

    @staticmethod
    def _forget(db: sqlite3.Connection, locations: Sequence[str]) -> None:
        """Drops the versions written from `locations` and their fingerprints (a full refresh).

        Stories left with no version are dropped with their aliases; the others fall back to their
        latest remaining version.
        """
        touched: set[str] = set()
        for location in locations:
            touched.update(
                s for (s,) in db.execute("SELECT story_id FROM versions WHERE source = ?", (location,))
            )
            db.execute("DELETE FROM versions WHERE source = ?", (location,))
        for story in sorted(touched):
            last = db.execute(
                "SELECT version, content_hash FROM versions WHERE story_id = ? ORDER BY version DESC LIMIT 1",
                (story,),
            ).fetchone()
            if last is None:
                db.execute("DELETE FROM stories WHERE story_id = ?", (story,))
                db.execute("DELETE FROM aliases WHERE story_id = ?", (story,))
            else:
                db.execute(
                    "UPDATE stories SET version = ?, content_hash = ? WHERE story_id = ?", (*last, story)
                )
        db.executemany(
            "UPDATE inputs SET size = NULL, mtime_ns = NULL, sha256 = NULL, etag = NULL, last_modified = NULL "
            "WHERE location = ?",
            [(loc,) for loc in locations],
        )
