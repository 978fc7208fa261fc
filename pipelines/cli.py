"""The `wirestream` command: `ingest` inputs into a Parquet lake, `query` it with DuckDB.

Beam, pyarrow and DuckDB are imported only by the subcommand that needs them, so `--help` answers
at once and without Beam's import noise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence

# Copies of pipelines.language.DETECTORS and pipelines.graph.RUNNERS, so that --help need not import
# Beam; tests/test_cli.py keeps them equal.
DETECTORS = ("auto", "langdetect", "cld2", "lingua")
RUNNERS = ("direct", "dask")

_LOG = logging.getLogger("wirestream")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirestream",
        description="Ingest news wire articles and feeds, with every update, into Hive-partitioned Parquet.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Log each input file as it is read.")
    parser.epilog = (
        "exit status: 0 done; 1 a query or run failed; 2 bad usage (an option, a missing input); "
        "3 with --strict, some input became a dead letter; 75 the output is locked by another run; "
        "130 interrupted (nothing half-committed)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser(
        "ingest",
        help="Read article files and feeds into OUTPUT/articles (Parquet).",
        description="Read article files (.txt .md .html .jsonl) and feeds (.xml .rss .atom .rdf) into "
        "OUTPUT/articles/date=YYYY-MM-DD/lang=xx/*.parquet; unreadable input goes to OUTPUT/dead_letters/. "
        "Re-ingesting the same input replaces its rows instead of duplicating them.",
    )
    ingest.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="Files, folders (read recursively) or globs."
    )
    ingest.add_argument("-o", "--output", required=True, help="The output directory (created if missing).")
    ingest.add_argument(
        "--full-refresh",
        action="store_true",
        help="Read every input again, changed or not, and replace the rows those inputs wrote before.",
    )
    ingest.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="How long to wait for another run on the same OUTPUT to finish (default: 60).",
    )
    ingest.add_argument(
        "--compact-every",
        type=int,
        default=0,
        metavar="N",
        help="Merge small files after every N runs (default: 0, never; see `wirestream compact`).",
    )
    _fetch_options(ingest)
    ingest.add_argument(
        "-q", "--quiet", action="store_true", help="No progress on stderr (the summary is still printed)."
    )
    ingest.add_argument(
        "--strict",
        action="store_true",
        help="Exit with status 3 when any input became a dead letter (for cron and Airflow alerts).",
    )
    ingest.add_argument("--runner", choices=RUNNERS, default="direct", help="Beam runner (default: direct).")
    ingest.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="With --runner dask: a running dask.distributed scheduler (default: start a LocalCluster).",
    )
    ingest.add_argument(
        "--dask-workers", type=int, default=2, help="Workers of the LocalCluster (default: 2)."
    )
    ingest.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Processes of the local runner (default: 1). Arguments after `--` go to Beam unchanged, "
        "e.g. `-- --runner=FlinkRunner --flink_master=HOST:8081 --environment_type=LOOPBACK`.",
    )
    ingest.add_argument(
        "--language-detector", choices=DETECTORS, default="auto", help="Language detector (default: auto)."
    )
    ingest.add_argument(
        "--languages",
        metavar="CODES",
        help="Comma-separated ISO 639-1 codes lingua may answer (nb,nn,da,sv,en,...).",
    )
    ingest.add_argument(
        "--zone",
        metavar="IANA",
        help="Zone of local times in the text, e.g. Europe/Oslo (default: by the article's language).",
    )
    ingest.add_argument(
        "--fetched-at",
        metavar="ISO",
        help="When the inputs were captured (resolves 'updated 5 minutes ago'); default: unknown.",
    )
    _verbose(ingest)

    query = sub.add_parser(
        "query",
        help="Run SQL over a lake with DuckDB (views: articles, dead_letters).",
        description="Run SQL with DuckDB over DIR: the views `articles` and `dead_letters` read the Parquet "
        "files with hive_partitioning=true, so `date` and `lang` are columns.",
    )
    query.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    query.add_argument("sql", metavar="SQL", help='e.g. "SELECT lang, count(*) FROM articles GROUP BY lang"')
    query.add_argument("--format", choices=("table", "csv", "json"), default="table", help="Output format.")
    query.add_argument("--max-width", type=int, default=60, help="Cut table cells to this many characters.")
    _verbose(query)

    stream = sub.add_parser(
        "stream",
        help="Poll inputs continuously; each cycle ingests what changed (Ctrl-C or SIGTERM ends it).",
        description="Poll the inputs every --interval seconds. Each cycle is one incremental run over what "
        "is new or changed (folders are listed again, so new files are picked up), committed like "
        "`ingest`, with a one-line summary. SIGINT or SIGTERM finishes the cycle in flight and exits 0.",
    )
    stream.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="Files, folders (read recursively) or globs."
    )
    stream.add_argument("-o", "--output", required=True, help="The output directory (created if missing).")
    stream.add_argument("--interval", type=float, default=60.0, help="Seconds between cycles (default: 60).")
    stream.add_argument(
        "--cycles", type=int, default=None, help="Stop after this many cycles (default: never)."
    )
    stream.add_argument(
        "--compact-every",
        type=int,
        default=60,
        metavar="N",
        help="Compact after every N cycles (default: 60).",
    )
    stream.add_argument("--lock-timeout", type=float, default=60.0, metavar="SECONDS", help="See `ingest`.")
    stream.add_argument("--language-detector", choices=DETECTORS, default="auto", help="Language detector.")
    stream.add_argument("--zone", metavar="IANA", help="Zone of local times in the text (see `ingest`).")
    _fetch_options(stream)
    _verbose(stream)

    state = sub.add_parser(
        "state",
        help="Show what a lake's state store knows: inputs, stories, versions, runs.",
        description="Show the inputs a lake has read (with their last outcome) and counts of stories, "
        "versions, runs and files.",
    )
    state.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    state.add_argument("--limit", type=int, default=50, help="Show at most this many inputs (default: 50).")
    _verbose(state)

    compact = sub.add_parser(
        "compact",
        help="Merge each partition's small files into few large ones, in one commit.",
        description="Merge the files of each partition (date=/lang=) into as few files as possible, in one "
        "commit: readers see the old files or the new ones, never both through `wirestream query`.",
    )
    compact.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    compact.add_argument(
        "--lock-timeout", type=float, default=60.0, metavar="SECONDS", help="Wait for a running ingest."
    )
    _verbose(compact)

    story = sub.add_parser(
        "story",
        help="Print a story's history: each version as a diff, and the outlets that carried it.",
        description="Print the versions of the story ID (a story_id or cluster_id, or a unique prefix of "
        "one) as a readable diff of title and paragraphs, then which outlets carried its copies and when.",
    )
    story.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    story.add_argument("id", metavar="ID", help="A story_id or cluster_id (a unique prefix is enough).")
    _verbose(story)

    copies = sub.add_parser(
        "rebuild-copies",
        help="Rebuild the copy index (near-duplicate detection) from the lake's Parquet alone.",
        description="Rebuild OUTPUT/_state/copies/ from the articles of the last days (the index window) "
        "in the lake's committed Parquet files, keeping the cluster ids they carry.",
    )
    copies.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    copies.add_argument("--lock-timeout", type=float, default=60.0, metavar="SECONDS", help="See `ingest`.")
    _verbose(copies)

    report = sub.add_parser(
        "report",
        help="Write an HTML report of a lake (charts; opens offline in a browser).",
        description="Write one self-contained HTML file over DIR: articles per hour and per day, the "
        "update timeline of the most-updated stories, sources, captions, bylines, agencies, dead letters, "
        "each input's last status and the run history.",
    )
    report.add_argument("directory", metavar="DIR", help="The output directory of `wirestream ingest`.")
    report.add_argument("--out", default="report.html", help="The HTML file to write (default: report.html).")
    _verbose(report)
    return parser


def _version() -> str:
    """The installed wirestream's version; a source tree that was never installed says so."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wirestream")
    except PackageNotFoundError:
        return "(not installed)"


