"""Tests for schemas.vocabulary: every reader that needs a table recognises every word of it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.html import extract_page
from connectors.html_captions import read_caption
from pipelines.structure import split_article, tidy_byline
from pipelines.structure.furniture import read_byline
from schemas.article import Caption
from schemas.vocabulary import (
    AUTHOR_CLASS_WORDS,
    BY_WORDS,
    CAPTION_CLASS_WORDS,
    CAPTION_CREDIT_WORDS,
    CREDIT_CLASS_WORDS,
    DESK_WORDS,
    GENRE_WORDS,
    PICTURE_POSITION_LABELS,
    PICTURE_POSITION_WORDS,
    RELATED_MARKERS,
    RELATED_MARKERS_WITH_COLON,
    ROLE_WORDS,
    SHOW_MORE_WORDS,
    TEXT_LABELS,
    alternation,
    prefix_alternation,
    prefix_tree,
)

BODY = "Kommunen har stengt veien etter raset i natt, og ingen personer ble skadet i ulykken."


@pytest.mark.parametrize("word", CAPTION_CREDIT_WORDS)
def test_the_text_reader_knows_every_credit_word(word):
    for written in (word, word.upper()):
        text = f"Raset i natt\n\n{BODY}\n\nVeien er stengt. {written}: Kari Nordmann / NTB"
        assert split_article(text).captions == (Caption("Veien er stengt.", "Kari Nordmann / NTB"),)


@pytest.mark.parametrize("word", CAPTION_CREDIT_WORDS)
def test_the_html_reader_knows_every_credit_word(word):
    page = (
        f"<html><body><article><h1>Raset i natt</h1><p>{BODY}</p>"
        f"<figure><figcaption>Veien er stengt. {word}: Kari Nordmann</figcaption></figure>"
        "</article></body></html>"
    )
    assert extract_page(page)["captions"] == [Caption("Veien er stengt.", "Kari Nordmann")]


@pytest.mark.parametrize("widget", SHOW_MORE_WORDS)
def test_both_readers_keep_every_show_more_widget_out_of_credits(widget):
    """Issue 10: credits came out as `AP Vis mer`; the widget's words are one table for both readers."""
    text = f"Raset i natt\n\n{BODY}\n\nVeien er stengt. Foto: AP {widget}"
    assert split_article(text).captions == (Caption("Veien er stengt.", "AP"),)
    page = (
        f"<html><body><article><h1>Raset i natt</h1><p>{BODY}</p>"
        f"<figure><figcaption>Veien er stengt. Foto: AP <a href='#'>{widget}</a></figcaption></figure>"
        "</article></body></html>"
    )
    assert extract_page(page)["captions"] == [Caption("Veien er stengt.", "AP")]


@pytest.mark.parametrize("marker", RELATED_MARKERS + RELATED_MARKERS_WITH_COLON)
def test_both_readers_know_every_related_marker(marker):
    text = f"Raset i natt\n\n{BODY}\n\n{marker.capitalize()}: Nye ras truer bygda"
    assert split_article(text).related == ("Nye ras truer bygda",)
    page = (
        f"<html><body><article><h1>Raset i natt</h1><p>{BODY}</p></article>"
        f"<div><h3>{marker.capitalize()}</h3><ul><li><a href='/a'>Nye ras truer bygda</a></li></ul></div>"
        "</body></html>"
    )
    assert extract_page(page)["related"] == ["Nye ras truer bygda"]


def test_a_marker_that_opens_sentences_needs_its_colon():
    text = f"Raset i natt\n\n{BODY}\n\nRead more about the slide in tomorrow's paper"
    assert split_article(text).related == ()


@pytest.mark.parametrize(
    ("words", "pattern"),
    [
        (["ab", "abc", "a b"], r"a\s+b|abc|ab"),  # longest first, a space is any whitespace
        (["x.y", "x.y"], r"x\.y"),  # escaped, once
    ],
)
def test_alternation(words, pattern):
    assert alternation(words) == pattern


def test_prefix_alternation_factors_shared_prefixes():
    assert (
        prefix_alternation(["mar", "mars", "marts", "i dag", "idag"]) == r"(?:i(?:\s+dag|dag)|mar(?:s|ts)?)"
    )


_WORDS = st.lists(st.text("abæ .", min_size=1, max_size=4).filter(str.strip), min_size=1, max_size=8)


@given(words=_WORDS, text=st.text("abæABÆ .\t", max_size=8))
def test_prefix_alternation_matches_what_alternation_matches(words, text):
    # Same language, and the same (longest) match at the start, under re.IGNORECASE as the readers use it.
    flat = re.compile(f"(?:{alternation(words)})", re.IGNORECASE)
    tree = re.compile(f"(?:{prefix_alternation(words)})", re.IGNORECASE)
    for pos in range(len(text) + 1):
        a, b = flat.match(text, pos), tree.match(text, pos)
        assert (a and a.group()) == (b and b.group())


