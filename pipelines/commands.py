"""What each `wirestream` subcommand does, once its arguments are parsed (`cli.py` parses them).

Each command returns the exit status and reports a problem the user can act on in one line on
stderr; the lake's own errors (busy, unusable state) map to the statuses `--help` lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_LOG = logging.getLogger("wirestream")

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STRICT = 3
EXIT_BUSY = 75


class Exit(Exception):
    """Ends a command with `status` after printing `message` (one line) on stderr."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def fail(status: int, message: str) -> int:
    print(f"wirestream: {message}", file=sys.stderr)
    return status


@contextmanager
def lake_errors() -> Iterator[None]:
    """Turns the lake's own errors into their exit statuses: busy 75, an unusable state 1."""
    from connectors.lake import LakeBusy, StateError

    try:
        yield
    except LakeBusy as exc:
        raise Exit(EXIT_BUSY, str(exc)) from None
    except StateError as exc:
        raise Exit(EXIT_FAILED, str(exc)) from None


def need_directory(path: str) -> None:
    if not os.path.isdir(path):
        raise Exit(EXIT_USAGE, f"{path} is not a directory")


def run_settings(args: argparse.Namespace, **more: Any):
    """The run's Settings from the options `ingest` and `stream` share, plus `more`.

    Raises:
        ValueError: for a setting no run could use (the message is for the user).
    """
    from connectors.http import FetchSettings
    from pipelines.run import Settings

    contact = {"contact_url": args.contact_url} if args.contact_url else {}
    return Settings(
        output=args.output,
        detector=args.language_detector,
        languages=tuple(c.strip() for c in (args.languages or "").split(",") if c.strip()),
        zone=args.zone,
        lock_timeout=args.lock_timeout,
        fetch=FetchSettings(workers=args.fetch_workers, max_bytes=args.max_feed_bytes, **contact),
        fetch_articles=args.fetch_articles,
        **more,
    )


def _parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--fetched-at {value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"--fetched-at {value!r} needs a zone offset, e.g. 2019-04-30T18:20+02:00")
    return parsed.astimezone(dt.UTC)


def ingest(args: argparse.Namespace) -> int:
    """`wirestream ingest`: lists the inputs, runs the graph over what changed, prints the summary."""
    from connectors.sources import expand_inputs
    from pipelines.run import run_batch

    try:
        settings = run_settings(
            args,
            runner=args.runner,
            dask_scheduler=args.dask_scheduler,
            dask_workers=args.dask_workers,
            fetched_at=_parse_time(args.fetched_at),
            full_refresh=args.full_refresh,
            compact_every=args.compact_every,
            batch_size=args.batch_size,
            progress="quiet" if args.quiet else "auto",
            workers=args.workers,
            beam_args=tuple(args.beam_args),
        )
    except ValueError as exc:
        return fail(EXIT_USAGE, str(exc))
    found = expand_inputs(args.inputs)
    if found.missing:
        # As cp or rsync do: a path the user named that does not exist is a usage error, before anything runs.
        return fail(EXIT_USAGE, f"no such file, folder or glob match: {', '.join(found.missing)}")
    for path, reason in found.skipped:
        _LOG.info("skipped %s: %s", path, reason)
    if not found.files and not found.errors:
        return fail(EXIT_USAGE, "nothing to ingest: no article or feed files in " + ", ".join(args.inputs))
    for path, kind in found.files:
        _LOG.debug("input %s (%s)", path, kind)
    try:
        with lake_errors():
            summary = run_batch(found.files, settings, skipped=found.skipped, errors=found.errors)
    except (KeyboardInterrupt, SystemExit, Exit):
        raise
    except Exception as exc:  # noqa: BLE001 - one clear line for the user; the traceback with -v
        _LOG.debug("the run failed", exc_info=True)
        return fail(
            EXIT_FAILED,
            f"the run failed ({type(exc).__name__}: {exc}); nothing of it was committed, "
            "and the next run starts clean (-v shows the traceback)",
        )
    print(_format_summary(summary))
    if args.strict and summary["dead_letters"]:
        return fail(EXIT_STRICT, f"--strict: {summary['dead_letters']} dead letters")
    return 0