def _fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fetch-articles",
        action="store_true",
        help="Fetch each new or changed feed item's page for the full article (robots.txt respected).",
    )
    parser.add_argument(
        "--contact-url",
        metavar="URL",
        help="Where feed owners can reach you; sent in the User-Agent (default: the project's page).",
    )
    parser.add_argument(
        "--fetch-workers",
        type=int,
        default=16,
        help="Feeds fetched at once, one per host at a time (default: 16).",
    )
    parser.add_argument(
        "--max-feed-bytes",
        type=int,
        default=20_000_000,
        help="Refuse a feed response larger than this, counted while reading (default: 20 MB).",
    )


def _fetch_settings(args: argparse.Namespace):
    from connectors.http import FetchSettings

    extra = {"contact_url": args.contact_url} if args.contact_url else {}
    return FetchSettings(workers=args.fetch_workers, max_bytes=args.max_feed_bytes, **extra)


def _verbose(parser: argparse.ArgumentParser) -> None:
    # Accepted after the subcommand too (`wirestream ingest -v ...`), as the README shows it.
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="Log more.")


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
    from connectors.lake import LakeBusy, StateError
    from connectors.sources import expand_inputs
    from pipelines.run import Settings, run_batch

    try:
        settings = Settings(
            output=args.output,
            runner=args.runner,
            dask_scheduler=args.dask_scheduler,
            dask_workers=args.dask_workers,
            detector=args.language_detector,
            languages=tuple(c.strip() for c in (args.languages or "").split(",") if c.strip()),
            zone=args.zone,
            fetched_at=_parse_time(args.fetched_at),
            full_refresh=args.full_refresh,
            lock_timeout=args.lock_timeout,
            compact_every=args.compact_every,
            progress="quiet" if args.quiet else "auto",
            workers=args.workers,
            beam_args=tuple(args.beam_args),
            fetch=_fetch_settings(args),
            fetch_articles=args.fetch_articles,
        )
    except ValueError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 2
    found = expand_inputs(args.inputs)
    if found.missing:
        # As cp or rsync do: a path the user named that does not exist is a usage error, before anything runs.
        print(f"wirestream: no such file, folder or glob match: {', '.join(found.missing)}", file=sys.stderr)
        return 2
    for path, reason in found.skipped:
        _LOG.info("skipped %s: %s", path, reason)
    if not found.files and not found.errors:
        print(
            "wirestream: nothing to ingest: no article or feed files in " + ", ".join(args.inputs),
            file=sys.stderr,
        )
        return 2
    for path, kind in found.files:
        _LOG.debug("input %s (%s)", path, kind)
    try:
        summary = run_batch(found.files, settings, skipped=found.skipped, errors=found.errors)
    except LakeBusy as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 75
    except StateError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one clear line for the user; the traceback with -v
        _LOG.debug("the run failed", exc_info=True)
        print(
            f"wirestream: the run failed ({type(exc).__name__}: {exc}); nothing of it was committed, "
            "and the next run starts clean (-v shows the traceback)",
            file=sys.stderr,
        )
        return 1
    print(_format_summary(summary))
    if args.strict and summary["dead_letters"]:
        print(f"wirestream: --strict: {summary['dead_letters']} dead letters", file=sys.stderr)
        return 3
    return 0


