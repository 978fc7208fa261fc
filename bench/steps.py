"""The per-article steps alone (parse, language, dating, copy signature) in a plain loop over the throughput corpus.

    .venv/bin/python bench/steps.py 2000                      # articles/s of each step and of all three
    .venv/bin/python bench/steps.py 2000 --snapshot out.txt   # also write every Article and signature
    .venv/bin/python bench/steps.py 2000 --compare out.txt    # ... and fail if any of them differs

No Beam and no writing: this is the cost of the pure step functions the graph wraps, measured on the
same deterministic corpus as `bench/throughput.py` (reading the inputs is done first and not timed).
A snapshot taken before a speed-up and compared after it shows the speed-up changed no output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from throughput import build_corpus  # noqa: E402 - after the path setup above

from connectors.sources import expand_inputs, read_source  # noqa: E402
from pipelines.dating import date_article  # noqa: E402
from pipelines.language import make_detector, with_language  # noqa: E402
from pipelines.parse import parse_document  # noqa: E402
from pipelines.signatures import signature  # noqa: E402
from schemas import DeadLetter  # noqa: E402

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def read_documents(root: Path) -> list:
    """Every Document of the corpus, in input order (dead letters left out and counted)."""
    documents, dead = [], 0
    for path, kind in expand_inputs([str(root)]).files:
        for item in read_source(path, kind):
            if isinstance(item, DeadLetter):
                dead += 1
            else:
                documents.append(item)
    if dead:
        print(f"warning: {dead} inputs could not be read", file=sys.stderr)
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=2000, help="inputs in the corpus (default 2000)")
    parser.add_argument("--detector", default="auto", help="language detector (default auto)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the corpus (best one counts)")
    parser.add_argument("--snapshot", metavar="FILE", help="write every Article (repr, one a line)")
    parser.add_argument("--compare", metavar="FILE", help="exit 1 if any Article differs from FILE")
    args = parser.parse_args()

    # A fixed path: sources (and the ids made from them) must be the same from run to run.
    root = Path(tempfile.gettempdir()) / f"wirestream-steps-{args.n}"
    shutil.rmtree(root, ignore_errors=True)
    try:
        build_corpus(root, args.n)
        documents = read_documents(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    detector = make_detector(args.detector)
    build = time.perf_counter() - started

    best: dict[str, float] = {}
    results = []
    for _ in range(max(1, args.rounds)):
        spent = {"parse": 0.0, "language": 0.0, "dating": 0.0, "signature": 0.0}
        results = []
        cpu = time.process_time()
        for document in documents:
            t0 = time.perf_counter()
            article = parse_document(document, run_id="steps", ingested_at=NOW)
            t1 = time.perf_counter()
            article = with_language(article, detector)
            t2 = time.perf_counter()
            article = date_article(article)
            t3 = time.perf_counter()
            # What the copies step keeps of an article (`clusters.sign_article`: MinHash, 128 values).
            values = signature(article.paragraphs).hashvalues
            t4 = time.perf_counter()
            spent["parse"] += t1 - t0
            spent["language"] += t2 - t1
            spent["dating"] += t3 - t2
            spent["signature"] += t4 - t3
            results.append((article, values))
        spent["all three"] = spent["parse"] + spent["language"] + spent["dating"]
        spent["all four"] = spent["all three"] + spent["signature"]
        # CPU seconds of every thread: the figure that other load on a shared machine disturbs least.
        spent["all (CPU s)"] = time.process_time() - cpu
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}

    n = len(documents)
    print(f"{n:,} articles, detector {args.detector} (built in {build:.2f} s, not counted)")
    print(f"{'step':<12}{'seconds':>9}{'articles/s':>12}{'ms/article':>12}")
    for step, seconds in best.items():
        print(f"{step:<12}{seconds:>9.2f}{n / seconds:>12,.0f}{1000 * seconds / n:>12.3f}")

    # One line an article: its repr, then its signature's hash values in hex (bit-exact).
    lines = [f"{article!r}\t{values.tobytes().hex()}\n" for article, values in results]
    if args.snapshot:
        Path(args.snapshot).write_text("".join(lines), encoding="utf-8")
    if args.compare:
        before = Path(args.compare).read_text(encoding="utf-8").splitlines(keepends=True)
        differ = [i for i, (a, b) in enumerate(zip(before, lines, strict=False)) if a != b]
        if len(before) != len(lines) or differ:
            print(f"DIFFERENT: {len(differ)} of {n} articles differ (first: {differ[:5]})")
            sys.exit(1)
        print(f"same output: all {n} articles equal to {args.compare}")


if __name__ == "__main__":
    main()
