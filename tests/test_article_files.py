"""Article files -> Documents: text, Markdown, HTML pages, JSON lines, and the ways they go wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.article_files import decode, read_article_file
from pipelines import graph
from pipelines.language import make_detector
from schemas.article import Caption, DeadLetter, Document

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _read(name: str) -> list[Document | DeadLetter]:
    path = FIXTURES / name
    return list(read_article_file(str(path), path.read_bytes()))


# fixture -> (text of the one Document, its warnings), or the DeadLetter's error.
CASES = {
    "utf8_bom.txt": ("Første linje med BOM.\n\nAndre avsnitt.\n", ()),
    "windows1252_nb.txt": (
        "Strømbrudd på Økern\n\nÆrlig talt – «vi vet ikke» når strømmen er tilbake, sier hun.\n",
        ("not UTF-8; decoded as windows-1252",),
    ),
    "utf16_bom.txt": ("Hei på deg\n", ("decoded as utf-16 (byte order mark)",)),
    "mixed_newlines.txt": ("Line one\nLine two\nLine three\n\n\n  indented line with trailing space \n", ()),
    "notes.log": ("Plain notes saved with an odd extension.\n\nSecond paragraph.\n", ()),
    "empty.txt": "empty file",
    "whitespace_only.txt": "empty file",
    "image_named.txt": "binary data: contains NUL bytes",
    "page_no_text.html": "no main text found in the HTML page",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_article_fixture(name: str):
    expected = CASES[name]
    (record,) = _read(name)
    path = FIXTURES / name
    if isinstance(expected, str):
        assert isinstance(record, DeadLetter)
        assert (record.step, record.source, record.error) == ("read", str(path), expected)
        assert record.payload == DeadLetter.excerpt(path.read_bytes())
    else:
        assert isinstance(record, Document)
        assert (record.text, record.warnings) == expected
        assert (record.source, record.source_kind, record.position) == (str(path), "file", 0)


def test_json_lines_with_broken_lines():
    records = _read("broken_lines.jsonl")
    lines = (FIXTURES / "broken_lines.jsonl").read_text(encoding="utf-8").split("\n")
    documents = [r for r in records if isinstance(r, Document)]
    dead = [r for r in records if isinstance(r, DeadLetter)]
    assert [(d.position, d.guid, d.title, d.text) for d in documents] == [
        (1, "j1", "Good line", "First good body."),
        (6, "6", "HTML body", "Første avsnitt.\n\nAndre\nlinje."),
    ]
    assert (documents[0].published_text, documents[0].updated_text, documents[0].lang) == (
        "2024-03-11T06:30:00+01:00",
        None,
        "nb",
    )
    assert (documents[1].author, documents[1].updated_text) == ("A, B", "2024-03-11T09:30:00+01:00")
    assert [d.error.split(":")[0] for d in dead] == ["line 2", "line 3", "line 5"]
    assert "not valid JSON" in dead[0].error
    assert "no body" in dead[1].error
    assert "not a JSON object" in dead[2].error
    assert [d.payload for d in dead] == [lines[1], lines[2], lines[4]]
    assert {d.step for d in dead} == {"read"}


def test_json_lines_html_page_field():
    line = (
        b'{"id": "p1", "html": "<html><head><link rel=\\"canonical\\" href=\\"https://t.example/p1\\">'
        b"</head><body><nav>Meny</nav><article><p>Artikkelteksten er her og den er lang nok.</p>"
        b'</article></body></html>"}\n'
    )
    (document,) = read_article_file("x.ndjson", line)
    assert isinstance(document, Document)
    assert (document.guid, document.url) == ("p1", "https://t.example/p1")
    assert "Artikkelteksten er her" in document.text
    assert "Meny" not in document.text


def test_json_lines_captions():
    line = b'{"body": "Tekst.", "captions": [{"text": "Bilde.", "credit": "NTB"}, "Bare tekst."]}'
    (document,) = read_article_file("x.jsonl", line)
    assert document.captions == (Caption("Bilde.", "NTB"), Caption("Bare tekst.", None))


def test_html_page_metadata_from_json_ld_and_time():
    (document,) = _read("page_jsonld_time.html")
    assert isinstance(document, Document)
    assert (document.title, document.author, document.lang) == ("Færgerne sejler igen", "Lise Dam", "da")
    assert document.url == "https://havnebladet.example/nyheder/faergerne-sejler-igen"
    assert (document.published_text, document.updated_text) == (
        "2024-03-11T10:05:00+01:00",
        "2024-03-11T10:20:00+01:00",
    )
    assert document.captions == (Caption("En færge lægger til i Rødby Havn.", "Lise Dam/Ritzau Scanpix"),)
    assert "Forside" not in document.text
    assert "Cookiepolitik" not in document.text
    assert "Storebæltsbroen er fortsat lukket for lette køretøjer." in document.text.split("\n\n")


def test_html_in_legacy_encoding():
    html = "<html lang='nb'><body><article><p>Strømbrudd på Økern rammet mange kunder.</p></article></body></html>"
    (document,) = read_article_file("page.htm", html.encode("cp1252"))
    assert "Strømbrudd på Økern" in document.text
    assert document.warnings == ("not UTF-8; decoded as windows-1252",)


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        (b"plain ascii", "plain ascii", None),
        ("blåbærsyltetøy".encode(), "blåbærsyltetøy", None),
        (b"\xef\xbb\xbfmed BOM", "med BOM", None),
        ("Kjøretøy".encode("cp1252"), "Kjøretøy", "not UTF-8; decoded as windows-1252"),
        ("Hej på dig".encode("cp1252"), "Hej på dig", "not UTF-8; decoded as windows-1252"),
        (
            "«Sitat» – tankestrek".encode("cp1252"),
            "«Sitat» – tankestrek",
            "not UTF-8; decoded as windows-1252",
        ),
        # One C1 control (a windows-1252 apostrophe read as latin-1) is mojibake, not binary: repaired.
        (
            "l\x92Ecole".encode(),
            "l’Ecole",
            "repaired mojibake: C1 control characters read as windows-1252 (ftfy)",
        ),
        (
            "It\x92s a \x93test\x94 på Økern".encode(),
            "It’s a “test” på Økern",
            "repaired mojibake: C1 control characters read as windows-1252 (ftfy)",
        ),
        # A UTF-8 file cut inside its last character keeps its æøå; only the broken byte is replaced.
        (
            "Strømbrudd på Økern, kjøretøy stanset: ø".encode()[:-1],
            "Strømbrudd på Økern, kjøretøy stanset: \ufffd",
            "UTF-8 with 1 invalid byte sequence(s), replaced by U+FFFD",
        ),
    ],
)
def test_decode(data: bytes, text: str, warning: str | None):
    assert decode(data) == (text, warning)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text\x00with nul",
        bytes(range(1, 32)) * 4,
        "".join(chr(c) for c in range(0x80, 0xA0)).encode() * 4,  # all C1: binary, not mojibake
    ],
)
def test_decode_rejects_binary(data: bytes):
    with pytest.raises(ValueError, match="binary data"):
        decode(data)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_decode_round_trips_utf8(text: str):
    """Any UTF-8 text without control characters comes back as it was, without a warning."""
    assert decode(text.encode("utf-8")) == (text.removeprefix("\ufeff"), None)


@given(st.binary(max_size=300))
def test_decode_returns_text_or_raises_value_error(data: bytes):
    try:
        text, _ = decode(data)
    except ValueError:
        return
    assert isinstance(text, str)


def test_one_line_mojibake_is_kept_with_a_warning():
    """A one-line text with a single C1 control was refused as binary; 16 of 1,800 sentences went that way."""
    (document,) = read_article_file("ecole.txt", "Elevene ved l\x92Ecole normale er tilbake.\n".encode())
    assert isinstance(document, Document)
    assert document.text == "Elevene ved l’Ecole normale er tilbake.\n"
    assert document.warnings == ("repaired mojibake: C1 control characters read as windows-1252 (ftfy)",)


def test_json_lines_body_with_an_escaped_c1_control_is_repaired():
    line = b'{"guid": "m1", "body": "l\\u0092Ecole normale"}\n'
    (document,) = read_article_file("m.jsonl", line)
    assert (document.text, document.warnings) == (
        "l’Ecole normale",
        ("repaired mojibake: C1 control characters read as windows-1252 (ftfy)",),
    )


def test_a_news_api_record_gives_its_outlet_and_publication_time():
    line = (
        '{"source": {"id": null, "name": "NRK"}, "author": "Kari Nordmann", "title": "Storm i nord",'
        ' "url": "https://www.nrk.no/storm-1.2", "publishedAt": "2024-03-11T07:42:00Z",'
        ' "description": "Stormen traff Nord-Norge natt til mandag."}\n'
    )
    (doc,) = read_article_file("newsapi.jsonl", line.encode())
    assert (doc.outlet, doc.published_text, doc.author) == ("NRK", "2024-03-11T07:42:00Z", "Kari Nordmann")
    assert doc.text == "Stormen traff Nord-Norge natt til mandag."


def test_outlets_from_a_page_a_feed_and_a_url(tmp_path):
    from connectors.sources import read_source
    from pipelines.parse import parse_document
    from tests import records

    samples = Path(__file__).resolve().parent.parent / "sample_feeds"
    (page,) = read_source(str(samples / "oslo_blackout.html"), "article")
    assert page.outlet == "Byavisen"  # its JSON-LD publisher (no og:site_name on this page)
    items = list(read_source(str(samples / "nordic_wire.rss"), "feed"))
    assert {d.outlet for d in items} == {"Nordisk nyhetsbyrå – siste nytt"}  # the channel's title
    (line,) = read_article_file("x.jsonl", b'{"url": "https://www.vg.no/a/1", "body": "Tekst her."}\n')
    assert parse_document(line, run_id="r", ingested_at=records.NOW).outlet == "vg.no"  # else the URL's host


AUTHORS_PAGE = """<html lang="is"><head><title>Frétt</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Frétt",
 "author": [{"@type": "Organization", "name": "mbl.is"}, {"@type": "Person", "name": "Anna Jónsdóttir"},
            {"@type": "Person", "name": "Jón Sigurðsson"}]}</script></head>
