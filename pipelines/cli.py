"""The `wirestream` command: `ingest` inputs into a Parquet lake, `query` it with DuckDB.

Beam, pyarrow and DuckDB are imported only by the subcommand that needs them, so `--help` answers
at once and without Beam's import noise.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence

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
    return parser


@contextlib.contextmanager
def _locked(output: str) -> Iterator[None]:
    """Holds OUTPUT/.wirestream.lock so that two runs never write one lake at once."""
    import fcntl

    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, ".wirestream.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                f"wirestream: another run is writing to {output}; try again when it ends"
            ) from None
        yield


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
    """`wirestream ingest`: lists the inputs, runs the graph, prints the run summary."""
    from connectors.sources import expand_inputs
    from pipelines.graph import check_settings, run_ingest
    from pipelines.language import DEFAULT_LANGUAGES
    from schemas import DeadLetter

    languages = (
        tuple(c.strip() for c in args.languages.split(",") if c.strip())
        if args.languages
        else DEFAULT_LANGUAGES
    )
    try:
        fetched_at = _parse_time(args.fetched_at)
        check_settings(detector=args.language_detector, languages=languages, zone=args.zone)
    except ValueError as exc:
        print(f"wirestream: {exc}", file=sys.stderr)
        return 2
    found = expand_inputs(args.inputs)
    for path, reason in found.skipped:
        _LOG.info("skipped %s: %s", path, reason)
    missing = [
        DeadLetter(
            step="list", source=path, error="no such file, folder or glob match", traceback="", payload=path
        )
        for path in found.missing
    ]
    if not found.files and not missing:
        print(
            "wirestream: nothing to ingest: no article or feed files in " + ", ".join(args.inputs),
            file=sys.stderr,
        )
        return 2
    for path, kind in found.files:
        _LOG.debug("input %s (%s)", path, kind)
    with _locked(args.output):
        result = run_ingest(
            [*found.files, *missing, *found.errors],
            output=args.output,
            runner=args.runner,
            dask_scheduler=args.dask_scheduler,
            dask_workers=args.dask_workers,
            detector=args.language_detector,
            languages=languages,
            zone=args.zone,
            fetched_at=fetched_at,
        )
    summary = _summary(result, inputs=len(found.files), skipped=found.skipped)
    _write_summary(result.output, result.run_id, summary)
    print(_format_summary(summary))
    return 0


def _summary(result, *, inputs: int, skipped: Sequence[tuple[str, str]]) -> dict:
    by_lang = result.articles_by_lang()
    return {
        "run_id": result.run_id,
        "output": result.output,
        "seconds": round(result.seconds, 2),
        "inputs": inputs,
        "skipped": [{"path": p, "reason": r} for p, r in skipped],
        "articles": sum(by_lang.values()),
        "articles_by_lang": by_lang,
        "new": result.total("new"),
        "replaced": result.total("replaced"),
        "duplicates": result.total("duplicates"),
        "captions": result.total("captions"),
        "captions_collapsed": result.total("captions_collapsed"),
        "updates": result.total("updates"),
        "warnings": result.total("warnings"),
        "dead_letters": result.total("rows", kind="dead_letters"),
        "files": [s["file"] for s in result.stats],
    }


def _write_summary(output: str, run_id: str, summary: dict) -> None:
    import shutil

    run_dir = os.path.join(output, "_runs", run_id)
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, indent=2, sort_keys=True)
    shutil.rmtree(os.path.join(run_dir, "parts"), ignore_errors=True)


def _format_summary(s: dict) -> str:
    langs = ", ".join(f"{lang} {n}" for lang, n in s["articles_by_lang"].items()) or "none"
    lines = [
        f"wirestream: {s['articles']} articles from {s['inputs']} inputs in {s['seconds']:.1f} s (run {s['run_id']})",
        f"  by language: {langs}",
        f"  new {s['new']}, replaced {s['replaced']}, duplicates in input {s['duplicates']}",
        f"  captions {s['captions']} ({s['captions_collapsed']} repeats collapsed), updates found {s['updates']}, "
        f"warnings {s['warnings']}",
        f"  dead letters {s['dead_letters']}"
        + (" (query them: SELECT * FROM dead_letters)" if s["dead_letters"] else ""),
    ]
    if s["skipped"]:
        reasons: dict[str, int] = {}
        for item in s["skipped"]:
            reasons[item["reason"]] = reasons.get(item["reason"], 0) + 1
        detail = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        lines.append(f"  skipped {len(s['skipped'])} files ({detail})")
    lines.append(f"  output {s['output']}")
    return "\n".join(lines)


def query(args: argparse.Namespace) -> int:
    """`wirestream query`: runs SQL over the lake and prints the result."""
    import duckdb

    from pipelines.lake import open_lake, render

    if not os.path.isdir(args.directory):
        print(f"wirestream: {args.directory} is not a directory", file=sys.stderr)
        return 2
    con = open_lake(args.directory)
    try:
        cursor = con.execute(args.sql)
    except duckdb.Error as exc:
        print(f"wirestream: query failed: {exc}", file=sys.stderr)
        return 1
    columns = [d[0] for d in cursor.description or ()]
    rows = cursor.fetchall()
    print(render(columns, rows, fmt=args.format, max_width=args.max_width))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `wirestream` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.verbose:
        for name in ("wirestream", "connectors", "pipelines"):
            logging.getLogger(name).setLevel(logging.DEBUG)
    return ingest(args) if args.command == "ingest" else query(args)


if __name__ == "__main__":
    sys.exit(main())
