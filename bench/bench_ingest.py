"""Throughput of the whole ingest, against the same steps run as a plain Python loop.

Builds a corpus of N plain-text articles from the samples in sample_feeds/ (each copy made unique
so that no two are the same version), then times, in one process and one run:

- baseline: read -> parse -> detect language -> stamp times, as a plain loop (no Beam, no writing);
- wirestream: `run_batch` on Beam's local runner, writing Parquet.

It prints articles/s for both and their ratio: the cost of Beam and of writing. The project's target
(a later issue) is over 1,000 articles/s end to end on 2 cores.

    .venv/bin/python bench/bench_ingest.py --articles 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from connectors.sources import expand_inputs, read_source  # noqa: E402 - after the path setup above
from pipelines.dating import date_article  # noqa: E402
from pipelines.language import make_detector, with_language  # noqa: E402
from pipelines.parse import parse_document  # noqa: E402
from pipelines.run import Settings, run_batch  # noqa: E402
from schemas import DeadLetter  # noqa: E402


def build_corpus(directory: Path, count: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """Writes `count` unique .txt articles made from the sample articles; returns the input list."""
    samples = sorted(p for p in (ROOT / "sample_feeds").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    rng = random.Random(seed)
    for i in range(count):
        text = texts[i % len(texts)]
        # A unique last paragraph makes every copy its own version of its own story.
        marker = f"\n\nSak {i}: oppfølging {rng.randrange(10**9)}."
        (directory / f"article_{i:06d}.txt").write_text(text + marker, encoding="utf-8")
    return list(expand_inputs([str(directory)]).files)


def baseline(files: list[tuple[str, str]], detector_name: str) -> int:
    """The steps alone, in a plain loop; returns how many articles came out."""
    detector = make_detector(detector_name)
    now = dt.datetime.now(dt.UTC)
    count = 0
    for path, kind in files:
        for document in read_source(path, kind):
            if isinstance(document, DeadLetter):
                continue
            article = parse_document(document, run_id="bench", ingested_at=now)
            date_article(with_language(article, detector))
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--detector", default="auto", help="language detector (default auto)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = build_corpus(corpus, args.articles)
        size = sum(os.path.getsize(p) for p, _ in files)

        started = time.perf_counter()
        loop_count = baseline(files, args.detector)
        loop_seconds = time.perf_counter() - started

        started = time.perf_counter()
        summary = run_batch(files, Settings(output=str(Path(tmp) / "lake"), detector=args.detector))
        beam_seconds = time.perf_counter() - started
        written = summary["articles"]

    print(
        f"corpus: {len(files)} files, {size / 1e6:.1f} MB, detector {args.detector}, {os.cpu_count()} cores"
    )
    print(f"{'run':<28}{'articles':>10}{'seconds':>10}{'articles/s':>12}")
    print(
        f"{'baseline (plain loop)':<28}{loop_count:>10}{loop_seconds:>10.2f}{loop_count / loop_seconds:>12.0f}"
    )
    print(
        f"{'wirestream (Beam, Parquet)':<28}{written:>10}{beam_seconds:>10.2f}{written / beam_seconds:>12.0f}"
    )
    print(f"ratio wirestream/baseline: {(written / beam_seconds) / (loop_count / loop_seconds):.2f}")


if __name__ == "__main__":
    main()
