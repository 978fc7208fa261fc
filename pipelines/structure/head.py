"""The head of an article: the ` date YYYY-MM ` header, the title line and the standfirst bullets."""

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


@dataclass(frozen=True, slots=True)
class Head:
    """What the head held, and the lines with the body starting at `start`."""

    header_date: str | None
    title: str | None  # the title line found in the text (None when the source gave one)
    standfirst: tuple[str, ...]
    lines: list[Line]  # the input lines, a header line replaced by what followed its date
    start: int  # index in `lines` of the first line after the head


def read_head(
    lines: Sequence[Line], *, given_title: str | None, is_stamp_line: Callable[[str], bool]
) -> Head:
    """Reads the ` date YYYY-MM ` header, the title line and the standfirst bullets off the top."""
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
    if i < len(lines) and given_title is not None and comparable(lines[i].text) == comparable(given_title):
        i, title_line = i + 1, True
    elif (
        given_title is None
        and i + 1 < len(lines)
        and _looks_like_title(lines[i].text, quote_ok=lines[i + 1].blank_before)
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
    return Head(header_date, found_title, tuple(standfirst), lines, i)