<body><article><h1>Frétt</h1>%s
<p>Mikill vindur var á Suðurlandi í nótt og voru björgunarsveitir kallaðar út víða um land.</p>
<p>Veðurstofan spáir að vindur gangi niður síðdegis en varar við hálku á heiðum í kvöld.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("bylines", "author"),
    [
        ("", "Anna Jónsdóttir, Jón Sigurðsson"),  # JSON-LD: every person, in order; the site is no author
        (
            '<span class="byline">Kari Nordmann</span> og <span class="byline">Ola Hansen</span>',
            "Kari Nordmann, Ola Hansen",
        ),
        ('<div class="byline"><a rel="author">Kari Nordmann</a>, NTB</div>', "Kari Nordmann, NTB"),
    ],
)
def test_a_page_gives_all_its_authors_in_order(bylines, author):
    (doc,) = read_article_file("page.html", (AUTHORS_PAGE % bylines).encode())
    assert doc.author == author


AUTHOR_BOX_PAGE = """<html lang="fi"><head><title>Uutinen</title>
<link rel="canonical" href="https://www.iltalehti.fi/politiikka/a/1"></head>
<body><article><h1>Uutinen</h1>
<p>Hallitus on neuvotellut joulun alla arpajaislain muuttamisesta ja kertoo ratkaisuistaan pian.</p>
<p>Keskustan puheenjohtaja kertoo Iltalehdelle, mitä hallitus aikoo tehdä ensi vuonna.</p>%s
</article></body></html>"""


@pytest.mark.parametrize(
    ("box", "author"),
    [
        # iltalehti.fi's author box: name and address in divs of their own, which `text_content()`
        # runs together (`Lauri Nurmilauri.nurmi@iltalehti.fi`); the address names the site.
        (
            '<div class="article-authors"><div class="author" itemprop="author" itemscope="" '
            'itemtype="http://schema.org/Person"><div class="author-name-and-location"><div itemprop="name" '
            'class="author-name"><a href="/kirjoittajat/Lauri%20Nurmi">Lauri Nurmi</a></div></div>'
            '<div class="author-email"><svg viewbox="0 0 20.808 14.198" class="author-email-svg"><g></g></svg>'
            "<div>lauri.nurmi@iltalehti.fi</div></div></div></div>",
            "Lauri Nurmi",
        ),
        # An address beside a name without markup for the name.
        ('<p class="byline">Kari Nordmann, kari.nordmann@iltalehti.fi</p>', "Kari Nordmann"),
        # sn.dk: the byline's own block in a box with the stamp and the newsroom's address.
        (
            '<div class="created_and_author locked"><div class="created_at">Danmark - 10. marts 2020 kl. '
            '20:00</div><div class="author">Af Ritzau</div><div class="editorial_info">Kontakt redaktionen:'
            '<a href="mailto:sndk@sn.dk">sndk@sn.dk</a></div></div>',
            "Af Ritzau",
        ),
    ],
)
def test_an_author_box_gives_the_name_without_its_address(box: str, author: str) -> None:
    (doc,) = read_article_file("page.html", (AUTHOR_BOX_PAGE % box).encode())
    assert doc.author == author


def test_real_author_box_with_an_address() -> None:
    page = "fi_iltalehti_veikkaus-saarikko-html.html"
    (doc,) = read_article_file(page, (READING_PAGES / page).read_bytes())
    assert doc.author == "Lauri Nurmi"


ADVERTORIAL_PAGE = """<html lang="sv"><head><title>BBC: Premier League omstart 17 juli</title></head>
<body><div class="ksf-article"><h1>BBC: Premier League omstart 17 juli</h1><div class="text">
<p>Det är matcherna mellan Manchester City och Arsenal samt Aston Villa–Sheffield United, som alla spelat en omgång mindre än resten av lagen, som ska spelas då.</p>
<p>Därefter, den 19-20 juni följer en full omgång, enligt uppgifterna.</p></div>
<div class="ksf-article ksf-article-wrapper department-347 section-advertorialer type-advertorial">
<h2><a href="https://www.hbl.fi/artikel/aktia-hjalper-dig-att-tanka-framat/">Aktia hjälper dig att tänka framåt</a></h2>
<a href="https://www.hbl.fi/artikel/aktia-hjalper-dig-att-tanka-framat/"><p class="liftup">De flesta finländare har
idag koll på att hem, fritidsbostad och fordon behöver försäkras. <span class="pubdate">9.4.2020 - 00.00</span></p></a>
</div></div></body></html>"""


