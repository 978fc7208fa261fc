"""The dataclasses and their explicit pyarrow schemas stay in step."""

import dataclasses
import datetime as dt
import typing

import pyarrow as pa
import pytest

from schemas import ARTICLE_SCHEMA, DEAD_LETTER_SCHEMA, Article, Caption, DeadLetter, Paragraph, to_table
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
