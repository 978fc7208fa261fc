"""Feeds -> Documents: one fixture per real-world case, its expectation in the fixture's own comment."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.feeds import read_feed
from connectors.html import extract_page, html_to_text
from schemas.article import Caption, DeadLetter, Document

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
SAMPLES = Path(__file__).parent.parent / "sample_feeds"
_EXPECT = re.compile(rb"<!-- expect: (.*?) -->", re.DOTALL)


def _expectation(data: bytes) -> dict:
    match = _EXPECT.search(data)
    assert match, "each feed fixture states its expectation in an <!-- expect: {...} --> comment"
    return json.loads(match.group(1).decode("utf-8"))


def _fields(document: Document, names) -> dict:
    values = {name: getattr(document, name) for name in names}
    if "captions" in values:
        values["captions"] = [[c.text, c.credit] for c in values["captions"]]
    return values


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_feed_fixture(path: Path):
    data = path.read_bytes()
    expected = _expectation(data)
    records = list(read_feed(str(path), data))
    documents = [r for r in records if isinstance(r, Document)]
    dead = [r for r in records if isinstance(r, DeadLetter)]
    if "dead_letter" in expected:
        assert documents == []
        assert len(dead) == 1
        assert expected["dead_letter"] in dead[0].error
        assert (dead[0].step, dead[0].source) == ("read", str(path))
        assert dead[0].payload == DeadLetter.excerpt(data)
        return
    assert dead == []
    assert len(documents) == len(expected["entries"])
    for position, (document, entry) in enumerate(zip(documents, expected["entries"], strict=True)):
        assert _fields(document, entry) == entry
        assert (document.source_kind, document.position) == ("feed", position)
        if "warning" in expected:
            assert any(expected["warning"] in w for w in document.warnings)
        else:
            assert document.warnings == ()


def test_updated_alias_never_leaks():
    """feedparser's `entry.updated` falls back to `published`; an entry without <updated> has none."""
    data = (FIXTURES / "atom_without_updated.atom").read_bytes()
    (document,) = read_feed("f.atom", data)
    assert document.published_text == "2024-03-11T09:10:00+02:00"
    assert document.updated_text is None


def test_dates_are_the_raw_strings_with_their_offset():
    data = (SAMPLES / "nordic_wire.rss").read_bytes()
    first = next(iter(read_feed("nordic_wire.rss", data)))
    assert first.published_text == "Mon, 11 Mar 2024 07:42:00 +0100"


def test_fetched_at_passes_through():
    fetched = datetime(2024, 3, 11, 9, 0, tzinfo=UTC)
    data = (FIXTURES / "atom_with_updated.atom").read_bytes()
    assert {d.fetched_at for d in read_feed("f.atom", data, fetched_at=fetched)} == {fetched}


def test_empty_feed_file_is_a_dead_letter():
    (dead,) = read_feed("empty.rss", b"")
    assert isinstance(dead, DeadLetter)
    assert dead.error == "empty file"


