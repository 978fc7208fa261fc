"""Progress: workers count into files in the run's staging folder; the driver sums and prints them."""

import io
import json
import os
import time

import apache_beam as beam
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.lake import layout
from pipelines.progress import CountProgress, Progress, describe, read_counts
from schemas import DeadLetter, Document, InputRead, Skipped
from tests import records

RUN = "20261130T120000Z-0001"


def test_counting_passes_everything_through_and_sums_across_workers(tmp_path):
    elements = [
        InputRead(source="a.rss", kind="feed", bytes=10, documents=2, seconds=0.1),
        Document(source="a.rss", source_kind="feed", text="x"),
        Document(source="a.rss", source_kind="feed", text="y"),
        DeadLetter(step="read", source="b.txt", error="ValueError: empty file", traceback="", payload=""),
        records.article(),
        Skipped(source="a.rss", story_id="s", reason="unchanged"),
    ]
    with test_pipeline.TestPipeline() as p:
        counted = (
            p
            | beam.Create(elements)
            | "First" >> CountProgress(output=str(tmp_path), run_id=RUN, stage="understood")
            | "Second" >> CountProgress(output=str(tmp_path), run_id=RUN, stage="versions")
        )
        assert_that(counted, equal_to(elements), label="AllPassed")
    # After understanding: inputs, articles and dead letters; after versions: what is written or skipped.
    assert read_counts(str(tmp_path), RUN) == {
        "inputs": 1,
        "understood": 1,
        "dead_letters": 1,
        "articles": 1,
        "skipped": 1,
    }


def test_a_progress_line_says_what_is_done_and_what_is_left():
    counts = {"inputs": 50, "understood": 60, "dead_letters": 1, "articles": 55, "skipped": 3}
    line = describe(counts, total=200, elapsed=10.0)
    assert line == (
        "inputs 50/200, articles 60, to write 55, unchanged 3, dead letters 1, 5.0 inputs/s, 10 s, 30 s left"
    )


def test_lines_mode_prints_periodically_to_a_log(tmp_path):
    log = io.StringIO()
    path = layout.progress_file(str(tmp_path), RUN, "read-1")
    os.makedirs(os.path.dirname(path))
    with Progress(str(tmp_path), RUN, total=10, mode="lines", every=0.05, stream=log):
        with open(path, "w") as fh:
            json.dump({"inputs": 4, "understood": 4}, fh)
        time.sleep(0.3)
    lines = log.getvalue().splitlines()
    assert len(lines) >= 2
    assert lines[-1].startswith("wirestream: inputs 4/10, articles 4, to write 0")


def test_quiet_prints_nothing(tmp_path):
    log = io.StringIO()
    with Progress(str(tmp_path), RUN, total=10, mode="quiet", every=0.01, stream=log):
        time.sleep(0.05)
    assert log.getvalue() == ""
