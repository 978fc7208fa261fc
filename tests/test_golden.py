"""Golden cases: every sample input with a hand-written `<case>.expected.json` beside it, one loop.

An expectation is an object (one article in the file) or a list of objects (feed entries, JSON
lines, in order). Only the keys present are checked; keys that are not Article fields and that
tests/test_structure.py checks on its own (first_paragraph, body_contains, ...) are left to it.
Times are ISO 8601 in UTC. Expectations are written by hand from the input: change them only on
purpose, after reading the diff.
"""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from connectors.sources import expand_inputs, read_source
from pipelines.dating import date_article
from pipelines.language import make_detector, with_language
from pipelines.parse import parse_document
from schemas import Article, DeadLetter

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
ARTICLE_FIELDS = {f.name for f in dataclasses.fields(Article)}
TIME_FIELDS = {"published_at", "updated_at", "fetched_at"}
DERIVED = {"paragraph_langs", "embed_langs", "paragraph_count"}


def cases() -> list[tuple[str, str]]:
    found = []
    for path, kind in expand_inputs([str(SAMPLES)]).files:
        stem = Path(path).name.split(".")[0]
        if (Path(path).parent / f"{stem}.expected.json").exists():
            found.append((path, kind))
    return found


@pytest.fixture(scope="module")
def detector():
    return make_detector("auto")


def understand(document, detector) -> Article:
    article = parse_document(document, run_id="golden", ingested_at=NOW)
    return date_article(with_language(article, detector))


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def actual_value(article: Article, key: str):
    if key == "paragraph_langs":
        return sorted({p.lang for p in article.paragraphs})
    if key == "embed_langs":
        return [e.lang for e in article.embeds]
    if key == "paragraph_count":
        return len(article.paragraphs)
    value = getattr(article, key)
    if key in TIME_FIELDS:
        return iso(value)
    if key == "updates":
        return [iso(v) for v in value]
    if isinstance(value, tuple):
        return [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]
    return value


def comparable(expected: dict, article: Article) -> tuple[dict, dict]:
    """The expectation's checked keys, and the article's values for them."""
    want, got = {}, {}
    for key, value in expected.items():
        if key not in ARTICLE_FIELDS | DERIVED:
            continue
        want[key] = value
        if key == "embeds" and len(value) == len(article.embeds):
            # An embed expectation names the fields it is sure of.
            got[key] = [{k: getattr(e, k) for k in w} for e, w in zip(article.embeds, value, strict=True)]
        else:
            got[key] = actual_value(article, key)
    return want, got


@pytest.mark.parametrize(("path", "kind"), cases(), ids=lambda v: Path(v).name if "/" in str(v) else v)
def test_golden_case(path, kind, detector):
    stem = Path(path).name.split(".")[0]
    expected = json.loads((Path(path).parent / f"{stem}.expected.json").read_text(encoding="utf-8"))
    documents = list(read_source(path, kind))
    assert not [d for d in documents if isinstance(d, DeadLetter)]
    articles = [understand(d, detector) for d in documents]
    expectations = expected if isinstance(expected, list) else [expected]
    assert len(articles) == len(expectations), "one expectation per article in the input"
    for position, (article, expectation) in enumerate(zip(articles, expectations, strict=True)):
        want, got = comparable(expectation, article)
        assert got == want, f"{Path(path).name} article {position}"


def test_every_sample_input_has_an_expectation():
    inputs = {Path(path).name for path, _ in expand_inputs([str(SAMPLES)]).files}
    covered = {Path(path).name for path, _ in cases()}
    assert inputs == covered, f"sample inputs without <case>.expected.json: {sorted(inputs - covered)}"
