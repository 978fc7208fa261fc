"""Story and version identities."""

import pytest

from pipelines.identity import article_id, canonical_url, content_hash, story_id


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Www.VG.no/nyheter/i/abc?utm_source=rss#top", "https://www.vg.no/nyheter/i/abc"),
        ("https://nrk.no/a?id=3&utm_medium=x&fbclid=y", "https://nrk.no/a?id=3"),
        ("https://dr.dk", "https://dr.dk/"),
        ("  ", None),
        (None, None),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_story_prefers_guid_then_url_then_input_position():
    by_guid = story_id(guid="urn:ntb:1", url="https://a.no/1", source="f.rss", position=0, title=None)
    assert by_guid == story_id(
        guid="urn:ntb:1", url="https://b.no/other", source="g.rss", position=5, title="x"
    )
    by_url = story_id(guid=None, url="https://a.no/1?utm_source=x", source="f.rss", position=0, title=None)
    assert by_url == story_id(guid="", url="https://a.no/1", source="other.rss", position=3, title=None)
    assert by_url != by_guid
    first = story_id(guid=None, url=None, source="items.jsonl", position=0, title=None)
    assert first != story_id(guid=None, url=None, source="items.jsonl", position=1, title=None)


def test_content_hash_ignores_whitespace_but_not_words():
    base = content_hash("Tittel", ["Første  avsnitt.", "Andre avsnitt."])
    assert base == content_hash("Tittel ", ["Første avsnitt.", " Andre\navsnitt."])
    assert base != content_hash("Tittel", ["Første avsnitt.", "Andre avsnitt, oppdatert."])
    assert base != content_hash("Tittel", ["Første avsnitt. Andre avsnitt."])


def test_article_id_names_one_version_of_one_story():
    assert article_id("s", "c1") == article_id("s", "c1")
    assert len({article_id("s", "c1"), article_id("s", "c2"), article_id("t", "c1")}) == 3
