"""Bylines as an editor writes them down (pipelines/structure/bylines.py, and where parse and the HTML
reader use it): genre words, job titles, places and desks around the names; datelines; bylines at the end."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.article_files import read_article_file
from pipelines.parse import parse_document
from pipelines.structure import split_article
from pipelines.structure.bylines import dateline_agencies, dressed_byline, signature_name, tidy_byline
from schemas import Document

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("printed", "tidied"),
    [
        # as printed when nothing is around the names
        ("Av Kari Nordmann, NTB", "Av Kari Nordmann, NTB"),
        ("NTB-AP-AFP", "NTB-AP-AFP"),
        ("Kari Nordmann og Ola Hansen", "Kari Nordmann og Ola Hansen"),
        # genre words before the byline
        ("Eine Analyse von Caspar Schwietering", "Von Caspar Schwietering"),
        ("Kommentar av Kari Nordmann", "Av Kari Nordmann"),
        ("Analyse: Kari Nordmann", "Kari Nordmann"),
        # a job title after the name, printed in capitals (en_cnn_alito-prelogar, held out)
        ("Joan Biskupic, CNN Senior Supreme Court Analyst", "Joan Biskupic"),
        ("Kari Nordmann, Senior Editor, NTB", "Kari Nordmann, NTB"),
        # a field label, leading dashes, a social prompt
        ("Written by: Julie Mollins", "Julie Mollins"),
        ("-- By Michael Russell Follow @tdmrussell", "By Michael Russell"),
        # job titles after the name
        ("Richard Adams, Education editor", "Richard Adams"),
        ("Kari Nordmann, journalist", "Kari Nordmann"),
        ("Kari Nordmann, politisk journalist, NTB", "Kari Nordmann, NTB"),
        ("Anna Schmidt, Redakteurin", "Anna Schmidt"),
        # a one-word place after a writer's name; an agency is no place
        ("Von Markus Balser, Berlin", "Von Markus Balser"),
        ("Kim Gump, Dallas", "Kim Gump"),
        ("Aino Virtanen, STT", "Aino Virtanen, STT"),
        ("Kari Nordmann, ANSA", "Kari Nordmann, ANSA"),  # an acronym may be an agency the table lacks
        ("Av Kari Nordmann, Dagbladet", "Av Kari Nordmann"),  # the outlet's name, printed like a place
        # a desk is no person
        ("National Desk", None),
        ("Nordic Wire staff, Ritzau", "Ritzau"),
        ("Kari Nordmann, Nyhetsdesken", "Kari Nordmann"),
        # several byline elements joined: `By` only first, an agency's service by its short name, once
        ("By: CNN Wire, By Leigh Ann Caldwell, CNN", "CNN, Leigh Ann Caldwell"),
        ("Kari Nordmann, NTB Nyheter", "Kari Nordmann, NTB"),
        # a surname that is also a role word is kept when capitalised and first
        ("Kari Reporter", "Kari Reporter"),
        # a date glued after the name; a part that is only a date
        ("von Anja Schmoll-Trautmann am 14. Mai 2014, 15:40 Uhr", "von Anja Schmoll-Trautmann"),
        ("En kiosques : janvier 2020, par Didier Roy, 21 juin 2018", "Didier Roy"),
        ("June 5, 2019 by luxurious", None),
        ("von bjoernlinder01", "von bjoernlinder01"),  # a handle with digits is still who wrote it
        # a field label without its colon, before a name
        ("Author Daniel Lemire", "Daniel Lemire"),
    ],
)
def test_tidy_byline(printed, tidied):
    assert tidy_byline(printed) == tidied


@pytest.mark.parametrize(
    ("paragraph", "agencies"),
    [
        (
            "Frankfurt/Main (dpa) - Für einen Roman über die alte Bundesrepublik hat Frank Witzel gewonnen.",
            ("DPA",),
        ),
        ("WASHINGTON (CNN) — Not everyone subscribes to a New Year’s resolution.", ("CNN",)),
        ("OSLO (NTB): Regjeringen legger fram budsjettet tirsdag.", ("NTB",)),
        ("STOCKHOLM (TT) Regeringen presenterar budgeten i dag.", ("TT",)),
        ("KØBENHAVN (Ritzau/AFP) - Stormen lukker broerne.", ("Ritzau", "AFP")),
        # brackets that are no agency, or not at the start
        ("Apple (AAPL) - shares rose by three percent on Monday.", ()),
        ("The minister (SV) said on Monday that the budget would pass.", ()),
        ("Regjeringen (NTB) sier nei.", ()),  # no place in capitals, no dash: a sentence with an aside
        ("Jonas Gahr Støre (Ap) - statsministeren sier nei.", ()),  # a party, not AP
        ("Prices rose, the agency (Reuters) said.", ()),
    ],
)
def test_dateline_agencies(paragraph, agencies):
    assert dateline_agencies(paragraph) == agencies


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Kim Gump, Dallas", "Kim Gump"),
        ("Kari Nordmann, Tromsø", "Kari Nordmann"),
        ("Kari Nordmann, NTB", None),  # a byline with its agency: read as such, not as a signature
        ("Prices rose, Reuters", None),
        ("The storm hit the coast, Oslo", None),
        ("In the end, Oslo", None),
    ],
)
def test_signature_name(line, name):
    assert signature_name(line) == name


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("-- By Michael Russell Follow @tdmrussell", "By Michael Russell"),
        ("– Av Kari Nordmann", "Av Kari Nordmann"),
        ("– Av og til er det vanskelig å vite, sier hun.", None),  # dialogue
        ("- Pizza was searched more than the World Cup.", None),  # a list item
        ("By Michael Russell", None),  # a byline as it stands: read_byline's
        ("- Schöne Hände", None),  # a list item of two capitalised words is no byline
        ("- Niedriger Preis", None),
    ],
)
def test_dressed_byline(line, byline):
    assert dressed_byline(line) == byline


TITLE = "Kindhearted police with holiday spirit"
BODY = (
    "On Saturday, I went to volunteer at the Christmas party and could not find a parking space anywhere.",
    "Two police officers helped me, and I want to thank them for their kindness and patience.",
    "They found my lost antler on the sidewalk and brought it back to me with a smile.",
    "It is good to know that the people who protect us also care about the little things.",
)


@pytest.mark.parametrize(
    ("closing", "byline", "leftover"),
    [
        # a letter's signature: name and home town
        (["Kim Gump, Dallas"], "Kim Gump", []),
        # a writer's name over their own address
        # (a related box's heading after it is no body either)
        (["Lauri Nurmi", "lauri.nurmi@iltalehti.fi", "LUE MYÖS"], "Lauri Nurmi", []),
        (["-- By Michael Russell Follow @tdmrussell"], "By Michael Russell", []),
        (["Av Kari Nordmann"], "Av Kari Nordmann", []),
        # not a byline: a sentence, a name over someone else's address, a closing sub-heading
        (["Thanks again, Dallas"], None, ["Thanks again, Dallas"]),
        # (an address alone closing the text is contact furniture, not body: pipelines/structure/closing.py)
        (["Lauri Nurmi", "tips@iltalehti.fi"], None, ["Lauri Nurmi"]),
    ],
)
def test_bylines_printed_at_the_end(closing, byline, leftover):
    parts = split_article("\n\n".join([TITLE, *BODY, *closing]))
    assert parts.byline == byline
    assert [p.text for p in parts.paragraphs] == [*BODY, *leftover]


def _parse(text: str, *, author: str | None = None, url: str | None = None, outlet: str | None = None):
    document = Document(
        source="in/a.html", source_kind="file", text=text, author=author, url=url, outlet=outlet
    )
    return parse_document(document, run_id="r", ingested_at=NOW)


def test_a_dateline_gives_the_agency_and_stays_text():
    article = _parse(
        "Frankfurt/Main (dpa) - Für einen Roman über die alte Bundesrepublik hat Frank Witzel gewonnen."
    )
    assert (article.byline, article.agencies) == (None, ("DPA",))
    assert article.body.startswith("Frankfurt/Main (dpa) - ")


def test_the_source_names_the_writer_when_the_text_names_only_the_agency():
    text = "CNN\n\nWASHINGTON (CNN) — Not everyone subscribes to a New Year’s resolution, but new laws apply."
    article = _parse(text, author="By Leigh Ann Caldwell", url="https://fox13now.com/news/1")
    assert (article.byline, article.agencies) == ("By Leigh Ann Caldwell; CNN", ("CNN",))


def test_the_outlet_itself_is_no_agency():
    text = "WASHINGTON (CNN) — Not everyone subscribes to a New Year’s resolution, but new laws apply."
    article = _parse(text, author="By Dana Ford", url="https://edition.cnn.com/2013/11/28/travel/weather")
    assert (article.byline, article.agencies) == ("By Dana Ford", ())
    assert _parse(text, outlet="CNN").agencies == ()


PAGE = """<html lang="en"><head><title>x</title><meta property="og:site_name" content="Daily Planet"></head>
<body><div class="story">%s<p>The council voted on Tuesday to close the old harbour bridge to all traffic.</p>
<p>Engineers had warned for two years that the steel supports were rusting away.</p>
</div></body></html>"""


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        # class and id words in the page's language, camelCase split
        ('<div class="dig-autoren">Von Clemens Höges</div>', "Von Clemens Höges"),
        ('<div id="pnlByline"><p>CNN</p></div>', "CNN"),
        # a byline printed as a line of its own, with no class (trafilatura drops it from the text)
        ("<div>By Leigh Ann Caldwell</div>", "By Leigh Ann Caldwell"),
        ("<p><strong> Von <span>Markus Balser</span>, Berlin</strong></p>", "Von Markus Balser, Berlin"),
        # the names the page marks up, apart from a job title glued to them
        (
            '<p class="byline"><span itemprop="author"><a rel="author" href="/p/ra"><span itemprop="name">'
            "Richard Adams</span></a></span> Education editor</p>",
            "Richard Adams, Education editor",
        ),
        # not bylines: a contributors line, a sentence opening with `By`
        (
            '<div id="pnlContributors"><p>CNN’s Christine Romans and Emily Jane Fox contributed to this report</p></div>',
            None,
        ),
        ("<p>By Monday the bridge was closed.</p>", None),
        ("<div>By Daily Planet</div>", None),  # the site itself
        # a date beside the name in a byline element of names marked up
        (
            '<div class="byline">Von <a rel="author">Anna Berg</a> und <a rel="author">Klaus Ott</a></div>',
            "Von Anna Berg, Klaus Ott",
        ),
        ("", None),
    ],
)
def test_html_byline_elements(byline, author):
    (doc,) = read_article_file("page.html", (PAGE % byline).encode())
    assert doc.author == author


NORWEGIAN = (
    "Strømstøtten endres igjen",
    "Regjeringen vil endre støtten fra neste måned.",
    "{byline}",
    "Regjeringen la tirsdag fram et forslag om å endre reglene for strømstøtte til husholdningene.",
    "Forslaget møter kritikk fra opposisjonen, som mener det kommer for sent og gir for lite.",
)


@pytest.mark.parametrize(
    ("printed", "byline", "agencies"),
    [
        # a genre word or a job title around the names, under the title and lede of a plain text
        ("Kommentar av Kari Nordmann", "Av Kari Nordmann", ()),
        ("Kari Nordmann, journalist", "Kari Nordmann", ()),
        ("Analyse av Kari Nordmann, NTB", "Av Kari Nordmann, NTB", ("NTB",)),
        ("Kari Nordmann, politisk redaktør", "Kari Nordmann", ()),
        # prose that opens with a genre word, and a sentence ending in a role, stay text
        ("Analyse av tallene viser at prisene stiger", None, ()),
        ("Saken ble først omtalt av en journalist", None, ()),
    ],
)
def test_a_byline_dressed_in_a_genre_or_a_job_title(printed, byline, agencies):
    article = _parse("\n\n".join(NORWEGIAN).format(byline=printed))
    assert (article.byline, article.agencies) == (byline, agencies)
    assert (printed in [p.text for p in article.paragraphs]) == (byline is None)


def test_a_job_title_line_far_from_the_top_is_text():
    lines = [*NORWEGIAN[:2], *NORWEGIAN[3:], *NORWEGIAN[3:], "Kari Nordmann, journalist", NORWEGIAN[3]]
    article = _parse("\n\n".join(lines))
    assert article.byline is None
    assert "Kari Nordmann, journalist" in [p.text for p in article.paragraphs]


@pytest.mark.parametrize(
    ("printed", "byline", "agencies"),
    [
        # who wrote it and who took the pictures, on one line: the writer is the byline
        ("Tekst: Kari Nordmann Foto: Ola Hansen", "Kari Nordmann", ()),
        ("Tekst og foto: Kari Nordmann", "Kari Nordmann", ()),
        ("Text: Anna Svensson. Bild: Erik Lund", "Anna Svensson", ()),
        ("Teksti: Aino Virtanen Kuva: Mikko Laine", "Aino Virtanen", ()),
        ("Tekst: Kari Nordmann, NTB Foto: Ola Hansen, NTB", "Kari Nordmann, NTB", ("NTB",)),
        ("Kari Nordmann (tekst) og Ola Hansen (foto)", "Kari Nordmann", ()),
        # a label before a sentence, and bracketed words that are no roles, stay text
        ("Tekst: Regjeringen la fram forslaget i dag", None, ()),
        ("Kari Nordmann (Ap) og Ola Hansen (H)", None, ()),
    ],
)
def test_a_text_and_photo_credit_line_gives_the_writer(printed, byline, agencies):
    article = _parse("\n\n".join(NORWEGIAN).format(byline=printed))
    assert (article.byline, article.agencies) == (byline, agencies)
    if byline is not None:
        assert printed not in [p.text for p in article.paragraphs]


def test_a_byline_element_with_the_photographer_keeps_the_writer():
    assert tidy_byline("Tekst: Kari Nordmann Foto: Ola Hansen") == "Kari Nordmann"
    assert tidy_byline("Tekst og foto: Kari Nordmann og Ola Hansen") == "Kari Nordmann og Ola Hansen"