def test_an_advertorial_teaser_under_the_article_is_no_part_of_it() -> None:
    """hbl.fi's box for a paid article under the text (its markup, cut to the text)."""
    (doc,) = read_article_file("page.html", ADVERTORIAL_PAGE.encode())
    assert doc.text.split("\n\n") == [
        "Det är matcherna mellan Manchester City och Arsenal samt Aston Villa–Sheffield United, som alla "
        "spelat en omgång mindre än resten av lagen, som ska spelas då.",
        "Därefter, den 19-20 juni följer en full omgång, enligt uppgifterna.",
    ]


TIMES_PAGE = """<html lang="fi"><head><title>Uutinen</title>
<meta property="article:published_time" content="2024-09-03T04:03:19">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-09-03T07:03:19+03:00"}</script>
</head><body><aside class="sidebar"><time datetime="2024-09-01T10:00:00+03:00">1.9.</time></aside>
<article><h1>Uutinen</h1><p>Myrsky katkaisi sähköt tuhansilta kotitalouksilta Etelä-Suomessa yöllä.</p>
<p>Verkkoyhtiö arvioi, että sähköt palaavat useimpiin koteihin iltapäivään mennessä.</p></article></body></html>"""


def test_a_stated_offset_wins_and_sidebar_times_are_other_stories():
    (doc,) = read_article_file("page.html", TIMES_PAGE.encode())
    assert doc.published_text == "2024-09-03T07:03:19+03:00"
    page = TIMES_PAGE.replace('<meta property="article:published_time" content="2024-09-03T04:03:19">', "")
    page = page.replace('"datePublished": "2024-09-03T07:03:19+03:00"', '"headline": "Uutinen"')
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.published_text is None  # only a sidebar's time: not this story's


SLIDESHOW = """<html lang="en"><head><title>Storm</title></head><body><article><h1>Storm</h1>
<figure><img src="1.jpg"><figcaption>1 of 3 | Waves hit the pier in Brighton. Photo: AP Read More</figcaption></figure>
<figure><img src="1b.jpg"><figcaption>1 of 3 | Waves hit the pier in Brighton. Photo: AP Read More</figcaption></figure>
<figure><img src="2.jpg"><figcaption>2 of 3 | Trees down on the A23. Foto: NTB Vis mer</figcaption></figure>
<p>A storm hit the south coast of England overnight, bringing down trees and power lines.</p>
<p>Forecasters expect the wind to ease by the afternoon, but warn of more rain tomorrow.</p>
</article></body></html>"""


def test_slideshow_captions_come_once_without_counters_or_show_more():
    (doc,) = read_article_file("page.html", SLIDESHOW.encode())
    assert [(c.text, c.credit) for c in doc.captions] == [
        ("Waves hit the pier in Brighton.", "AP"),
        ("Trees down on the A23.", "NTB"),
    ]


def test_the_visible_headline_wins_over_og_title_and_json_ld():
    page = """<html lang="no"><head><title>Innenriks – Byavisen</title>
    <meta property="og:title" content="Innenriks: Slik blir været i helgen | Byavisen">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Vær helg Oslo prognose"}</script>
    </head><body><header><h1>Byavisen</h1></header><article><h1>Slik blir været i helgen</h1>
    <p>Meteorologene venter sol og svak vind i hele Sør-Norge lørdag og søndag.</p>
    <p>Nordpå blir det skyet med litt regn, men temperaturen holder seg over ti grader.</p>
    </article></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.title == "Slik blir været i helgen"


READING_PAGES = Path(__file__).resolve().parent.parent / "bench" / "reading" / "pages"

# The headline markup of real pages (bench/reading/pages), cut to the headline and a body.
ZEIT_HEADLINE = """<h1 class="article-heading">
        <span class="article-heading__kicker">Zugverkehr</span><span class="visually-hidden">: </span><span class="article-heading__title">Im ICE von Frankfurt nach Barcelona</span>
    </h1>"""
FAZ_HEADLINE = """<h1 class="atc-Headline atc-Headline-lg">
			<span class="atc-HeadlineEmphasis ">
								<span class="atc-HeadlineEmphasisText">Nutzerbasierte Abrechnung</span>
				<span class="o-VisuallyHidden">: </span>
			</span>
			<span class="atc-HeadlineText">Musik-Stars fordern neues Streaming-Modell</span>
		</h1>"""
HEADLINE_PAGE = """<html lang="de"><head><title>{meta}</title><meta property="og:title" content="{meta}">{ld}
</head><body>{nav}<article>{h1}
<p>Die Strecke ist seit Dezember ohne Umsteigen zu befahren, aber Tickets gibt es nur getrennt zu kaufen.</p>
<p>Wer im Zug sitzt, braucht gut zehn Stunden bis an die katalanische Küste und zurück noch einmal.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("meta", "ld", "nav", "h1", "title"),
    [
        # A kicker in an element of its own inside the h1, its class saying so (zeit.de).
        ("Zugverkehr: Im ICE", "", "", ZEIT_HEADLINE, "Im ICE von Frankfurt nach Barcelona"),
        # ... or only set apart by the `: ` for screen readers (faz.net's article headline).
        (
            "Nutzerbasierte Abrechnung: Musik",
            "",
            "",
            FAZ_HEADLINE,
            "Musik-Stars fordern neues Streaming-Modell",
        ),
        ("Raset", "", "", '<h1><span class="c-kicker">Oppdatert</span> Raset i natt</h1>', "Raset i natt"),
        # A kicker printed as text of the h1 stays: the headline as printed.
        ("Zugverkehr: Im ICE", "", "", "<h1>Zugverkehr: Im ICE</h1>", "Zugverkehr: Im ICE"),
        # No article h1 (faz.net's h1 is the last step of its breadcrumb): og:title's kicker goes
        # when the JSON-LD headline is the rest of it ...
        (
            "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell",
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Musik-Stars fordern neues Streaming-Modell"}</script>',
            "<nav><ul><li><h1>Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell</h1></li></ul></nav>",
            "",
            "Musik-Stars fordern neues Streaming-Modell",
        ),
        # ... and stays when the JSON-LD headline is another text.
        (
            "Zugverkehr: Im ICE nach Barcelona",
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "ICE Barcelona"}</script>',
            "",
            "",
            "Zugverkehr: Im ICE nach Barcelona",
        ),
    ],
)
def test_a_kicker_is_no_part_of_the_title(meta: str, ld: str, nav: str, h1: str, title: str) -> None:
    page = HEADLINE_PAGE.format(meta=meta, ld=ld, nav=nav, h1=h1)
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.title == title


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("de_zeit_ice-frankfurt-barcelona.html", "Im ICE von Frankfurt nach Barcelona"),
        ("de_faz_streaming-modell.html", "Musik-Stars fordern neues Streaming-Modell"),
    ],
)
def test_real_pages_titles_without_their_kicker(page: str, title: str) -> None:
    (doc,) = read_article_file(page, (READING_PAGES / page).read_bytes())
    assert doc.title == title


