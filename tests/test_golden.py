"""Golden cases: every sample input with a hand-written `<case>.expected.json` beside it, one loop.

An expectation is an object (one article in the file) or a list of objects (feed entries, JSON
lines, in order). The keys present are checked against what the production steps make of the input
(`pipelines.graph.read_input`, then `pipelines.graph.understand`): Article fields, plus the derived keys in `DERIVED`. A key that is
neither fails the test, so a misspelled expectation cannot pass silently. Times are ISO 8601 in UTC.
Expectations are written by hand from the input: change them only on purpose, after reading the diff.
"""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from connectors.sources import expand_inputs
from pipelines import graph
from pipelines.language import make_detector
from schemas import Article, DeadLetter, Document

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
ARTICLE_FIELDS = {f.name for f in dataclasses.fields(Article)}
TIME_FIELDS = {"published_at", "updated_at", "fetched_at"}
DERIVED = {
    "paragraph_langs",
    "embed_langs",
    "paragraph_count",
    "first_paragraph",
    "last_paragraph",
    "subheadings",
    "body_contains",
    "body_excludes",
}


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
    article = graph.understand(document, detector, run_id="golden", ingested_at=NOW)
    assert isinstance(article, Article), article
    return article


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def actual_value(article: Article, key: str):
    if key == "paragraph_langs":
        return sorted({p.lang for p in article.paragraphs})
    if key == "embed_langs":
        return [e.lang for e in article.embeds]
    if key == "paragraph_count":
        return len(article.paragraphs)
    if key == "first_paragraph":
        return article.paragraphs[0].text
    if key == "last_paragraph":
        return article.paragraphs[-1].text
    if key == "subheadings":
        return [p.text for p in article.paragraphs if p.kind == "subheading"]
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
    unknown = set(expected) - ARTICLE_FIELDS - DERIVED
    assert not unknown, f"expectation keys that are no Article field nor derived key: {sorted(unknown)}"
    for key, value in expected.items():
        want[key] = value
        if key in ("body_contains", "body_excludes"):
            inside = [text in article.body for text in value]
            got[key] = value if all(inside if key == "body_contains" else [not i for i in inside]) else inside
        elif key == "embeds" and len(value) == len(article.embeds):
            # An embed expectation names the fields it is sure of.
            got[key] = [{k: getattr(e, k) for k in w} for e, w in zip(article.embeds, value, strict=True)]
        else:
            got[key] = actual_value(article, key)
    return want, got


@pytest.mark.parametrize(("path", "kind"), cases(), ids=lambda v: Path(v).name if "/" in str(v) else v)
def test_golden_case(path, kind, detector):
    stem = Path(path).name.split(".")[0]
    expected = json.loads((Path(path).parent / f"{stem}.expected.json").read_text(encoding="utf-8"))
    read = list(graph.read_input((path, kind), fetched_at=None, detector=lambda: detector))
    assert not [d for d in read if isinstance(d, DeadLetter)]
    documents = [d for d in read if isinstance(d, Document)]
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


def test_an_unknown_expectation_key_fails():
    with pytest.raises(AssertionError, match="byline_text"):
        comparable(
            {"byline_text": "NTB"},
            Article(
                article_id="a",
                story_id="s",
                content_hash="h",
                source="x",
                source_kind="file",
                run_id="r",
                ingested_at=NOW,
            ),
        )


def test_every_text_case_states_its_language():
    for path in SAMPLES.rglob("*.txt"):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        assert expected["lang"], path
        if path.name.startswith(("nb_", "nn_")):
            assert (expected["lang"], expected["lang_variant"]) == ("no", path.name[:2])