def _format_summary(s: dict) -> str:
    langs = ", ".join(f"{lang} {n}" for lang, n in s["articles_by_lang"].items()) or "none"
    outcomes = ", ".join(f"{k} {n}" for k, n in s["inputs_by_outcome"].items())
    lines = [
        f"wirestream: {s['articles']} articles written from {s['inputs']} inputs in {s['seconds']:.1f} s "
        + (
            f"(runs {s['runs'][0]} to {s['runs'][-1]}, {len(s['runs'])} batches)"
            if s.get("runs")
            else f"(run {s['run_id']})"
        ),
        f"  inputs: {outcomes}" + (" (unchanged inputs are not read again)" if s["inputs_unchanged"] else ""),
        f"  by language: {langs}",
        f"  new stories {s['new']}, new versions {s['changed']}, unchanged items {s['unchanged']}, "
        f"duplicates {s['duplicates']}, exact repeats {s.get('repeats', 0)}",
        f"  captions {s['captions']} ({s['captions_collapsed']} repeats collapsed), updates found {s['updates']}, "
        f"warnings {s['warnings']}",
        f"  dead letters {s['dead_letters']}"
        + (" (query them: SELECT * FROM dead_letters)" if s["dead_letters"] else ""),
    ]
    if s.get("replaced_rows"):
        lines.append(f"  full refresh: {s['replaced_rows']} earlier rows of these inputs replaced")
    if s["skipped"]:
        reasons: dict[str, int] = {}
        for item in s["skipped"]:
            reasons[item["reason"]] = reasons.get(item["reason"], 0) + 1
        detail = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        lines.append(f"  skipped {len(s['skipped'])} files ({detail})")
    if s.get("compacted"):
        c = s["compacted"]
        lines.append(f"  compacted {c['files_before']} files into {c['files_after']}")
    lines.append(f"  output {s['output']} ({s['files']} new files)")
    return "\n".join(lines)


def query(args: argparse.Namespace) -> int:
    """`wirestream query`: runs SQL over the lake and prints the result."""
    import duckdb

    from pipelines.lake import open_lake, render

    need_directory(args.directory)
    with lake_errors():
        con = open_lake(args.directory)
    try:
        cursor = con.execute(args.sql)
    except duckdb.Error as exc:
        return fail(EXIT_FAILED, f"query failed: {exc}")
    columns = [d[0] for d in cursor.description or ()]
    print(render(columns, cursor.fetchall(), fmt=args.format, max_width=args.max_width))
    return 0


def stream(args: argparse.Namespace) -> int:
    """`wirestream stream`: micro-batch cycles until SIGINT or SIGTERM."""
    from pipelines.run import run_stream

    try:
        settings = run_settings(args, progress="quiet")  # a cycle's one-line summary is its progress
        if args.interval <= 0 or (args.cycles is not None and args.cycles < 1) or args.compact_every < 0:
            raise ValueError("--interval must be above 0, --cycles at least 1, --compact-every 0 or more")
    except ValueError as exc:
        return fail(EXIT_USAGE, str(exc))
    with lake_errors():
        run_stream(
            args.inputs,
            settings,
            interval=args.interval,
            cycles=args.cycles,
            compact_every=args.compact_every,
            report=lambda line: print(line, flush=True),
        )
    return 0


