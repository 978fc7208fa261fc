"""The throughput corpus (bench/throughput.py): deterministic, and every input reads cleanly."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from throughput import build_corpus  # noqa: E402 - bench/ is not a package

from connectors.sources import expand_inputs, read_source  # noqa: E402
from schemas import DeadLetter  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_n_and_seed_give_the_same_bytes(tmp_path):
    first, second = build_corpus(tmp_path / "a", 120), build_corpus(tmp_path / "b", 120)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert (first.article_files, first.repeats, first.pages, first.feed_items) == (
        second.article_files,
        second.repeats,
        second.pages,
        second.feed_items,
    )
    assert _files(tmp_path / "a") != _files(build_corpus(tmp_path / "c", 120, seed=1).root)


def test_every_input_reads_into_as_many_documents_as_the_corpus_says(tmp_path):
    corpus = build_corpus(tmp_path, 120)
    documents = []
    for path, kind in expand_inputs([str(tmp_path)]).files:
        documents.extend(read_source(path, kind))
    assert not [d for d in documents if isinstance(d, DeadLetter)]
    assert len(documents) == corpus.articles
    assert corpus.repeats >= 1 and corpus.pages >= 1 and corpus.feeds == 1


def test_the_timed_command_puts_ingest_arguments_after_the_output():
    from throughput import Wirestream

    command = Wirestream(["wirestream"], ["--runner", "dask", "--dask-workers", "2"])
    assert command.ingest(Path("in"), Path("out")) == [
        "wirestream", "ingest", "in", "--output", "out", "--runner", "dask", "--dask-workers", "2"
    ]  # fmt: skip
