"""The `wirestream` command: `ingest` inputs into a Parquet lake, `query` it with DuckDB.

Beam, pyarrow and DuckDB are imported only by the subcommand that needs them, so `--help` answers
at once and without Beam's import noise.
"""

from __future__ import annotations

import argparse
import logging
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
        "A rerun reads only what is new or changed; a changed item is the next version of its story.",
    )
    _run_options(ingest)
    ingest.add_argument(
        "--full-refresh",
        action="store_true",
        help="Read every input again, changed or not, and replace the rows those inputs wrote before.",
    )
    ingest.add_argument(
        "--compact-every",
        type=int,
        default=0,
        metavar="N",
        help="Merge small files after every N runs (default: 0, never; see `wirestream compact`).",
    )
    ingest.add_argument(
        "--batch-size",
        type=int,
        default=10_000,
        metavar="N",
        help="Read at most N inputs per run: a larger ingest runs and commits in batches, so its memory "
        "stays that of N inputs, and the partitions several batches wrote are then compacted "
        "(default: 10000).",
    )
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
        "--fetched-at",
        metavar="ISO",
        help="When the inputs were captured (resolves 'updated 5 minutes ago'); default: unknown.",
    )
    _verbose(ingest)

    query = sub.add_parser(
        "query",
        help="Run SQL over a lake with DuckDB (views: articles, dead_letters, inputs, runs, versions, stories).",
        description="Run SQL with DuckDB over DIR: the views `articles` and `dead_letters` read the committed "
        "Parquet files with hive_partitioning=true, so `date` and `lang` are columns; `inputs`, `runs`, "
        "`versions` and `stories` come from the lake's state and its articles.",
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
    _run_options(stream)
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


def _run_options(parser: argparse.ArgumentParser) -> None:
    """The options `ingest` and `stream` share: what to read, where to write, how to read it."""
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="Files, folders (read recursively) or globs."
    )
    parser.add_argument("-o", "--output", required=True, help="The output directory (created if missing).")
    parser.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="How long to wait for another run on the same OUTPUT to finish (default: 60).",
    )
    parser.add_argument(
        "--language-detector", choices=DETECTORS, default="auto", help="Language detector (default: auto)."
    )
    parser.add_argument(
        "--languages",
        metavar="CODES",
        help="Comma-separated ISO 639-1 codes lingua may answer (nb,nn,da,sv,en,...).",
    )
    parser.add_argument(
        "--zone",
        metavar="IANA",
        help="Zone of local times in the text, e.g. Europe/Oslo (default: by the article's language).",
    )
    _fetch_options(parser)


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


def _verbose(parser: argparse.ArgumentParser) -> None:
    # Accepted after the subcommand too (`wirestream ingest -v ...`), as the README shows it.
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="Log more.")


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
    from pipelines import commands as c

    commands = {
        "ingest": c.ingest,
        "stream": c.stream,
        "query": c.query,
        "state": c.show_state,
        "compact": c.compact,
        "report": c.report,
        "story": c.story,
        "rebuild-copies": c.rebuild_copies,
    }
    try:
        return commands[args.command](args)
    except c.Exit as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        # One line, not Beam's traceback: a run that never committed leaves nothing the next run keeps.
        print("wirestream: interrupted; nothing of this run was committed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