@given(
    entries=st.lists(
        st.tuples(
            st.text("abæ .", min_size=1, max_size=4).filter(str.strip),
            st.sampled_from(["", "x", r"\d", "(?!a)"]),
        ),
        min_size=1,
        max_size=8,
    ),
    text=st.text("abæABx1 .", max_size=8),
)
def test_prefix_tree_matches_where_one_of_its_words_and_patterns_does(entries, text):
    flat = re.compile("|".join(f"(?:{alternation([word])}){after}" for word, after in entries), re.IGNORECASE)
    tree = re.compile(f"(?:{prefix_tree(entries)})", re.IGNORECASE)
    for pos in range(len(text) + 1):
        assert bool(flat.match(text, pos)) == bool(tree.match(text, pos))


# --- bylines and photo blocks (issue 10): every word of each table is read --------------------------


@pytest.mark.parametrize("word", BY_WORDS)
def test_every_by_word_opens_a_byline(word):
    assert read_byline(f"{word.capitalize()} Kari Nordmann, NTB") == ("NTB",)


@pytest.mark.parametrize("genre", GENRE_WORDS)
def test_every_genre_word_leaves_the_byline(genre):
    assert tidy_byline(f"{genre} av Kari Nordmann") == "Av Kari Nordmann"
    assert tidy_byline(f"{genre}: Kari Nordmann") == "Kari Nordmann"


@pytest.mark.parametrize("role", ROLE_WORDS)
def test_every_role_word_leaves_the_byline(role):
    assert tidy_byline(f"Kari Nordmann, {role}") == "Kari Nordmann"
    assert tidy_byline(f"Kari Nordmann, politisk {role.lower()}, NTB") == "Kari Nordmann, NTB"


@pytest.mark.parametrize("label", TEXT_LABELS)
def test_every_text_label_names_the_writer_not_the_photographer(label):
    assert tidy_byline(f"{label}: Kari Nordmann Foto: Ola Hansen") == "Kari Nordmann"
    assert tidy_byline(f"{label.lower()} og foto: Kari Nordmann") == "Kari Nordmann"
    assert tidy_byline(f"Kari Nordmann ({label.lower()}) og Ola Hansen (foto)") == "Kari Nordmann"


@pytest.mark.parametrize("desk", DESK_WORDS)
def test_every_desk_word_names_no_one(desk):
    assert tidy_byline(f"Nyheter {desk}") is None
    assert tidy_byline(f"Kari Nordmann, Nyheter {desk.capitalize()}") == "Kari Nordmann"


@pytest.mark.parametrize("word", AUTHOR_CLASS_WORDS)
def test_every_author_class_word_names_the_byline(word):
    page = (
        f"<html><body><article><h1>Raset i natt</h1><div class='article__{word}'>Kari Nordmann</div>"
        f"<p>{BODY}</p></article></body></html>"
    )
    assert extract_page(page)["author"] == "Kari Nordmann"


@pytest.mark.parametrize("word", CAPTION_CLASS_WORDS)
def test_every_caption_class_word_beside_a_photo_is_its_caption(word):
    page = (
        f"<html><body><article><h1>Raset i natt</h1><p>{BODY}</p><div class='photo'><img src='a.jpg'>"
        f"<div class='photo__{word}'>Veien er stengt ved Bodø.</div></div></article></body></html>"
    )
    assert extract_page(page)["captions"] == [Caption("Veien er stengt ved Bodø.")]


@pytest.mark.parametrize("word", CREDIT_CLASS_WORDS)
def test_every_credit_class_word_holds_the_credit(word):
    page = (
        f"<html><body><article><h1>Raset i natt</h1><p>{BODY}</p><figure><img src='a.jpg'>"
        f"<figcaption>Veien er stengt.</figcaption><div class='image-{word}'>Kari Nordmann</div></figure>"
        "</article></body></html>"
    )
    assert extract_page(page)["captions"] == [Caption("Veien er stengt.", "Kari Nordmann")]


@pytest.mark.parametrize("label", [*(f"{w} Image" for w in PICTURE_POSITION_WORDS), *PICTURE_POSITION_LABELS])
def test_every_picture_label_leaves_the_caption(label):
    assert read_caption(f"{label}: Veien er stengt ved Bodø. Foto: NTB") == Caption(
        "Veien er stengt ved Bodø.", "NTB"
    )
    text = f"Raset i natt\n\n{BODY}\n\n{label}: Veien er stengt ved Bodø. Foto: NTB"
    assert split_article(text).captions == (Caption("Veien er stengt ved Bodø.", "NTB"),)
