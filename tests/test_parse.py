"""Document -> Article: structure carried over, and identities that mean what they say."""

import datetime as dt

import pytest

from pipelines.parse import parse_document
from schemas import Caption, Document

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
TEXT = "Strømbrudd i Oslo\n\nRundt 60.000 kunder er uten strøm.\n\nNTB\n\nles også: Slik forbereder du deg"


def parse(**fields):
    document = Document(**({"source": "in/a.txt", "source_kind": "file", "text": TEXT} | fields))
    return parse_document(document, run_id="r", ingested_at=NOW)


def test_structure_lands_in_the_article():
    article = parse()
    assert (article.title, article.body, article.byline, article.agencies, article.related) == (
        "Strømbrudd i Oslo",
        "Rundt 60.000 kunder er uten strøm.",
        "NTB",
        ("NTB",),
        ("Slik forbereder du deg",),
    )


def test_same_source_text_is_the_same_version():
    assert parse().article_id == parse().article_id


def test_a_reformatted_copy_is_a_new_version_with_the_same_content():
    spaced = parse(text=TEXT.replace("\n\n", "\n\n\n"))
    assert spaced.article_id != parse().article_id
    assert spaced.content_hash == parse().content_hash
    assert spaced.story_id == parse().story_id


def test_the_same_guid_in_another_feed_is_the_same_story():
    a = parse(source="a.rss", source_kind="feed", guid="urn:x:1", text="Første versjon av saken.")
    b = parse(source="b.atom", source_kind="feed", guid="urn:x:1", text="Andre versjon av saken, oppdatert.")
    assert a.story_id == b.story_id and a.article_id != b.article_id


def test_metadata_byline_gives_agencies_and_source_captions_and_related_merge():
    article = parse(
        text="Rundt 60.000 kunder er uten strøm.",
        author="Av Kari Nordmann, NTB",
        captions=(Caption("Mannskaper på Økern.", "NTB"),),
        related=("Slik forbereder du deg", "Rekordhøye strømpriser"),
    )
    assert (article.byline, article.agencies) == ("Av Kari Nordmann, NTB", ("NTB",))
    assert article.captions == (Caption("Mannskaper på Økern.", "NTB"),)
    assert article.related == ("Slik forbereder du deg", "Rekordhøye strømpriser")


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_no_text_and_no_title_is_refused(text):
    with pytest.raises(ValueError, match="no readable text"):
        parse(text=text)


def test_a_title_only_item_is_kept():
    article = parse(text="", title="Breaking: strømbrudd i Oslo")
    assert (article.title, article.body) == ("Breaking: strømbrudd i Oslo", "")


@pytest.mark.parametrize(
    ("author", "byline", "agencies"),
    [
        ("Reuters Updated: January 16, 2020", "Reuters", ("Reuters",)),
        ("Kari Nordmann, NTB Publisert 12.03.2024 kl. 14.05", "Kari Nordmann, NTB", ("NTB",)),
        ("Av Kari Nordmann", "Av Kari Nordmann", ()),  # nothing glued: as given
        ("28.5.2020 17:43 Uppdaterad 28.5.2020 17:43", None, ()),  # a byline element with only the stamp
    ],
)
def test_a_stamp_glued_to_a_metadata_byline_is_no_part_of_it(author, byline, agencies):
    article = parse(text="Rundt 60.000 kunder er uten strøm.", author=author)
    assert (article.byline, article.agencies) == (byline, agencies)