def _format_summary(s: dict) -> str:
    langs = ", ".join(f"{lang} {n}" for lang, n in s["articles_by_lang"].items()) or "none"
    outcomes = ", ".join(f"{k} {n}" for k, n in s["inputs_by_outcome"].items())
    lines = [
        f"wirestream: {s['articles']} articles written from {s['inputs']} inputs in {s['seconds']:.1f} s "
        f"(run {s['run_id']})",
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

    from connectors.lake import StateError
    from pipelines.lake import open_lake, render

    if not os.path.isdir(args.directory):
        print(f"wirestream: {args.directory} is not a directory", file=sys.stderr)
        return 2
    try:
        con = open_lake(args.directory)
    except StateError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 1
    try:
        cursor = con.execute(args.sql)
    except duckdb.Error as exc:
        print(f"wirestream: query failed: {exc}", file=sys.stderr)
        return 1
    columns = [d[0] for d in cursor.description or ()]
    rows = cursor.fetchall()
    print(render(columns, rows, fmt=args.format, max_width=args.max_width))
    return 0


def stream(args: argparse.Namespace) -> int:
    """`wirestream stream`: micro-batch cycles until SIGINT or SIGTERM."""
    from connectors.lake import LakeBusy, StateError
    from pipelines.run import Settings, run_stream

    try:
        settings = Settings(
            output=args.output,
            detector=args.language_detector,
            zone=args.zone,
            lock_timeout=args.lock_timeout,
            progress="quiet",  # a cycle's one-line summary is its progress
            fetch=_fetch_settings(args),
            fetch_articles=args.fetch_articles,
        )
        if args.interval <= 0 or (args.cycles is not None and args.cycles < 1) or args.compact_every < 0:
            raise ValueError("--interval must be above 0, --cycles at least 1, --compact-every 0 or more")
    except ValueError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 2
    try:
        run_stream(
            args.inputs,
            settings,
            interval=args.interval,
            cycles=args.cycles,
            compact_every=args.compact_every,
            report=lambda line: print(line, flush=True),
        )
    except (LakeBusy, StateError) as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 75 if isinstance(exc, LakeBusy) else 1
    return 0


def show_state(args: argparse.Namespace) -> int:
    """`wirestream state`: what the state store knows."""
    from connectors.lake import State, StateError
    from pipelines.lake import render

    try:
        state = State.open(args.directory, readonly=True)
    except StateError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 2
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
    from connectors.lake import Lake, LakeBusy, StateError

    try:
        with Lake.open(args.directory, lock_timeout=args.lock_timeout) as lake:
            result = lake.compact()
    except LakeBusy as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 75
    except StateError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 1
    print(
        f"wirestream: compacted {result['files_before']} files into {result['files_after']} "
        f"({result['rows']} rows) in {result['seconds']:.1f} s (run {result['run_id']})"
    )
    return 0


def story(args: argparse.Namespace) -> int:
    """`wirestream story`: a story's versions as a diff, and who carried it."""
    from pipelines.changes import render_history
    from pipelines.lake import open_lake

    if not os.path.isdir(args.directory):
        print(f"wirestream: {args.directory} is not a directory", file=sys.stderr)
        return 2
    con = open_lake(args.directory)
    prefix = args.id.strip() + "%"
    found = con.execute(
        "SELECT DISTINCT story_id FROM articles WHERE story_id LIKE ? OR cluster_id LIKE ?", [prefix, prefix]
    ).fetchall()
    stories = sorted(s for (s,) in found)
    if not stories:
        print(f"wirestream: no story or cluster {args.id!r} in {args.directory}", file=sys.stderr)
        return 1

    def rows(sql: str, params: list) -> list[dict]:
        cursor = con.execute(sql, params)
        columns = [d[0] for d in cursor.description or ()]
        return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]

    for n, story_id in enumerate(stories):
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
    import datetime as dt

    from connectors.lake import Lake, LakeBusy, StateError, layout
    from pipelines.clusters import rebuild_index
    from pipelines.copies import CopyOptions

    try:
        with Lake.open(args.directory, lock_timeout=args.lock_timeout) as lake:
            options = CopyOptions()
            index = rebuild_index(lake.output, options, now=dt.datetime.now(dt.UTC))
            index.save(layout.copies_dir(lake.output), run_id=lake.state.last_run("ingest"))
    except (LakeBusy, StateError) as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 75 if isinstance(exc, LakeBusy) else 1
    print(
        f"wirestream: copy index rebuilt: {len(index)} articles, {index.nbytes() / 2**20:.1f} MiB in memory"
    )
    return 0