CAPTION_PAGE = """<html lang="{lang}"><head><title>Raset i natt</title></head><body><article>
<h1>Raset i natt</h1>{figure}
<p>Kommunen har stengt veien etter raset i natt, og ingen personer ble skadet i ulykken.</p>
<p>Geologer skal undersøke fjellsiden før veien kan åpnes igjen, trolig tidligst torsdag.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("lang", "figure", "caption"),
    [
        # The credit in an element of its own: inside the caption, or beside it in the figure.
        (
            "no",
            '<figcaption>Veien er stengt ved Bodø. <span class="credit">Foto: NTB</span></figcaption>',
            ("Veien er stengt ved Bodø.", "NTB"),
        ),
        (
            "en",
            '<figcaption><p>Rescue workers at the scene.</p><p class="byline">Photo: AP</p></figcaption>',
            ("Rescue workers at the scene.", "AP"),
        ),
        (
            "no",
            '<figcaption>Veien er stengt.</figcaption><div class="photographer">Foto: Kari Nordmann / NTB</div>',
            ("Veien er stengt.", "Kari Nordmann / NTB"),
        ),
        (
            "no",
            '<div class="media-caption"><figcaption>Veien er stengt.</figcaption>'
            '<span class="photographer">Ola Hansen</span></div>',
            ("Veien er stengt.", "Ola Hansen"),
        ),
        (
            "en",
            '<figcaption>The road near Bodø. <span class="copyright">© Reuters</span></figcaption>',
            ("The road near Bodø.", "Reuters"),
        ),
        # Labelled in the page's language, bracketed, or nothing but a credit.
        (
            "is",
            "<figcaption>Vegurinn er lokaður. Ljósmynd: mbl.is/Kristinn</figcaption>",
            ("Vegurinn er lokaður.", "mbl.is/Kristinn"),
        ),
        (
            "fi",
            "<figcaption>Tie on suljettu. Kuva: Lehtikuva</figcaption>",
            ("Tie on suljettu.", "Lehtikuva"),
        ),
        ("sv", "<figcaption>Vägen är stängd. Bild: TT</figcaption>", ("Vägen är stängd.", "TT")),
        ("hu", "<figcaption>Az út le van zárva. (Fotó: MTI)</figcaption>", ("Az út le van zárva.", "MTI")),
        (
            "en",
            '<div class="image"><img src="a.jpg"><p class="caption"><span class="caption-text">A new Bill would '
            'require providers to store metadata.</span><span class="image-source"><em>Source:</em> Supplied</span></p></div>',
            ("A new Bill would require providers to store metadata.", "Supplied"),
        ),
        # An upper-case label opening the caption is caption text, not a credit.
        (
            "en",
            "<figcaption>STRESS: Nurses say the workload has grown since the pandemic. Photo: AP</figcaption>",
            ("STRESS: Nurses say the workload has grown since the pandemic.", "AP"),
        ),
        # ... even when the label is a credit word: a long rest is the caption, the last label the credit.
        (
            "en",
            "<figcaption>IMAGE: A satellite image shows the extent of the flooding in the valley. "
            "Photo: Maxar</figcaption>",
            ("IMAGE: A satellite image shows the extent of the flooding in the valley.", "Maxar"),
        ),
        # A site's show-more widget is no part of the credit, wherever its text stands.
        (
            "no",
            '<figcaption>Veien er stengt. <span class="credit">AP</span><span>Vis mer</span></figcaption>',
            ("Veien er stengt.", "AP"),
        ),
        (
            "da",
            "<figcaption>Vejen er lukket. Foto: Ritzau Scanpix Vis mere</figcaption>",
            ("Vejen er lukket.", "Ritzau Scanpix"),
        ),
        (
            "fi",
            "<figcaption>Tie on suljettu. Kuva: Lehtikuva Näytä lisää</figcaption>",
            ("Tie on suljettu.", "Lehtikuva"),
        ),
        (
            "sv",
            '<figcaption>Vägen är stängd. Bild: TT <a href="#">Visa mer</a></figcaption>',
            ("Vägen är stängd.", "TT"),
        ),
    ],
)
def test_html_captions_credits_in_their_own_element_or_labelled(lang, figure, caption):
    """Issue 10: credits in a separate element or labelled in the page's language, without widgets."""
    page = CAPTION_PAGE.format(lang=lang, figure=f'<figure><img src="a.jpg">{figure}</figure>')
    (doc,) = read_article_file("page.html", page.encode())
    assert [(c.text, c.credit) for c in doc.captions] == [caption]
    assert "Foto" not in doc.text and "Photo" not in doc.text


def test_a_credit_alone_is_no_caption():
    """A picture's credit with no caption text (`Image: Psyonix`, `FOTO: NTB`) describes nothing."""
    for figure in (
        "<figure><img src='a.jpg'><figcaption>FOTO: Kari Nordmann / NTB</figcaption></figure>",
        "<div><img src='a.jpg'><span class='feat-caption'>Image: Psyonix</span></div>",
    ):
        (doc,) = read_article_file("page.html", CAPTION_PAGE.format(lang="no", figure=figure).encode())
        assert doc.captions == ()
        assert "Psyonix" not in doc.text and "NTB" not in doc.text


