"""The unlabelled box under an article's headline: lines split by `<br>` that print who wrote it and when.

sott.net prints `Max Blumenthal<br><a>The Grayzone</a><br>Thu, 14 May 2020 17:55 UTC` in a `div.m-bar`
right after the `<h1>`, with no class word, label or metadata naming either. A line that is a stamp (a
year and a clock time) says the box is the article's credit box; then a plain line that is only a
person's name in it is the byline. A linked line is the source outlet, not a writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from connectors.html_text import collapse

# A printed stamp: a year and a clock time (`Thu, 14 May 2020 17:55 UTC`, `02. januar 2020 kl. 10:21`).
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d.:])")
_STAMP_MAX_CHARS = 80
# A person's name alone: two to four capitalised words (`Max Blumenthal`, `Kari Nordmann`, `Jean-Luc
# Picard`), a particle between at most (`Ursula von der Leyen`).
_NAME = re.compile(
    r"^[A-ZÄÖÜÅÆØÉ][\w'’-]+(?: (?:(?:von|van|der|den|de|da|af|la|le) ){0,2}[A-ZÄÖÜÅÆØÉ][\w.'’-]+){1,3}$"
)
_SIBLINGS = 3  # how far after the headline the box may stand (`div.article-info` after an icon, say)


@dataclass(frozen=True, slots=True)
class HeaderBox:
    """What the box under the headline prints: the writer's name and the stamp, each None if absent."""

    name: str | None
    stamp: str | None


def header_box(tree: Any) -> HeaderBox:
    """The name and stamp lines of the first `<br>`-split box right after the article's first `<h1>`
    (outside navigation, asides and footers) that prints a stamp line; empty when there is none."""
    for h1 in tree.xpath("//h1[not(ancestor::nav or ancestor::aside or ancestor::footer)]")[:1]:
        for sibling in list(h1.itersiblings())[:_SIBLINGS]:
            if not isinstance(sibling.tag, str) or sibling.tag in ("p", "h2", "figure"):
                break  # the body or a sub-heading begins
            for box in sibling.iter():
                if not isinstance(box.tag, str) or box.find("br") is None:
                    continue
                lines = _lines(box)
                stamps = [text for text, _ in lines if _is_stamp(text)]
                if not stamps:
                    continue
                names = [text for text, linked in lines if not linked and _NAME.match(text)]
                return HeaderBox(name=names[0] if len(names) == 1 else None, stamp=stamps[0])
    return HeaderBox(name=None, stamp=None)


def _is_stamp(text: str) -> bool:
    """Whether a line is a printed stamp: short, with a year and a clock time."""
    return len(text) <= _STAMP_MAX_CHARS and bool(_YEAR.search(text)) and bool(_CLOCK.search(text))


def _lines(box: Any) -> list[tuple[str, bool]]:
    """The box's lines as split by its `<br>` children, each with whether a link holds all of it."""
    lines: list[tuple[list[str], bool]] = [([], True)]

    def add(text: str | None, linked: bool) -> None:
        if text and text.strip():
            parts, all_linked = lines[-1]
            lines[-1] = ([*parts, text], all_linked and linked)

    add(box.text, False)
    for child in box:
        if isinstance(child.tag, str) and child.tag == "br":
            lines.append(([], True))
        elif isinstance(child.tag, str):
            add(child.text_content(), child.tag == "a")
        add(child.tail, False)
    return [(collapse(" ".join(parts)), linked) for parts, linked in lines if parts]
