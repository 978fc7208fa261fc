"""The Beam steps under TestPipeline: exact records out, dead letters passed through untouched."""

import datetime as dt
from pathlib import Path

import apache_beam as beam
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.sources import read_source
from pipelines.dating import StampUpdates
from pipelines.language import DetectLanguage
from pipelines.parse import ParseArticles
from schemas import Article, DeadLetter, Document

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
LETTER = DeadLetter(step="read", source="bad.bin", error="ValueError: binary data", traceback="", payload="")


def seed(name: str) -> Document:
    (document,) = read_source(str(SAMPLES / name), "article")
    return document


def summary(element):
    if isinstance(element, DeadLetter):
        return ("dead", element.step, element.source, element.error)
    return (
        Path(element.source).name,
        element.lang,
        element.title,
        element.byline,
        len(element.captions),
        element.published_at,
        element.updated_at,
        element.date_source,
    )


def test_parse_detect_and_stamp_seed_001_with_a_dead_letter_alongside():
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([seed("001_2e4441bb8b14a0ac.txt"), LETTER])
            | ParseArticles(run_id="run", ingested_at=NOW)
            | DetectLanguage(detector="cld2")
            | StampUpdates()
            | beam.Map(summary)
        )
        assert_that(
            out,
            equal_to(
                [
                    (
                        "001_2e4441bb8b14a0ac.txt",
                        "no",
                        "Store opptøyer i Venezuela",
                        "NTB-AP-AFP",
                        2,
                        dt.datetime(2019, 4, 30, 15, 49, tzinfo=dt.UTC),
                        dt.datetime(2019, 4, 30, 16, 15, tzinfo=dt.UTC),
                        "updated",
                    ),
                    ("dead", "read", "bad.bin", "ValueError: binary data"),
                ]
            ),
            label="CheckRecords",
        )


def test_an_empty_document_becomes_a_parse_dead_letter():
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([Document(source="blank.txt", source_kind="file", text="  \n\n ")])
            | ParseArticles(run_id="run", ingested_at=NOW)
            | beam.Map(summary)
        )
        assert_that(
            out, equal_to([("dead", "parse", "blank.txt", "ValueError: no readable text")]), label="Dead"
        )


def test_spanish_tweets_in_seed_002_are_spanish_under_the_pipeline():
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([seed("002_097feef5df14e1ee.txt")])
            | ParseArticles(run_id="run", ingested_at=NOW)
            | DetectLanguage()
            | beam.Map(
                lambda a: (a.lang, sorted({e.lang for e in a.embeds}), sorted({p.lang for p in a.paragraphs}))
            )
        )
        assert_that(out, equal_to([("no", ["es"], ["no"])]), label="Languages")


def test_undated_seed_000_is_partitioned_by_ingest_date():
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([seed("000_2af00cdd9abb2651.txt")])
            | ParseArticles(run_id="run", ingested_at=NOW)
            | DetectLanguage(detector="cld2")
            | StampUpdates()
            | beam.Map(
                lambda a: (a.lang, a.date_source, a.partition_date, a.published_at, isinstance(a, Article))
            )
        )
        assert_that(out, equal_to([("da", "ingested", NOW.date(), None, True)]), label="Undated")


def test_the_graph_steps_give_exactly_the_records_of_the_pure_functions():
    from pipelines.dating import date_article
    from pipelines.language import make_detector, with_language
    from pipelines.parse import parse_document

    documents = [seed(p.name) for p in sorted(SAMPLES.glob("00*.txt"))]
    detector = make_detector("cld2")
    expected = [
        date_article(with_language(parse_document(d, run_id="run", ingested_at=NOW), detector))
        for d in documents
    ]
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create(documents)
            | ParseArticles(run_id="run", ingested_at=NOW)
            | DetectLanguage(detector="cld2")
            | StampUpdates()
        )
        assert_that(out, equal_to(expected), label="ExactRecords")