@pytest.mark.parametrize(
    ("image", "caption"),
    [
        # Sites without <figcaption>: the caption and its credit named by their class.
        (
            '<figure><img src="a.jpg"><div class="caption">Veien er stengt ved Bodø.</div>'
            '<div class="credit">Foto: NTB</div></figure>',
            ("Veien er stengt ved Bodø.", "NTB"),
        ),
        (
            '<div class="image"><img src="a.jpg"><p class="image-caption">Veien er stengt ved Bodø. Foto: NTB</p></div>',
            ("Veien er stengt ved Bodø.", "NTB"),
        ),
        (
            '<div class="image"><img src="a.jpg"><p class="caption">Veien er stengt ved Bodø.</p>'
            '<span class="credit">Foto: NTB</span></div>',
            ("Veien er stengt ved Bodø.", "NTB"),
        ),
        # A closing bracketed credit, and an unlabelled wire-photo credit (Reuters' habit).
        (
            '<figure><img src="a.jpg"><figcaption>Veien er stengt ved Bodø. <em>(The Associated Press)</em>'
            "</figcaption></figure>",
            ("Veien er stengt ved Bodø.", "The Associated Press"),
        ),
        (
            '<figure><img src="a.jpg"><figcaption>Los Angeles, January 19, 2020 - The cast of "Parasite" poses '
            "backstage in Bodø. REUTERS/Monica Almeida</figcaption></figure>",
            (
                'Los Angeles, January 19, 2020 - The cast of "Parasite" poses backstage in Bodø.',
                "REUTERS/Monica Almeida",
            ),
        ),
        # English `Credit:` even glued to the sentence (nature.com, phys.org), and a closing `©` (zeit.de).
        (
            '<figure><img src="a.jpg"><figcaption>Veien er stengt ved Bodø.Credit: Kari Nordmann/NTB</figcaption>'
            "</figure>",
            ("Veien er stengt ved Bodø.", "Kari Nordmann/NTB"),
        ),
        (
            '<figure><img src="a.jpg"><figcaption>Veien er stengt ved Bodø. © Kari Nordmann/AFP/Getty Images'
            "</figcaption></figure>",
            ("Veien er stengt ved Bodø.", "Kari Nordmann/AFP/Getty Images"),
        ),
        # A credit the figure states in an attribute, shown run into the caption's text (time.com).
        (
            '<figure data-credit="David McNew—Getty Images"><img src="a.jpg"><figcaption><span>Veien er stengt '
            "ved Bodø.</span><span>David McNew—Getty Images</span></figcaption></figure>",
            ("Veien er stengt ved Bodø.", "David McNew—Getty Images"),
        ),
        # A credit in a closing <cite> or <small>, even glued to the text.
        (
            '<figure><img src="a.jpg"><figcaption>Veien er stengt ved Bodø.<cite>Foto: NTB</cite></figcaption></figure>',
            ("Veien er stengt ved Bodø.", "NTB"),
        ),
        (
            '<figure><img src="a.jpg"><figcaption>Veien er stengt ved Bodø<small>Kari Nordmann / NTB</small></figcaption></figure>',
            ("Veien er stengt ved Bodø", "Kari Nordmann / NTB"),
        ),
    ],
)
def test_html_captions_without_figcaption_or_with_a_closing_credit(image, caption):
    """Issue 10: captions and credits the page marks by class or by a closing element, kept out of the text."""
    page = CAPTION_PAGE.format(lang="no", figure=image)
    (doc,) = read_article_file("page.html", page.encode())
    assert [(c.text, c.credit) for c in doc.captions] == [caption]
    assert "Bodø" not in doc.text and "NTB" not in doc.text


def test_a_credit_beside_a_caption_belongs_to_its_own_figure_only():
    figures = (
        '<div class="byline">Av Kari Nordmann</div><img src="0.jpg"><p class="caption">Raset i natt.</p>'
        '<figure><img src="1.jpg"><figcaption>Raset.</figcaption><div class="photographer">Foto: NTB</div></figure>'
        '<figure><img src="2.jpg"><figcaption>Veien.</figcaption><div class="photographer">Foto: AP</div></figure>'
        '<figure><img src="3.jpg"><figcaption>Fjellet.</figcaption><figcaption>Fjorden.</figcaption>'
        '<div class="photographer">Foto: Ola Hansen</div></figure>'
    )
    (doc,) = read_article_file("page.html", CAPTION_PAGE.format(lang="no", figure=figures).encode())
    assert [(c.text, c.credit) for c in doc.captions] == [
        ("Raset i natt.", None),  # the byline beside the image is no photo credit
        ("Raset.", "NTB"),
        ("Veien.", "AP"),
        ("Fjellet.", None),  # two captions in one figure: whose credit it is cannot be told
        ("Fjorden.", None),
    ]
    assert doc.author == "Av Kari Nordmann"


MODIFIED_PAGE = """<html lang="fi"><head><title>Myrsky</title>
<meta property="article:published_time" content="2024-09-03T07:03:19+03:00">
<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "%s"}</script>
</head><body><article><h1>Myrsky katkaisi sähköt</h1>
<p>Myrsky katkaisi sähköt tuhansilta kotitalouksilta Etelä-Suomessa yöllä.</p>
<p>Verkkoyhtiö arvioi, että sähköt palaavat useimpiin koteihin iltapäivään mennessä.</p></article></body></html>"""


@pytest.mark.parametrize(
    ("modified", "updated"),
    [
        ("2024-09-03T07:03:19+03:00", None),  # the publication itself
        ("2024-09-03T04:03:19Z", None),  # the same moment, written in UTC
        ("2024-09-03T04:03:19", None),  # UTC without its offset: read in Helsinki time, earlier still
        ("2024-09-02T22:15:00+03:00", None),  # before the publication: a draft's time
        ("2024-09-03", None),  # the publication's day
        ("2024-09-03T09:30:00+03:00", "2024-09-03T06:30:00+00:00"),  # a real update
    ],
)
def test_a_date_modified_at_or_before_publication_is_no_update(modified, updated):
    """Issue 10: `dateModified` equal to or earlier than the publication is not an update."""
    (doc,) = read_article_file("page.html", (MODIFIED_PAGE % modified).encode())
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    article = graph.understand(doc, make_detector("cld2"), run_id="t", ingested_at=now)
    assert article.published_at == dt.datetime(2024, 9, 3, 4, 3, 19, tzinfo=dt.UTC)
    assert (article.updated_at.isoformat() if article.updated_at else None) == updated
    assert article.updates == (() if updated is None else (article.updated_at,))