def test_binary_feed_is_a_dead_letter():
    (dead,) = read_feed("image.rss", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert isinstance(dead, DeadLetter)
    assert dead.error.startswith("not a readable feed")


def test_sample_rss_repeats_an_item_with_a_later_date_and_new_text():
    documents = list(read_feed("nordic_wire.rss", (SAMPLES / "nordic_wire.rss").read_bytes()))
    repeated = [d for d in documents if d.guid == "nordic-wire:2024-0311-001"]
    assert [d.published_text for d in repeated] == [
        "Mon, 11 Mar 2024 07:42:00 +0100",
        "Mon, 11 Mar 2024 09:15:00 +0100",
    ]
    assert repeated[0].text != repeated[1].text
    assert {d.lang for d in documents} == {"nb", "da", "sv", "nn", "en"}
    body = repeated[1].text.split("\n\n")
    assert "les også: Slik forbereder du deg på strømbrudd" in body
    assert "Publisert: 11.03.24 kl. 07:42 Oppdatert: 11.03.24 kl. 09:15" in body
    assert any(p.endswith("Foto: Kari Bjørnstad / NTB") for p in body)


def test_sample_atom_updates_the_rss_item():
    rss = {d.guid: d for d in read_feed("r", (SAMPLES / "nordic_wire.rss").read_bytes())}
    atom = list(read_feed("a", (SAMPLES / "world_updates.atom").read_bytes()))
    update = atom[0]
    assert update.guid in rss
    assert (update.published_text, update.updated_text) == (
        "2024-03-11T08:55:00+01:00",
        "2024-03-11T10:30:00+01:00",
    )
    assert update.captions == (
        Caption("Repair crews at the Økern substation in Oslo on Monday.", "Kari Bjørnstad / NTB"),
    )
    assert [(d.published_text is None, d.updated_text is None) for d in atom] == [
        (False, False),
        (False, True),
        (True, False),
        (False, False),
    ]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Én</p><p>To</p>", "Én\n\nTo"),
        ("<p>Linje 1<br>Linje 2</p>", "Linje 1\nLinje 2"),
        ("<div>Ute <b>fet</b>&nbsp;og&amp;inne</div>", "Ute fet og&inne"),
        ("<p>Tekst</p><script>var x = 1;</script><style>p {}</style><!-- kommentar -->", "Tekst"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n\n- b"),
        ("<h2>Mellomtittel</h2>Løs tekst etter", "Mellomtittel\n\nLøs tekst etter"),
        ("Bare   ren\ttekst", "Bare ren tekst"),
        ("<html><body><nav>x</nav><p>Side</p></body></html>", "x\n\nSide"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_html_to_text(html: str, text: str):
    assert html_to_text(html) == text


def test_extract_page_sample():
    page = extract_page((SAMPLES / "oslo_blackout.html").read_text(encoding="utf-8"))
    assert page["published_text"] == "2024-03-11T08:12:00+01:00"
    assert page["updated_text"] == "2024-03-11T11:47:00+01:00"
    assert page["url"] == "https://byavisen.example/nyheter/strombruddet-i-oslo-dette-vet-vi/1-4420"
    # The byline line as written beats the JSON-LD author (it may name an agency too).
    assert (page["lang"], page["author"]) == ("nb", "Av Ingrid Solheim")
    # Related headlines are kept as data, though the box stays out of the text.
    assert page["related"] == ["Slik forbereder du deg på strømbrudd", "Rekordhøye strømpriser i februar"]
    assert page["captions"] == [
        Caption(
            "Mannskaper fra nettselskapet jobbet hele formiddagen ved transformatorstasjonen på Økern.",
            "Kari Bjørnstad / NTB",
        ),
        Caption("Passasjerer venter på Tøyen stasjon etter at T-banen stanset.", "Terje Lunde / NTB"),
    ]
    text = page["text"]
    for junk in (
        "Forsiden",
        "Bli abonnent",
        "informasjonskapsler",
        "Personvern",
        "Typisk at det",
        "Les også",
        "dataLayer",
    ):
        assert junk not in text
    assert "Publisert 11. mars 2024 kl. 08.12" in text.split("\n\n")  # <time> text kept
    assert "Foto:" not in text  # figure captions are in `captions`, not the body


def test_extract_page_warns_when_meta_and_json_ld_disagree():
    html = (
        '<html><head><meta property="article:published_time" content="2024-03-11T08:00:00+01:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-11T07:00:00Z"}'
        "</script></head><body><article><p>" + "Tekst i artikkelen. " * 20 + "</p></article></body></html>"
    )
    page = extract_page(html)
    assert page["published_text"] == "2024-03-11T08:00:00+01:00"
    assert page["warnings"] == [
        "published differs: meta '2024-03-11T08:00:00+01:00', JSON-LD '2024-03-11T07:00:00Z'; meta kept"
    ]


def test_a_media_description_is_the_summary_of_an_item_without_text():
    feed = b"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
    <title>TV</title><item><title>Se innslaget</title><link>https://tv.example/1</link>
    <media:content url="https://tv.example/1.mp4" medium="video">
      <media:description>Stormen herjet langs kysten natt til mandag.</media:description>
    </media:content></item></channel></rss>"""
    (doc,) = read_feed("tv.rss", feed)
    assert (doc.text, doc.captions) == ("Stormen herjet langs kysten natt til mandag.", ())


def test_an_elements_text_is_its_own_blocks_apart_without_what_follows_it():
    import lxml.html

    from connectors.html_text import paragraphs, spaced_text

    box = lxml.html.fragment_fromstring(
        "<div><div class='author'><div>Lauri Nurmi</div><div>lauri.nurmi@iltalehti.fi</div></div>"
        "Kontakt redaktionen</div>"
    )[0]
    assert box.text_content() == "Lauri Nurmilauri.nurmi@iltalehti.fi"
    assert spaced_text(box) == "Lauri Nurmi lauri.nurmi@iltalehti.fi"
    assert paragraphs(box) == ["Lauri Nurmi", "lauri.nurmi@iltalehti.fi"]
    items = lxml.html.fragment_fromstring("<ul><li>Ein</li><li>To</li></ul>")
    assert (paragraphs(items), spaced_text(items)) == (["- Ein", "- To"], "Ein To")


def test_an_embedded_tweet_is_one_paragraph_the_structure_step_reads_as_an_embed():
    """theverge.com's page: the tweet's text, its `<br>`s and its signature in one paragraph."""
    from pipelines.structure.furniture import read_tweet

    page = (
        Path(__file__).resolve().parent.parent
        / "bench/reading/pages/en_theverge_ios13-facetime-eye-contact.html"
    )
    paragraphs = extract_page(page.read_text(encoding="utf-8"))["text"].split("\n\n")
    tweets = [read_tweet(p) for p in paragraphs if read_tweet(p)]
    assert [(t.author, t.handle, t.posted, t.url) for t in tweets] == [
        ("Dave Schukin", "@schukin", "July 3, 2019", "pic.twitter.com/U7PMa4oNGN")
    ]
    assert tweets[0].text.startswith("How iOS 13 FaceTime Attention Correction works:")
    assert not any(p.startswith("Notice the warping") for p in paragraphs)


_STANDFIRST_PAGE = """<html lang="de"><head><title>Streaming</title></head><body><article><h1>Streaming</h1>
{intro}
<p>Einen größeren Anteil an den Streamingerlösen für ihre Klienten – das war die Kernforderung der Manager.</p>
<p>Während der Umsatz mit physischen Tonträgern weiter schrumpft, wächst das Streaming rasant.</p>
<p>Der Knackpunkt ist die Verteilung des Geldes, die nun neu verhandelt werden soll.</p>
</article></body></html>"""
_LEAD = "Die Abogebühr eines Nutzers soll nur unter den Künstlern verteilt werden, die er gehört hat."


@pytest.mark.parametrize(
    "intro",
    [
        f'<p class="intro">{_LEAD}</p>',  # dw.com
        f'<h2 class="article-header-leadText">{_LEAD}</h2>',  # futurezone.at
        f'<div class="ngart-hl__deck"><h2>{_LEAD}</h2></div>',  # nationalgeographic.co.uk
        # faz.net: the intro box holds the lead picture, its caption and the intro's own element
        '<div class="atc-Intro "><div class="js-atc-ImageDescription atc-ImageDescription"><p>'
        '<span class="atc-ImageDescriptionText">Auch Herbert Grönemeyer gehört zu den Unterstützern.</span>'
        f' Bild: dpa</p></div><p class="atc-IntroText">{_LEAD}</p></div>',
    ],
)
def test_the_standfirst_is_the_innermost_element_its_class_names(intro):
    page = extract_page(_STANDFIRST_PAGE.format(intro=intro))
    assert page["standfirst"] == [_LEAD]
    assert _LEAD not in page["text"]


@pytest.mark.parametrize(
    ("header", "standfirst"),
    [
        (  # vancouversun.com: the summary in the article's own header, beside its headline
            '<header class="entry-header"><h1 class="entry-title">Microsoft moves to erase its carbon '
            'footprint</h1><div class="entry-content"><p>Microsoft will invest US$1 billion over the next '
            "four years to speed up the development of carbon removal technology</p></div>"
            '<div class="byline"><p>Reuters</p></div></header>',
            [
                "Microsoft will invest US$1 billion over the next four years to speed up the development "
                "of carbon removal technology"
            ],
        ),
        (  # a header with only the byline and the stamp: no standfirst
            "<header><h1>Microsoft moves to erase its carbon footprint</h1><p>By Jane Doe and John Roe</p>"
            '<p>Published <time datetime="2020-01-16">January 16, 2020</time> in the morning edition</p></header>',
            [],
        ),
    ],
)
def test_a_paragraph_beside_the_headline_in_the_articles_header_is_its_standfirst(header, standfirst):
    body = "".join(
        f"<p>Microsoft Corp said on Thursday it aims to remove more carbon than it emits, part {n}.</p>"
        for n in range(4)
    )
    page = extract_page(
        f"<html><head><title>T</title></head><body><article>{header}{body}</article></body></html>"
    )
    assert page["standfirst"] == standfirst


@pytest.mark.parametrize(
    ("authors", "author"),
    [
        # RSS's `email (Name)`: the name; an address alone names no one
        ("<author>nyheter@ntb.no (NTB)</author>", "NTB"),
        ("<author>kari@avisa.example</author>", None),
        ("<author>Kari Nordmann &lt;kari@avisa.example&gt;</author>", "Kari Nordmann"),
        # every dc:creator in the order listed (feedparser's own `author` keeps the last one)
        (
            "<dc:creator>Kari Nordmann</dc:creator><dc:creator>Ola Hansen</dc:creator>",
            "Kari Nordmann, Ola Hansen",
        ),
        ("<dc:creator>Ola Hansen, NTB</dc:creator>", "Ola Hansen, NTB"),
    ],
)
def test_an_items_authors_are_all_its_named_authors(authors, author):
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
    <title>Nyheter</title><item><title>Brann i Bergen</title><link>https://avisa.example/1</link>
    <description>Nødetatene rykket ut i natt.</description>{authors}</item></channel></rss>""".encode()
    (doc,) = read_feed("nyheter.rss", feed)
    assert doc.author == author


def test_an_atom_entrys_authors_are_all_read():
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
    <entry><title>Storm</title><id>urn:1</id><updated>2024-03-11T08:00:00Z</updated><summary>Text.</summary>
    <author><name>Kari Nordmann</name></author><author><name>Ola Hansen</name><email>o@x.example</email></author>
    </entry></feed>"""
    (doc,) = read_feed("wire.atom", feed)
    assert doc.author == "Kari Nordmann, Ola Hansen"
