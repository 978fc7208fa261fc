"""The unlabelled credit box under a headline (connectors/html_header_box.py): its stamp and writer."""

from __future__ import annotations

import lxml.html
import pytest

from connectors.html import extract_page
from connectors.html_header_box import HeaderBox, header_box

_TEXT = "<p>" + "Politiet rykket ut til stedet etter at flere personer meldte fra om brannen. " * 6 + "</p>"


def _page(box: str) -> str:
    return f"<html><body><div class='article'><h1>Brann i Bergen</h1>{box}{_TEXT}</div></body></html>"


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        # sott.net: the writer, the source outlet (a link), the stamp
        (
            '<div class="article-info"><div class="m-bar">Max Blumenthal<br><a href="https://thegrayzone.com/">'
            "The Grayzone</a><br>Thu, 14 May 2020 17:55 UTC</div></div>",
            HeaderBox(name="Max Blumenthal", stamp="Thu, 14 May 2020 17:55 UTC"),
        ),
        # the same box on a Nordic page
        (
            "<div>Kari Nordmann<br>14. mai 2020 kl. 17.55</div>",
            HeaderBox(name="Kari Nordmann", stamp="14. mai 2020 kl. 17.55"),
        ),
        # a stamp and no name alone on a line
        (
            "<div>Bergens Tidende, Vestland<br>14. mai 2020 kl. 17.55</div>",
            HeaderBox(None, "14. mai 2020 kl. 17.55"),
        ),
        # two names: which is the writer is not said
        (
            "<div>Kari Nordmann<br>Ola Hansen<br>14. mai 2020 kl. 17.55</div>",
            HeaderBox(None, "14. mai 2020 kl. 17.55"),
        ),
        # no stamp line: nothing says it is the credit box (a menu, a kicker)
        ("<div>Kari Nordmann<br>Bergen Sentrum</div>", HeaderBox(None, None)),
        # a linked name is the outlet or a profile teaser, not said to be the writer
        (
            '<div><a href="/kari">Kari Nordmann</a><br>14. mai 2020 kl. 17.55</div>',
            HeaderBox(None, "14. mai 2020 kl. 17.55"),
        ),
    ],
)
def test_the_box_under_the_headline(box: str, expected: HeaderBox) -> None:
    assert header_box(lxml.html.fromstring(_page(box))) == expected


def test_a_box_after_the_body_begins_is_not_read() -> None:
    html = _page(_TEXT + "<div>Kari Nordmann<br>14. mai 2020 kl. 17.55</div>")
    assert header_box(lxml.html.fromstring(html)) == HeaderBox(None, None)


def test_the_box_gives_the_byline_and_stamp_when_nothing_else_does() -> None:
    got = extract_page(_page("<div>Kari Nordmann<br>14. mai 2020 kl. 17.55</div>"))
    assert got["author"] == "Kari Nordmann"
    assert got["stamps"] == ["14. mai 2020 kl. 17.55"]


def test_a_named_byline_wins_over_the_box() -> None:
    box = '<div class="byline">Av Ola Hansen</div><div>Kari Nordmann<br>14. mai 2020 kl. 17.55</div>'
    assert extract_page(_page(box))["author"] == "Av Ola Hansen"  # the label leaves in the byline step
