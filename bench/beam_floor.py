"""What Beam alone costs an article in the shape of wirestream's graph, with no work in the steps.

    .venv/bin/python bench/beam_floor.py 10000           # the throughput corpus of 10,000 inputs
    .venv/bin/python bench/beam_floor.py 10000 --rounds 3

The corpus of `bench/throughput.py` is read and understood first, in a plain loop (timed: the cost of
the per-article steps, as in `bench/steps.py`). Then its real Articles go through Beam's local runner
(one process, as `wirestream ingest` runs by default) in the shape of `pipelines.graph.IngestArticles`,
every step an identity or a key function: spread, three fused steps, the group by story, two fused
steps, a small key per article to one group, the join and the group by partition file. What that
takes is what Beam costs an article before wirestream does anything; with the steps' own cost it is
a floor under `wirestream ingest`'s time per article on one process, whatever the steps are made of.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import apache_beam as beam  # noqa: E402
from steps import read_documents  # noqa: E402 - after the path setup above
from throughput import build_corpus  # noqa: E402

from pipelines.graph import understand  # noqa: E402
from pipelines.language import make_detector  # noqa: E402
from schemas import Article  # noqa: E402

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)

# Looked up by index inside the pipeline through this module imported by name (a function of
# `__main__` would carry the list into the graph by value): the articles are not pickled into the
# graph (wirestream's graph starts from paths, not from articles).
ARTICLES: list[Article] = []
WRITTEN: list[int] = []


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_shape() -> int:
    """The graph's shape over ARTICLES with identity steps; returns the number of partition groups."""
    import beam_floor as store  # this file by its module name, so the steps find its lists

    store.WRITTEN.clear()
    with beam.Pipeline(runner="DirectRunner") as pipeline:
        articles = (
            pipeline
            | "Indices" >> beam.Create(range(len(ARTICLES)))
            | "Spread" >> beam.Reshuffle()
            | "Read" >> beam.Map(lambda i: store.ARTICLES[i])
            | "Understand" >> beam.Map(lambda a: a)
            | "CountUnderstood" >> beam.Map(lambda a: a)
            | "KeyByStory" >> beam.Map(lambda a: (a.story_id, a))
            | "GroupByStory" >> beam.GroupByKey()
            | "Assign" >> beam.FlatMap(lambda kv: kv[1])
            | "CountVersions" >> beam.Map(lambda a: a)
        )
        clusters = (
            articles
            | "CopyKey" >> beam.Map(lambda a: (0, (a.article_id, a.content_hash)))
            | "OneGroup" >> beam.GroupByKey()
            | "Answer" >> beam.FlatMap(lambda kv: [v[0] for v in kv[1]])
        )
        _ = (
            (articles, clusters)
            | "Join" >> beam.Flatten()
            | "KeyByFile"
            >> beam.Map(lambda r: (f"{r.own_date}/{r.lang}" if isinstance(r, Article) else "c", r))
            | "GroupByFile" >> beam.GroupByKey()
            | "Write" >> beam.Map(lambda kv: store.WRITTEN.append(1))
        )
    return len(store.WRITTEN)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=10000, help="inputs in the corpus (default 10000)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each part (best one counts)")
    args = parser.parse_args()

    root = Path(tempfile.gettempdir()) / f"wirestream-floor-{args.n}"
    shutil.rmtree(root, ignore_errors=True)
    try:
        build_corpus(root, args.n)
        documents = read_documents(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    detector = make_detector("auto")

    steps_wall = steps_cpu = float("inf")
    for _ in range(max(1, args.rounds)):
        wall, cpu = time.perf_counter(), _cpu()
        found = [understand(d, detector, run_id="floor", ingested_at=NOW) for d in documents]
        steps_wall, steps_cpu = min(steps_wall, time.perf_counter() - wall), min(steps_cpu, _cpu() - cpu)
    import beam_floor as store

    store.ARTICLES[:] = ARTICLES[:] = [a for a in found if isinstance(a, Article)]

    beam_wall = beam_cpu = float("inf")
    for _ in range(max(1, args.rounds)):
        wall, cpu = time.perf_counter(), _cpu()
        groups = run_shape()
        beam_wall, beam_cpu = min(beam_wall, time.perf_counter() - wall), min(beam_cpu, _cpu() - cpu)

    n = len(ARTICLES)
    print(f"{n:,} articles of {len(documents):,} documents, {groups:,} partition groups")
    print(f"{'part':<44}{'wall s':>8}{'CPU s':>8}{'CPU ms/article':>16}")
    rows = [
        ("understanding (parse, language, dating), loop", steps_wall, steps_cpu),
        ("Beam: the graph's shape, identity steps", beam_wall, beam_cpu),
    ]
    for name, wall, cpu in rows:
        print(f"{name:<44}{wall:>8.2f}{cpu:>8.2f}{1000 * cpu / n:>16.3f}")
    floor = 1000 * (steps_cpu + beam_cpu) / n
    print(
        f"floor: {floor:.2f} ms CPU an article before reading, signing, the copy index and writing; "
        f"at most {1000 / floor:,.0f} articles/s on one core, {2000 / floor:,.0f} on two perfectly shared"
    )


if __name__ == "__main__":
    main()