def show_state(args: argparse.Namespace) -> int:
    """`wirestream state`: what the state store knows."""
    from connectors.lake import State, StateError
    from pipelines.lake import render

    try:
        state = State.open(args.directory, readonly=True)
    except StateError as exc:
        return fail(EXIT_USAGE, str(exc))
    with state:
        counts = state.counts()
        schema = state.schema_version
        columns, rows = state.query(
            "SELECT location, kind, last_outcome AS outcome, failures, size AS bytes, last_run, last_seen "
            "FROM inputs ORDER BY last_seen DESC, location LIMIT ?",
            (args.limit,),
        )
        _, outcomes = state.query("SELECT last_outcome, count(*) FROM inputs GROUP BY 1 ORDER BY 1")
        _, last = state.query(
            "SELECT run_id, status, seconds FROM runs WHERE kind = 'ingest' ORDER BY run_id DESC LIMIT 1"
        )
    print(
        f"{args.directory}: {counts['inputs']} inputs, {counts['stories']} stories, {counts['versions']} versions, "
        f"{counts['runs']} committed runs, {counts['files']} files (state schema {schema})"
    )
    if outcomes:
        print("inputs by last outcome: " + ", ".join(f"{o} {n}" for o, n in outcomes))
    if last:
        print(f"last ingest: {last[0][0]} ({last[0][1]}, {last[0][2] or 0:.1f} s)")
    if rows:
        print(render(columns, rows, max_width=70))
    return 0


def compact(args: argparse.Namespace) -> int:
    """`wirestream compact`: merges small files, in one commit."""
    from connectors.lake import Lake

    with lake_errors(), Lake.open(args.directory, lock_timeout=args.lock_timeout) as lake:
        result = lake.compact()
    print(
        f"wirestream: compacted {result['files_before']} files into {result['files_after']} "
        f"({result['rows']} rows) in {result['seconds']:.1f} s (run {result['run_id']})"
    )
    return 0


def story(args: argparse.Namespace) -> int:
    """`wirestream story`: a story's versions as a diff, and who carried it."""
    from pipelines.changes import render_history
    from pipelines.lake import open_lake

    need_directory(args.directory)
    with lake_errors():
        con = open_lake(args.directory)
    prefix = args.id.strip() + "%"
    found = con.execute(
        "SELECT DISTINCT story_id FROM articles WHERE story_id LIKE ? OR cluster_id LIKE ?", [prefix, prefix]
    ).fetchall()
    if not found:
        return fail(EXIT_FAILED, f"no story or cluster {args.id!r} in {args.directory}")

    def rows(sql: str, params: list) -> list[dict]:
        cursor = con.execute(sql, params)
        columns = [d[0] for d in cursor.description or ()]
        return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]

    for n, story_id in enumerate(sorted(s for (s,) in found)):
        versions = rows("SELECT * FROM articles WHERE story_id = ? ORDER BY version", [story_id])
        cluster = versions[0].get("cluster_id")
        copies = (
            rows("SELECT * FROM articles WHERE cluster_id = ? ORDER BY published_at", [cluster])
            if cluster
            else []
        )
        print(("\n" if n else "") + render_history(versions, copies))
    return 0


def rebuild_copies(args: argparse.Namespace) -> int:
    """`wirestream rebuild-copies`: the copy index again, from the Parquet alone."""
    from connectors.lake import Lake, layout
    from pipelines.clusters import rebuild_index
    from pipelines.copies import CopyOptions

    with lake_errors(), Lake.open(args.directory, lock_timeout=args.lock_timeout) as lake:
        index = rebuild_index(lake.output, CopyOptions(), now=dt.datetime.now(dt.UTC))
        index.save(layout.copies_dir(lake.output), run_id=lake.state.last_run("ingest"))
    print(
        f"wirestream: copy index rebuilt: {len(index)} articles, {index.nbytes() / 2**20:.1f} MiB in memory"
    )
    return 0


def report(args: argparse.Namespace) -> int:
    """`wirestream report`: writes the HTML report of a lake."""
    from pipelines.lake import open_lake
    from pipelines.report import build_report

    need_directory(args.directory)
    with lake_errors():
        page = build_report(open_lake(args.directory), title=f"wirestream report: {args.directory}")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(page)
    print(f"wirestream: report written to {args.out} ({len(page.encode()) // 1024} KiB)")
    return 0
