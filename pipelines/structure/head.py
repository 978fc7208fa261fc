"""The head of an article: the ` date YYYY-MM ` header, a section path, the title line and the standfirst bullets."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipelines.structure.furniture import is_furniture
from pipelines.structure.text import BULLET, Line, comparable, ends_like_sentence, word_list

_HEADER = re.compile(r"^date\s+(?P<date>\d{4}(?:-\d{2}){0,2})(?:\s+(?P<rest>.*))?$")
# A quote that names its speaker (`..., sier brannsjefen`) is dialogue opening the body, not a headline.
_ATTRIBUTION = re.compile(r",\s*(?:sier|seier|sa|siger|sagde|säger|sade|says|said|sanoo)\b", re.IGNORECASE)
_TITLE_MAX_WORDS = 40
_SHORT_TITLE_MAX_WORDS = 15


def _looks_like_title(text: str, *, quote_ok: bool = False) -> bool:
    """Whether a first line reads like a headline rather than a sentence.

    A line opening with a dash is dialogue, unless `quote_ok`: a quote used as the headline
    (`– Ein låg i grøfta og ein i vegbana`), which the caller allows when a blank line and the body
    follow it.
    """
    if quote_ok and text[0] in "–—":
        rest = text[1:].strip()
        return bool(rest) and not _ATTRIBUTION.search(rest) and _looks_like_title(rest)
    core = text.rstrip("'\"’”»)]")
    if ends_like_sentence(text) or BULLET.match(text) or text[0] in "–—":
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“«»"):
        return False
    limit = _SHORT_TITLE_MAX_WORDS if core[-1] in "?!" else _TITLE_MAX_WORDS
    return len(word_list(text)) <= limit


# A site's section path printed above the headline (`Nyheter / Innenriks`, `Sport > Fotball`), or its
# menu items run together when the page was copied as text (`UutisetPolitiikka`).
_PATH_SEPARATOR = re.compile(r"\s+[/>›»|]\s+")
_SECTION_PATH_MAX_WORDS = 6
_SECTION_MAX_WORDS = 3
_GLUED_PART_MIN_CHARS = 3


def _glued_parts(word: str) -> list[str]:
    """A word split where a lower-case letter meets a capital (`UutisetPolitiikka` -> Uutiset, Politiikka)."""
    parts, start = [], 0
    for n in range(1, len(word)):
        if word[n - 1].islower() and word[n].isupper():
            parts.append(word[start:n])
            start = n
    return [*parts, word[start:]]


def is_section_path(text: str) -> bool:
    """Whether a line is a section path (`Nyheter / Innenriks`, `UutisetPolitiikka`), not a headline."""
    words = word_list(text)
    if len(words) > _SECTION_PATH_MAX_WORDS or ends_like_sentence(text):
        return False
    sections = _PATH_SEPARATOR.split(text)
    if len(sections) >= 2:
        return all(
            p and (p[0].isupper() or p[0].isdigit()) and len(word_list(p)) <= _SECTION_MAX_WORDS
            for p in sections
        )
    if len(words) != 1 or not text.isalpha():
        return False
    parts = _glued_parts(text)
    return len(parts) >= 2 and all(p[0].isupper() and len(p) >= _GLUED_PART_MIN_CHARS for p in parts)


def _continued(following: Line) -> bool:
    """Whether the line under a first line carries on its sentence (no blank line between, lower case
    first): the text is hard-wrapped at a fixed width and its first line is a piece of the first
    paragraph, not a headline."""
    return not following.blank_before and following.text[0].islower()


_KICKER_MAX_WORDS = 5


def _repeats_title(text: str, title: str) -> bool:
    """Whether a line is the given title, or the title with its kicker before a colon (`Nutzerbasierte
    Abrechnung : Musik-Stars fordern ...` under the title `Musik-Stars fordern ...`)."""
    text, title = comparable(text), comparable(title)
    if text == title:
        return True
    kicker = text[: -len(title)].rstrip() if text.endswith(title) else ""
    return kicker.endswith(":") and 0 < len(word_list(kicker[:-1])) <= _KICKER_MAX_WORDS


@dataclass(frozen=True, slots=True)
class Head:
    """What the head held, and the lines with the body starting at `start`."""

    header_date: str | None
    title: str | None  # the title line found in the text (None when the source gave one)
    section_path: tuple[str, ...]  # the site's section path printed above the title
    standfirst: tuple[str, ...]
    lines: list[Line]  # the input lines, a header line replaced by what followed its date
    start: int  # index in `lines` of the first line after the head


def read_head(
    lines: Sequence[Line], *, given_title: str | None, is_stamp_line: Callable[[str], bool]
) -> Head:
    """Reads the ` date YYYY-MM ` header, a section path, the title line and the standfirst bullets off the top."""
    lines = list(lines)
    header_date, found_title, i = None, None, 0
    title_line = False
    if lines and (header := _HEADER.match(lines[0].text)):
        header_date = header["date"]
        rest = (header["rest"] or "").strip()
        if rest:
            lines[0] = Line(rest, True)
        else:
            i = 1
    # A page's date line printed above its headline (`10. marts 2020`, then the title): the title
    # line goes, the date line stays for the stamp reader.
    if (
        given_title is not None
        and i + 1 < len(lines)
        and is_stamp_line(lines[i].text)
        and comparable(lines[i + 1].text) == comparable(given_title)
    ):
        del lines[i + 1]
    section_path: tuple[str, ...] = ()
    if i + 1 < len(lines) and is_section_path(lines[i].text):
        following = lines[i + 1].text
        if (
            comparable(following) == comparable(given_title)
            if given_title is not None
            else i + 2 < len(lines) and _looks_like_title(following)
        ):
            section_path, i = (lines[i].text,), i + 1
    if i < len(lines) and given_title is not None and _repeats_title(lines[i].text, given_title):
        i, title_line = i + 1, True
    elif (
        given_title is None
        and i + 1 < len(lines)
        and _looks_like_title(lines[i].text, quote_ok=lines[i + 1].blank_before)
        and not _continued(lines[i + 1])
        and not is_furniture(lines[i].text, is_stamp_line)
    ):
        found_title, i, title_line = lines[i].text, i + 1, True
    standfirst: list[str] = []
    if given_title is not None or found_title is not None:
        end = i
        while end < len(lines) and (bullet := BULLET.match(lines[end].text)):
            standfirst.append(bullet["rest"])
            end += 1
        lone_under_title = title_line and len(standfirst) == 1 and not lines[i].blank_before
        if len(standfirst) >= 2 or lone_under_title:
            i = end
        else:
            standfirst = []
    return Head(header_date, found_title, section_path, tuple(standfirst), lines, i)