_CONTROLLED = st.lists(
    st.sampled_from(["Hei på deg", " ", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x01", "\x1f", "\x7f", "\x85"])
    | st.sampled_from(["\x92", "\x96", "\u00a0", "\u00ad", "\u200b", "–", "l\x92Ecole", "ø"])
    | st.text(max_size=3),
    max_size=20,
).map("".join)


@given(_CONTROLLED)
def test_decode_checks_for_controls_as_the_regexes_do(text):
    from connectors.article_files import _control_share, repair_mojibake

    # decode() skips its control and mojibake scans on printable text: the answer must not change.
    data = text.encode("utf-8")
    if b"\x00" in data or text.startswith("\ufeff"):
        return
    try:
        expected = None if _control_share(text) > 0.01 else repair_mojibake(text)
    except ValueError:
        expected = None
    try:
        got = decode(data)
    except ValueError:
        got = None
    assert got == expected


def test_json_ld_strings_have_their_html_entities_decoded():
    # SEO plugins write the page's escaped text into JSON-LD: the name is O'Donnell, not O&#039;Donnell.
    page = """<html lang="en"><head><title>x</title>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "&#8216;Sex Game&#8217; lures",
     "author": [{"@type": "Person", "name": "Lindsey O&#039;Donnell"}, {"@type": "Person", "name": "Tom &amp; Jerry"}]}
    </script></head><body><div><p>Researchers are warning of a new strain of ransomware on Android phones.</p>
    <p>It spreads through links in online forums and through text messages sent to contacts.</p></div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.author == "Lindsey O'Donnell, Tom & Jerry"


def test_og_article_prefixed_meta_times_are_read():
    page = """<html lang="en"><head><title>x</title>
    <meta property="og:article:published_time" content="2020-01-20T09:49:32+0000">
    <meta property="og:article:modified_time" content="2020-01-20T11:02:00+0000">
    </head><body><div><p>South Korean thriller Parasite was the upset winner at the awards on Sunday.</p>
    <p>It beat homegrown Hollywood movies for the top prize of the evening in Los Angeles.</p></div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert (doc.published_text, doc.updated_text) == ("2020-01-20T09:49:32+0000", "2020-01-20T11:02:00+0000")


@pytest.mark.parametrize(
    ("metas", "published", "updated"),
    [
        # Dublin Core, a day only (nature.com), and its modification
        ('<meta name="dc.date" content="2019-09-24"><meta name="dcterms.modified" content="2019-09-25">',
         "2019-09-24", "2019-09-25"),
        ('<meta name="DC.date.issued" content="2019-09-24T08:00:00+02:00">', "2019-09-24T08:00:00+02:00", None),
        # news analytics tags and scholarly citation tags
        ('<meta name="parsely-pub-date" content="2021-03-02T10:15:00Z">', "2021-03-02T10:15:00Z", None),
        ('<meta name="citation_publication_date" content="2018/05/04">', "2018/05/04", None),
        # Open Graph's wins over the others
        ('<meta name="date" content="2015-01-01"><meta property="article:published_time" '
         'content="2020-01-20T09:49:32+0000">', "2020-01-20T09:49:32+0000", None),
    ],
)  # fmt: skip
def test_publication_meta_of_other_vocabularies_is_read(metas, published, updated):
    page = f"""<html lang="en"><head><title>x</title>{metas}</head><body><div>
    <p>The telescope in Guizhou opened to astronomers from around the world on Wednesday.</p>
    <p>It is the largest single-dish radio telescope and has found more than 100 pulsars.</p></div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert (doc.published_text, doc.updated_text) == (published, updated)


BYLINE_PAGE = """<html lang="en"><head><title>x</title><meta property="og:site_name" content="Daily Planet">
<meta name="author" content="%s"><link rel="canonical" href="https://www.dailyplanet.example/news/1"></head>
<body><div class="story">%s<p>The council voted on Tuesday to close the old harbour bridge to all traffic.</p>
<figure><img src="a.jpg"><div class="img-box__author">Photograph by Lois Lane</div></figure>
<p>Engineers had warned for two years that the steel supports were rusting away.</p>
<ul class="slides"><li><p class="author">Author: Someone Else</p></li></ul>
<div class="c-comment"><span class="c-comment__author">Reader 42</span></div></div></body></html>"""


@pytest.mark.parametrize(
    ("meta_author", "byline", "author"),
    [
        # BEM and utility class names say what the element is by their last part
        ("", '<div class="c-article__author">Jimmy Olsen</div>', "Jimmy Olsen"),
        ("", '<div class="article-heading__contributors">by Jimmy Olsen</div>', "by Jimmy Olsen"),
        ("", '<span class="author-name">Jimmy Olsen</span>', "Jimmy Olsen"),
        # a social handle beside the name is not part of it
        (
            "",
            '<div class="byline"><a href="/authors/jon">Jon Porter</a><a href="https://twitter.com/JonPorty">'
            "@JonPorty</a></div>",
            "Jon Porter",
        ),
        # an avatar is not a byline
        (
            "",
            '<div class="c-article__author-avatar">JO</div><b class="c-article__author">Jimmy Olsen</b>',
            "Jimmy Olsen",
        ),
        # a byline printed as a labelled field
        ("", "<ul><li><strong>Author</strong> Jimmy Olsen</li></ul>", "Jimmy Olsen"),
        ("", "<dl><dt>Forfatter</dt><dd>Kari Nordmann</dd></dl>", "Kari Nordmann"),
        # the site crediting itself is no byline when a person is named, and none at all alone
        ("Daily Planet (www.dailyplanet.example)", '<span class="byline">Jimmy Olsen</span>', "Jimmy Olsen"),
        ("Daily Planet (www.dailyplanet.example)", "", None),
        ("dailyplanet.example", "", None),  # the site alone credits no one
        # nor does the company behind it with its address (spiegel.de, sueddeutsche.de)
        ("Daily Planet GmbH, Metropolis, Germany", "", None),
        ("Daily Planet; Metropolis", '<span class="byline">Jimmy Olsen</span>', "Jimmy Olsen"),
        ("Lois Lane, Metropolis", "", "Lois Lane; Metropolis"),  # a person first: not the site (as before)
        # an author's bio box is no byline line
        (
            "",
            '<span class="byline">Jimmy Olsen</span>'
            '<div class="author">Jimmy Olsen Reporter in the city desk. He joined the paper in 2001.</div>',
            "Jimmy Olsen",
        ),
        # the site's name tagged onto the end of a byline is no author; an agency is
        ("", '<div class="byline">Lois Lane, Jimmy Olsen, Daily Planet</div>', "Lois Lane, Jimmy Olsen"),
        ("", '<div class="byline">Lois Lane, NTB</div>', "Lois Lane, NTB"),
    ],
)
def test_bylines_by_class_label_and_not_the_site_a_photographer_or_a_commenter(meta_author, byline, author):
    (doc,) = read_article_file("page.html", (BYLINE_PAGE % (meta_author, byline)).encode())
    assert doc.author == author


RECIRCULATION_PAGE = """<html lang="en"><head><title>Bridge</title></head><body><div class="post">
<h1>Bridge closes</h1>
<p>The council voted on Tuesday to close the old harbour bridge to all traffic from next month.</p>
<h4>Editors' Recommendations:</h4>
<ul><li><a href="/a">Ferry fares rise again</a></li><li><a href="/b">New tram line opens in the east</a></li></ul>
<p>Engineers had warned for two years that the steel supports of the bridge were rusting away.</p>
<ul><li>Cars: from 1 March</li><li>Bicycles: from 1 April</li></ul>
<div class="inline-article-recirc"><h2>More Must-Reads</h2><p>A teaser paragraph about another story.</p></div>
</div><div class="nextstory"><h2><a href="/c">Choir sings for the mayor</a></h2>
<p>The good folks at the city choir are still doing their thing, and now the mayor joined them.</p>
<h3>READ THE REST</h3></div></body></html>"""


def test_boxes_of_links_to_other_articles_are_not_text():
    (doc,) = read_article_file("page.html", RECIRCULATION_PAGE.encode())
    assert "Ferry fares" not in doc.text and "Recommendations" not in doc.text
    assert "teaser paragraph" not in doc.text and "choir" not in doc.text and "READ THE REST" not in doc.text
    assert "steel supports" in doc.text and "Bicycles: from 1 April" in doc.text  # a list of facts stays
    assert "Ferry fares rise again" in doc.related and "Choir sings for the mayor" in doc.related


CAPTIONS_BY_CLASS = """<html lang="en"><head><title>Flood</title></head><body><div class="story"><h1>Flood</h1>
<div class="Image_container"><img src="a.jpg"><figcaption><div class="Image_caption"><span>Water covers
the main street of York on Sunday morning.</span></div></figcaption></div>
<p>The river Ouse burst its banks overnight and flooded hundreds of homes in the city centre.</p>
<div class="image"><img src="b.jpg"><p class="caption"><span class="caption-text">Sandbags outside the
museum gardens.</span></p></div>
<p>The Environment Agency said the water would start to fall by Tuesday afternoon at the earliest.</p>
<span class="proper-caption">Advertisement:</span>
<div class="Slideshow_container"><figcaption>Slideshow (14 Images)</figcaption></div>
</div></body></html>"""


def test_captions_by_class_and_figcaptions_outside_a_figure_not_ad_labels_or_slideshow_counts():
    (doc,) = read_article_file("page.html", CAPTIONS_BY_CLASS.encode())
    assert [c.text for c in doc.captions] == [
        "Water covers the main street of York on Sunday morning.",
        "Sandbags outside the museum gardens.",
    ]
    assert "Water covers" not in doc.text and "Sandbags" not in doc.text


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        (
            '<li class="date-and-time" title="2015-03-13T21:00:00+11:00">March 13, 2015 9:00PM</li>',
            "2015-03-13T21:00:00+11:00",
        ),
        (
            '<span class="published" data-datetime="2015-03-13T21:00:00+11:00">13.3.2015</span>',
            "2015-03-13T21:00:00+11:00",
        ),
        ('<span class="date" title="Friday">March 13, 2015</span>', None),  # a title that is no moment
        ('<div class="teaser"><span class="date" title="2015-03-01T10:00:00+11:00">1.3.</span></div>', None),
    ],
)
def test_a_stamp_element_carrying_its_moment_in_an_attribute(stamp, published):
    page = f"""<html lang="en"><head><title>x</title></head><body><div class="story"><ul>{stamp}</ul>
    <p>The government will introduce its data retention bill to parliament next week, the minister said.</p>
    <p>Media organisations have warned that the laws would expose journalists' sources to agencies.</p>
    </div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.published_text == published


@pytest.mark.parametrize(
    ("header", "title"),
    [
        # the article's own header block, a sibling of the body: its h1 is the headline
        (
            "<header><h1>Geoengineering is needed now, warns climate scientist</h1></header>",
            "Geoengineering is needed now, warns climate scientist",
        ),
        # the site's masthead: navigation in it, or the site's own name
        (
            "<header><nav><a href='/'>Home</a></nav><h1>Daily Planet News Today</h1></header>",
            "og headline here",
        ),
        ("<header><h1>Daily Planet</h1></header>", "og headline here"),
    ],
)
def test_a_headline_in_a_page_level_header_that_is_no_masthead(header, title):
    page = f"""<html lang="en"><head><title>Climate | Daily Planet</title>
    <meta property="og:title" content="og headline here"><meta property="og:site_name" content="Daily Planet">
    </head><body><div>{header}<article><p>James Hansen first warned Congress of the threat from climate change.</p>
    <p>Today, in a controversial new paper, he argues that warming is accelerating faster than expected.</p>
    </article></div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.title == title


@pytest.mark.parametrize(
    ("field", "published"),
    [
        (
            "<ul><li><strong>Date</strong> 10.06.2013</li><li><strong>Author</strong> Julian Tompkin</li></ul>",
            "10.06.2013",
        ),
        ("<dl><dt>Publisert</dt><dd>10.06.2013 kl. 14.05</dd></dl>", "10.06.2013 kl. 14.05"),
        ("<p><strong>Date</strong> to be announced</p>", None),  # a label with no date after it
        ('<ul class="slides"><li><b>Date</b> 01.06.2013</li></ul>', None),  # another item's
    ],
)
def test_a_date_printed_as_a_labelled_field(field, published):
    page = f"""<html lang="en"><head><title>x</title></head><body><div class="story">{field}
    <p>Climbing out of Ahrweiler, the path ascends at such a gradient that my legs are jelly half way.</p>
    <p>Indeed, I am in wine country, amidst the staggering mountainous vines of the Ahr Valley.</p>
    </div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.published_text == published


def test_a_header_that_wraps_the_story_is_not_dropped_as_site_chrome():
    page = """<html lang="de"><head><title>Interview</title></head><body><header><div class="logo">Meedia</div>
    <nav><a href="/">Start</a><a href="/tv">TV</a></nav>
    <div class="entry"><h1>Freenet will ins TV-Geschäft</h1>
    <p>Der Mobilfunkanbieter wagt sich mit der Übernahme eines Sendenetz-Anbieters ins Fernsehgeschäft.</p>
    <p>Herr Vilanek, in Deutschland gibt es sieben Millionen Haushalte, die das Antennenfernsehen nutzen.</p>
    <p>Wir prüfen gerade verschiedene Preispunkte und Modelle, sagt der Vorstandschef im Gespräch.</p>
    </div></header><footer><p>Impressum</p></footer></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert "sieben Millionen Haushalte" in doc.text
    assert "Start" not in doc.text and "Impressum" not in doc.text  # the chrome inside and beside it goes


READING_PAGES = Path(__file__).parent.parent / "bench" / "reading" / "pages"


def _understood(name: str):
    path = READING_PAGES / name
    (doc,) = read_article_file(str(path), path.read_bytes())
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    return doc, graph.understand(doc, make_detector("cld2"), run_id="t", ingested_at=now)


def test_sn_dk_stamp_standfirst_and_comment_rules():
    """sn.dk (Ritzau): the meta gives only the day; the minute is in the stamp under the headline,
    after the section's name (`Erhverv - 02. januar 2020 kl. 10:21`). The `div.manchet` is the
    standfirst, and the comment section's heading and rules are no part of the article."""
    doc, article = _understood("da_sn_norwegian-aktie-737-max.html")
    assert doc.published_text == "2020-01-02" and doc.stamps == ("02. januar 2020 kl. 10:21",)
    assert article.published_at == dt.datetime(2020, 1, 2, 9, 21, tzinfo=dt.UTC)
    assert article.updated_at is None  # `article:modified_time` 2020-01-02: the same day, no update
    assert article.standfirst == (
        "Norwegian-aktien har fået en flyvende start på 2020 efter Boeing-aftaler om erstatning for "
        "flyveforbud.",
    )
    assert article.body.startswith("Det pressede norske luftfartsselskab Norwegian har fået en flyvende")
    assert "Kommentarer" not in article.body and "livlig debat" not in article.body


def test_sn_dk_paywalled_page_ends_where_the_wall_begins():
    """The paywalled sn.dk page: three paragraphs, then the `article-lockedBox` (prices, log-in);
    the site's date line and headline above the text are no body either."""
    doc, article = _understood("da_sn_coronavirus-trafikken.html")
    assert article.published_at == dt.datetime(2020, 3, 10, 19, 0, tzinfo=dt.UTC)
    assert [p.text for p in article.paragraphs] == [
        "For at hindre spredning af coronavirusset kommer der til at ske ændringer i danskernes daglige "
        "færden.",
        "Nærmere bestemt i den kollektive transport, som er blevet opfordret til at lave ændringer i driften.",
        'Derudover forbydes flyvninger til Danmark fra såkaldte "røde zoner" - lande med omfattende smitte - '
        "for at hindre yderligere spredning af virusset.",
    ]
    assert "Få fuld adgang" not in doc.text


_STAMP_PAGE = """<html lang="da"><head><title>x</title>
<meta property="article:published_time" content="%s"></head><body><div class="article">
<div class="site_date">2. januar 2020</div><h1>Norwegian-aktie stiger</h1>
<div class="created_and_author"><div class="created_at">%s</div><div class="author">Af Ritzau</div></div>
<p>Det pressede norske luftfartsselskab Norwegian har fået en flyvende start på 2020.</p>
<p>Noget kunne tyde på, at den gode start på det nye årti ikke skyldes noget, Norwegian selv har gjort.</p>
<div class="article_teaser"><div class="timestamps">01. januar 2020 kl. 08:00</div>
<a href="/a">En anden historie</a></div></div></body></html>"""


@pytest.mark.parametrize(
    ("meta", "printed", "stamps"),
    [
        ("2020-01-02", "Erhverv - 02. januar 2020 kl. 10:21", ("02. januar 2020 kl. 10:21",)),
        ("", "Sport | 02.01.2020 10.21", ("02.01.2020 10.21",)),  # no machine time at all
        ("2020-01-02", "02. januar 2020", ()),  # no clock: the day says no more than the meta
        ("2020-01-02T10:21:00+01:00", "Erhverv - 02. januar 2020 kl. 10:21", ()),  # the meta has it
    ],
)
def test_a_printed_stamp_counts_where_the_machine_time_has_only_the_day(meta, printed, stamps):
    (doc,) = read_article_file("page.html", (_STAMP_PAGE % (meta, printed)).encode())
    assert doc.stamps == stamps  # never the teaser's stamp


@pytest.mark.parametrize(
    ("box", "kept"),
    [
        ('<div class="manchet"><p>Kort manchet om sagen.</p></div>', ("Kort manchet om sagen.",)),
        ('<p class="ingress">Kort ingress om saken.</p>', ("Kort ingress om saken.",)),
        ('<p class="c-article__lede">Kort ingress om saken.</p>', ("Kort ingress om saken.",)),
        ('<div class="article_teaser"><div class="manchet">En anden historie...</div></div>', ()),
    ],
)
def test_the_standfirst_a_page_sets_apart_is_no_text(box, kept):
    page = f"""<html lang="da"><head><title>x</title></head><body><div class="article"><h1>Overskrift</h1>
    {box}<p>Det pressede norske luftfartsselskab Norwegian har fået en flyvende start på 2020.</p>
    <p>Noget kunne tyde på, at den gode start på det nye årti ikke skyldes noget, Norwegian selv har gjort.</p>
    </div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert doc.standfirst == kept
    assert all(line not in doc.text for line in kept)


def test_paywall_and_comment_boxes_are_no_text():
    page = """<html lang="da"><head><title>x</title></head><body><div class="article"><h1>Overskrift</h1>
    <p>For at hindre spredning af coronavirusset kommer der til at ske ændringer i danskernes færden.</p>
    <p>Nærmere bestemt i den kollektive transport, som er blevet opfordret til at lave ændringer.</p>
    <div class="article-lockedBox"><p>Få fuld adgang til sn.dk og læs resten af artiklen</p>
    <p>For at læse denne artikel skal du have et digitalt abonnement.</p></div>
    <div class="facebook_moderator"><p class="facebook_moderator_headline">Kommentarer</p>
    <p>Vi ønsker en åben og livlig debat på sn.dk, og opfordrer alle til at kommentere.</p></div>
    </div></body></html>"""
    (doc,) = read_article_file("page.html", page.encode())
    assert "kollektive transport" in doc.text
    assert "Få fuld adgang" not in doc.text and "abonnement" not in doc.text
    assert "Kommentarer" not in doc.text and "livlig debat" not in doc.text


# wired.com's markup (cut from the page, text shortened): the whole article is sent, every paragraph
# after the first marked `p.paywall`, in several `body__inner-container` runs with ads and "Most
# Popular" boxes between them. A paywall box is still dropped where the page has one.
_GATED_PAGE = """<html lang="en"><head><title>x</title></head><body><article><h1>Surveillance</h1>
<div class="body__container article__body"><div class="body__inner-container">
<p>On Sunday, October 29, Ahmed Azza was given permission to leave his neighborhood for the first time.</p>
<p class="paywall">Azza lives in Tel Rumeida, Hebron, the most tightly controlled part of the city.</p>
<p class="paywall">The West Bank has long been seen as a testing ground for Israeli surveillance.</p></div>
<div class="ad ad--in-content"></div>
<div class="body__inner-container">
<p class="paywall">Israeli officials claim the rollout of surveillance technology helps security.</p>
<p class="paywall">The Israeli Defense Force declined to provide an attributable comment on it.</p></div>
%s</div></article></body></html>"""


@pytest.mark.parametrize(
    ("box", "dropped"),
    [
        ("", None),
        (
            '<aside class="paywall-bar"><p>Get unlimited access to WIRED for $5.</p></aside>',
            "unlimited access",
        ),
    ],
)
def test_paragraphs_marked_paywall_are_the_gated_text(box, dropped):
    (doc,) = read_article_file("page.html", (_GATED_PAGE % box).encode())
    assert doc.text.split("\n\n") == [
        "On Sunday, October 29, Ahmed Azza was given permission to leave his neighborhood for the first time.",
        "Azza lives in Tel Rumeida, Hebron, the most tightly controlled part of the city.",
        "The West Bank has long been seen as a testing ground for Israeli surveillance.",
        "Israeli officials claim the rollout of surveillance technology helps security.",
        "The Israeli Defense Force declined to provide an attributable comment on it.",
    ]
    assert dropped is None or dropped not in doc.text


# sott.net's markup (cut from the page, text shortened): paragraphs are text between `<br>`s and picture
# boxes, and a box whose caption is read apart leaves no text between two paragraphs.
_PICTURE_BETWEEN_PAGE = (
    '<html lang="en"><head><title>x</title></head><body><div class="article-body">'
    '<h1>American friends</h1><div class="article-text">'
    "As the co-founder of a small security consulting firm called UC Global, David Morales spent years slogging."
    "<br /><br />In 2016, Morales rushed off alone to a security fair in Las Vegas, hoping to rustle up gigs. "
    "Days later, he returned to his company's headquarters in Jerez de Frontera, Spain with exciting news."
    '<div class="article-image-large to-center"><a href="/image/full/Morales_Vegas.png"><img '
    'src="/image/large/Morales_Vegas.png" alt="David morales"></a><div class="image-caption"><br /><span '
    'class="caption">UC Global CEO David Morales (left) at a 2016 security fair in Las Vegas</span></div></div>'
    '"From now on, we\'re going to be playing in the first division," Morales announced to his employees.'
    "<br /><br />Fellow UC Global executives began to grow suspicious of the new contacts Morales had made."
    "</div></div></body></html>"
)


def test_a_picture_box_between_two_runs_of_text_parts_them():
    (doc,) = read_article_file("page.html", _PICTURE_BETWEEN_PAGE.encode())
    assert [c.text for c in doc.captions] == [
        "UC Global CEO David Morales (left) at a 2016 security fair in Las Vegas"
    ]
    assert doc.text.split("\n\n")[1:] == [  # the headline first
        "As the co-founder of a small security consulting firm called UC Global, David Morales spent years"
        " slogging.",
        "In 2016, Morales rushed off alone to a security fair in Las Vegas, hoping to rustle up gigs. Days later,"
        " he returned to his company's headquarters in Jerez de Frontera, Spain with exciting news.",
        '"From now on, we\'re going to be playing in the first division," Morales announced to his employees.',
        "Fellow UC Global executives began to grow suspicious of the new contacts Morales had made.",
    ]
