"""The dataclasses and their explicit pyarrow schemas stay in step."""

import dataclasses
import datetime as dt
import pickle
import typing
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from schemas import (
    ARTICLE_SCHEMA,
    DEAD_LETTER_SCHEMA,
    Article,
    Caption,
    Changes,
    ClusterOf,
    DeadLetter,
    InputRead,
    Paragraph,
    Skipped,
    to_table,
)
from schemas.article import PARTITION_FIELDS
from tests import records

NOW = dt.datetime(2019, 4, 30, 16, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(("record", "schema"), [(Article, ARTICLE_SCHEMA), (DeadLetter, DEAD_LETTER_SCHEMA)])
def test_schema_has_exactly_the_dataclass_fields(record, schema):
    fields = [f.name for f in dataclasses.fields(record) if f.name not in PARTITION_FIELDS]
    assert fields == schema.names


@pytest.mark.parametrize(("record", "schema"), [(Article, ARTICLE_SCHEMA), (DeadLetter, DEAD_LETTER_SCHEMA)])
def test_timestamps_are_utc_and_non_optional_fields_are_not_nullable(record, schema):
    hints = typing.get_type_hints(record)
    for field in schema:
        hint = hints[field.name]
        optional = type(None) in typing.get_args(hint)
        if pa.types.is_timestamp(field.type):
            assert str(field.type.tz) == "UTC"
        if not field.nullable:
            assert not optional, field.name


def test_a_full_article_round_trips_through_arrow():
    article = records.article(
        source="x.txt",
        ingested_at=NOW,
        title="Tittel",
        paragraphs=(Paragraph("Tekst", "no"),),
        captions=(Caption("Bilde", "Foto: NTB"),),
        updates=(NOW,),
        lang="no",
    )
    row = to_table([article]).to_pylist()[0]
    assert row["captions"] == [{"text": "Bilde", "credit": "Foto: NTB"}]
    assert row["paragraphs"] == [{"text": "Tekst", "lang": "no", "kind": "text"}]
    assert row["updates"] == [NOW]
    assert "lang" not in row  # a partition column: only in the path


def test_partition_date_follows_date_source():
    base = records.article(ingested_at=NOW)
    published = dt.datetime(2019, 4, 29, 23, 30, tzinfo=dt.UTC)
    assert base.partition_date == NOW.date()
    assert (
        dataclasses.replace(base, published_at=published, date_source="published").partition_date
        == published.date()
    )
    assert (
        dataclasses.replace(
            base, published_at=published, updated_at=NOW, date_source="updated"
        ).partition_date
        == NOW.date()
    )


def test_dead_letter_excerpt_escapes_bytes_and_is_bounded():
    assert DeadLetter.excerpt(b"\x89PNG\x00\xff") == "\\x89PNG\x00\\xff"
    assert len(DeadLetter.excerpt("x" * 10_000)) == DeadLetter.PAYLOAD_LIMIT


def _real_articles() -> list[Article]:
    from connectors.sources import read_source
    from pipelines.graph import understand
    from pipelines.language import DEFAULT_LANGUAGES, detector_for_process

    detector = detector_for_process("auto", tuple(DEFAULT_LANGUAGES))
    paths = sorted(p for p in Path("sample_feeds").iterdir() if p.suffix in {".txt", ".html", ".xml"})
    found = [d for p in paths for d in read_source(str(p), "feed" if p.suffix == ".xml" else "article")]
    return [
        a for d in found if isinstance(a := understand(d, detector, run_id="r", ingested_at=NOW), Article)
    ]


def test_records_cross_a_beam_shuffle_unchanged():
    from apache_beam.coders import coders

    from pipelines.clusters import CopyKey

    articles = _real_articles()
    assert len(articles) >= 5 and any(a.captions for a in articles) and any(a.paragraphs for a in articles)
    changes = Changes(True, 1, 0, 2, 0, 1, NOW)
    others = [
        dataclasses.replace(articles[0], changes=changes, version=2),
        DeadLetter(step="parse", source="x", error="boom", traceback="tb", payload="p", failed_at=NOW),
        InputRead(source="x", kind="article", bytes=3, documents=1, seconds=0.5),
        Skipped(source="x", story_id="s", reason="repeat"),
        ClusterOf(article_id="a", group="g", cluster_id=None, repeat=True),
    ]
    coder = coders.FastPrimitivesCoder()
    for record in [*articles, *others]:
        for copy in (pickle.loads(pickle.dumps(record)), coder.decode(coder.encode(record))):
            assert copy == record and type(copy) is type(record)
    key = CopyKey("a", "s", "h", "x", NOW, None, NOW, np.arange(4, dtype=np.uint32), "g")
    copy = coder.decode(coder.encode(key))
    assert copy.signature.tolist() == [0, 1, 2, 3] and copy.published_at == NOW and copy.group == "g"


def test_a_record_is_checked_again_when_unpickled():
    bad = pickle.dumps(Skipped(source="x", story_id="s", reason="unchanged")).replace(
        b"unchanged", b"unchanges"
    )
    with pytest.raises(ValueError, match="reason must be one of"):
        pickle.loads(bad)


def test_positional_refuses_keyword_only_fields():
    from schemas.pickling import positional

    with pytest.raises(TypeError, match="positional"):

        @positional
        @dataclasses.dataclass(frozen=True, kw_only=True)
        class KeywordOnly:
            a: int