def report(args: argparse.Namespace) -> int:
    """`wirestream report`: writes the HTML report of a lake."""
    from pipelines.lake import open_lake
    from pipelines.report import build_report

    if not os.path.isdir(args.directory):
        print(f"wirestream: {args.directory} is not a directory", file=sys.stderr)
        return 2
    page = build_report(open_lake(args.directory), title=f"wirestream report: {args.directory}")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(page)
    print(f"wirestream: report written to {args.out} ({len(page.encode()) // 1024} KiB)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `wirestream` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after `--` is Beam's (PipelineOptions), not ours: argparse would read it as INPUTs.
    beam_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    args = _parser().parse_args(argv)
    args.beam_args = beam_args
    if beam_args and args.command != "ingest":
        print("wirestream: arguments after `--` are for Beam, and only `ingest` runs Beam", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.verbose:
        for name in ("wirestream", "connectors", "pipelines"):
            logging.getLogger(name).setLevel(logging.DEBUG)
    commands = {
        "ingest": ingest,
        "stream": stream,
        "query": query,
        "state": show_state,
        "compact": compact,
        "report": report,
        "story": story,
        "rebuild-copies": rebuild_copies,
    }
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        # One line, not Beam's traceback: a run that never committed leaves nothing the next run keeps.
        print("wirestream: interrupted; nothing of this run was committed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
