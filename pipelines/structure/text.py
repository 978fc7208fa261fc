"""Text as the structure step reads it: paragraphs cleaned once, compared case-folded."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from schemas.article import Paragraph

# Invisible characters that only get in the way of comparing text: zero-width space, word joiner,
# byte-order mark and the soft hyphen HTML extraction leaves behind (`&shy;`). Zero-width (non-)joiners
# are kept: they carry meaning in some scripts and in emoji.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)


def clean_text(text: str) -> str:
    """Normalises one paragraph: NFC, non-breaking and zero-width spaces, whitespace runs folded, stripped. Idempotent."""
    # Invisible characters go first: removing one after NFC could leave a base letter next to a
    # combining mark, which a second pass would compose.
    # `in` scans run in C at memory speed; str.translate looks each character up in a dict, which
    # cost more than the rest of the cleaning together, so it runs only when there is one to drop.
    if any(ch in text for ch in _INVISIBLE_CHARS):
        text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    # str.split() without arguments splits on every Unicode space, the non-breaking ones included.
    return " ".join(text.split())


def body_text(paragraphs: Sequence[Paragraph]) -> str:
    """The clean body: paragraph texts separated by one blank line."""
    return "\n\n".join(p.text for p in paragraphs)


QUOTE_OPENERS = "'\"‘’“”«»„‚‹›–—-"
BULLET = re.compile(r"^[-•*▪]\s+(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty cleaned line and whether a blank line came before it."""

    text: str
    blank_before: bool


def read_lines(text: str) -> list[Line]:
    """Returns the non-empty cleaned lines, each with whether a blank line preceded it."""
    lines, blank = [], True
    for raw in text.splitlines():
        cleaned = clean_text(raw)
        if not cleaned:
            blank = True
            continue
        lines.append(Line(cleaned, blank))
        blank = False
    return lines


def comparable(text: str) -> str:
    """The form two texts are compared in."""
    return text.casefold()


def word_list(text: str) -> list[str]:
    return text.split()


def ends_like_sentence(text: str) -> bool:
    """Whether the text ends with sentence punctuation, closing quotes and brackets ignored."""
    core = text.rstrip("'\"’”»)]")
    return not core or core[-1] in ".,;:…"


# A text hard-wrapped at a fixed width (a plain-text archive's 72 or 80 columns): most lines inside a
# paragraph fill the width, and many of the lines under them go on in lower case.
_WRAP_MAX_CHARS = 100
_WRAP_MIN_PAIRS = 4
_WRAP_FILL = 0.6  # a wrapped line fills at least this share of the widest line
_WRAP_FULL_SHARE = 0.9  # ... and so do nearly all lines with a line under them
_WRAP_LOWER_SHARE = 0.3  # ... and at least this share of the lines under them open in lower case


def unwrap(text: str) -> str:
    """A hard-wrapped text as one paragraph a line (its wrapped lines joined by a space, paragraphs
    by a blank line, a bullet opening a line of its own); any other text comes back as it was."""
    raw_lines = text.splitlines()
    for raw in raw_lines:  # most texts have a line longer than any wrapped one: no need to clean all
        if len(raw) > _WRAP_MAX_CHARS and len(clean_text(raw)) > _WRAP_MAX_CHARS:
            return text
    lines = [clean_text(raw) for raw in raw_lines]
    written = [line for line in lines if line]
    if not written or max(map(len, written)) > _WRAP_MAX_CHARS:
        return text
    width = max(map(len, written))
    pairs = [(upper, lower) for upper, lower in pairwise(lines) if upper and lower]
    if len(pairs) < _WRAP_MIN_PAIRS:
        return text
    full = sum(len(upper) >= _WRAP_FILL * width for upper, _ in pairs)
    going_on = sum(lower[0].islower() for _, lower in pairs)
    if full < _WRAP_FULL_SHARE * len(pairs) or going_on < _WRAP_LOWER_SHARE * len(pairs):
        return text
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
        elif not blocks[-1] or BULLET.match(line):
            blocks[-1].append(line)
        else:
            blocks[-1][-1] += " " + line
    return "\n\n".join("\n".join(block) for block in blocks if block)
