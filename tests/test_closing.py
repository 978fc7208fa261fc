"""Closing furniture (pipelines/structure/closing.py): lines that end a text but are no part of it."""

from __future__ import annotations

import pytest

from pipelines.structure import split_article
from pipelines.structure.closing import is_closing_furniture, without_end_mark

# The closing lines of the pages first held out (now in bench/reading/pages), then the Nordic forms.
_ONE_ESPORTS_DISCLAIMER = (
    "Just a heads up, some of the links on ONE Esports are affiliate links. This means if you click on"
    " them and make a purchase, we may earn a small commission at no additional cost to you. It’s a way"
    " for us to keep the site running and provide you with valuable content. Thanks for your support!"
)
_SOTT_BIO = (
    "Max Blumenthal is an award-winning journalist and the author of several books, including"
    " best-selling Republican Gomorrah, Goliath, The Fifty One Day War, and The Management of Savagery."
    " He has produced print articles for an array of publications, many video reports, and several"
    " documentaries, including Killing Gaza."
)


@pytest.mark.parametrize(
    ("line", "writers", "closing"),
    [
        ("(END)", (), True),  # Yonhap
        ("kokobj@yna.co.kr", (), True),  # the writer's address alone
        ("Follow ONE Esports on Facebook and Twitter for more LoL news, guides, and highlights.", (), True),
        (_ONE_ESPORTS_DISCLAIMER, (), True),
        ("This story has been updated with additional developments.", (), True),  # CNN
        (_SOTT_BIO, (), True),
        (_SOTT_BIO, ("By Max Blumenthal",), True),
        ("(©NTB)", (), True),
        ("/ritzau/", (), True),
        ("(TT)", (), True),
        ("Følg oss på Facebook og Instagram for flere nyheter.", (), True),
        ("Följ oss på Instagram!", (), True),
        ("Seuraa meitä Facebookissa.", (), True),  # the network's name inflected
        ("Saken er oppdatert med nye opplysninger.", (), True),
        ("Artiklen indeholder annoncelinks.", (), True),
        ("Kari Nordmann er journalist i VG og skriver om helse.", ("Av Kari Nordmann",), True),
        (
            "Den kompletten Beitrag lesen Sie in der neuen Juli-Ausgabe der Technology Review (im gut"
            " sortierten Zeitschriftenhandel und im heise shop erhältlich).",
            (),
            True,
        ),  # heise.de
        ("Les hele saken i papiravisen eller på nett.", (), True),
        ("Write to", (), True),  # time.com: the link after the label was dropped
        ("Kontakt:", (), True),
        # prose, and bios of other people than the writer
        ("Write to your representative, she urged the crowd.", (), False),
        ("Den kompletten Überblick gibt es nicht.", (), False),
        (_SOTT_BIO, ("By Aaron Maté",), False),
        ("Erna Solberg er statsminister og leder i Høyre.", (), False),
        ("Kari Nordmann er journalist i VG og skriver om helse.", ("Av Ola Hansen",), False),
        ("He said he would follow the story on Facebook.", (), False),
        ("Follow the money, she said, and you will find the answer.", (), False),
        ("The story has been told many times before.", (), False),
        ("Regjeringen la fram forslaget fredag, opplyser Støre (Ap)", (), False),  # a party, not AP
        ("Write to kari@example.com if you have tips about the case.", (), False),
    ],
)
def test_closing_furniture(line, writers, closing):
    assert is_closing_furniture(line, writers) is closing


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        ("Det oplyser politiet. /ritzau/", "Det oplyser politiet."),
        ("– Vi er svært fornøyde, sier hun. (©NTB)", "– Vi er svært fornøyde, sier hun."),
        ("The talks end on Friday. (END)", "The talks end on Friday."),
        (
            "Regjeringen la fram forslaget, opplyser Støre (Ap)",
            "Regjeringen la fram forslaget, opplyser Støre (Ap)",
        ),
        ("It ENDS here", "It ENDS here"),  # a mark is a mark only after a sentence
    ],
)
def test_an_end_mark_after_the_last_sentence(paragraph, kept):
    assert without_end_mark(paragraph) == kept


BODY = (
    "North Korea's official newspaper blasted South Korea on Tuesday for conducting a joint military exercise.",
    "The North has also carried out a series of weapons tests in recent weeks in apparent protest.",
    "A spokesperson said Pyongyang has no intention to talk with South Korea again.",
)


@pytest.mark.parametrize(
    ("closing", "last", "boilerplate"),
    [
        (["kokobj@yna.co.kr", "(END)"], BODY[-1], ("kokobj@yna.co.kr", "(END)")),
        ([], BODY[-1] + " /ritzau/", ("/ritzau/",)),
        (["Følg oss på Facebook", "(©NTB)"], BODY[-1], ("Følg oss på Facebook", "(©NTB)")),
        # only at the end: a prompt inside the text stays where it is
        (["Følg oss på Facebook", "Mer tekst kommer senere i dag, opplyser politiet."], None, ()),
    ],
)
def test_closing_furniture_leaves_the_body(closing, last, boilerplate):
    parts = split_article("\n\n".join(["Title of the story", *BODY[:-1], last or BODY[-1], *closing]))
    texts = [p.text for p in parts.paragraphs]
    if last is None:
        assert texts == [*BODY, *closing]
    else:
        assert texts == list(BODY)
    assert parts.boilerplate == boilerplate
