"""Photo captions in plain text (pipelines/structure): credits glued with only a space, a licence in the
credit, and a label naming which picture it is."""

from __future__ import annotations

import pytest

from connectors.html_captions import read_caption
from pipelines.structure import split_article

TITLE = "Hallitus valmistelee pelaamisen rajoittamista"
BODY = (
    "Hallitus on neuvotellut joulun alla arpajaislain muuttamisesta ja kertoo ratkaisusta pian.",
    "Keskustan puheenjohtaja kertoo, että työ jatkuu vielä ensi vuoden puolelle asti.",
)


def test_a_photographer_crediting_several_captions_with_only_a_space():
    text = "\n\n".join(
        [
            TITLE,
            BODY[0],
            "Annika Saarikko kertoo arpajaislain uudistamisesta. Matti Matikainen",
            BODY[1],
            "Annika Saarikko on tuonut työhuoneeseensa kotoaan joulupöytäliinan. Matti Matikainen",
        ]
    )
    parts = split_article(text)
    assert [(c.text, c.credit) for c in parts.captions] == [
        ("Annika Saarikko kertoo arpajaislain uudistamisesta.", "Matti Matikainen"),
        ("Annika Saarikko on tuonut työhuoneeseensa kotoaan joulupöytäliinan.", "Matti Matikainen"),
    ]
    assert [p.text for p in parts.paragraphs] == list(BODY)


@pytest.mark.parametrize(
    "line",
    [
        # one line ending with a name may be prose: left alone
        "Puheenvuoron piti lopuksi ministeri itse. Annika Saarikko",
        # an agency after the sentence is a byline's business, not a photographer's
        "Hallitus kertoo ratkaisusta pian. STT",
    ],
)
def test_one_line_ending_with_a_name_is_no_caption(line):
    parts = split_article("\n\n".join([TITLE, BODY[0], line, BODY[1]]))
    assert parts.captions == ()


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        # a licence closing a labelled credit, and a label naming which picture it is
        (
            "Header Image: People have lived in Ecuador’s Amazon forests for thousands of years. "
            "Credit: Tomas Munita/CIFOR (CC BY-NC-ND 2.0)",
            (
                "People have lived in Ecuador’s Amazon forests for thousands of years.",
                "Tomas Munita/CIFOR (CC BY-NC-ND 2.0)",
            ),
        ),
        (
            "Toppbilde: Veien er stengt etter raset i natt. Foto: NTB",
            ("Veien er stengt etter raset i natt.", "NTB"),
        ),
        # a kicker label is caption text (as before)
        (
            "DRAMATISKE BILDER: Et kjøretøy i raset. Foto: Skjermdump",
            ("DRAMATISKE BILDER: Et kjøretøy i raset.", "Skjermdump"),
        ),
    ],
)
def test_picture_labels_and_licences(line, caption):
    parts = split_article("\n\n".join([TITLE, BODY[0], line, BODY[1]]))
    assert [(c.text, c.credit) for c in parts.captions] == [caption]
    found = read_caption(line)
    assert found is not None and (found.text, found.credit) == caption


@pytest.mark.parametrize(
    "line", ["(Credit: Clayton Aldern / Grist)", "Foto: Kari Nordmann / NTB", "FOTO: NTB"]
)
def test_a_credit_alone_is_neither_caption_nor_body(line):
    parts = split_article("\n\n".join([TITLE, BODY[0], line, BODY[1]]))
    assert parts.captions == ()
    assert [p.text for p in parts.paragraphs] == list(BODY)
    assert parts.boilerplate == (line,)
