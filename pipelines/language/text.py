"""What a detector is shown: text without URLs, handles, hashtags and invisible characters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#\w+")
# Everything but letters, and the non-letters `\w` still matches (digits, `_`) go in one pass; what is
# left is letters unless it holds numerals such as `½` or `Ⅳ` (counted one by one then).
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def clean(text: str) -> str:
    """Returns the text without URLs, @handles, #hashtags, control or unassigned characters.

    Whitespace runs become one space. Dropped are the code points Unicode calls control, format,
    surrogate, private-use or unassigned (Cc, Cf, Cs, Co, Cn): no language evidence, and pycld2 rejects
    several of them ("input contains invalid UTF-8").
    """
    # Each pattern runs only when the text holds what it must contain (most paragraphs hold none): a
    # URL has `/` (`://`, `pic.twitter.com/`) or `w.`/`W.` (`www.`); `in` is a C scan, cheaper than
    # even a search for the starts.
    if "/" in text or "w." in text or "W." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(" ", text)
    text = " ".join(text.split())
    # After the whitespace is folded, what `isprintable` rejects is exactly those five categories (the
    # other non-printables, Z*, are whitespace): whole-string checks in C instead of a loop per
    # character, which cost more than lingua itself on this step (bench/steps.py, profiled).
    if not text.isprintable():
        text = " ".join("".join(ch for ch in text if ch.isprintable() or ch == " ").split())
    return text


def letter_count(text: str) -> int:
    """Counts the alphabetic characters (the evidence a detector has)."""
    # Spaces go first with str.replace: the regex then has a few punctuation runs to drop, not every gap.
    rest = _NOT_LETTERS.sub("", text.replace(" ", ""))
    return len(rest) if rest.isalpha() or not rest else sum(map(str.isalpha, rest))


class Cleaned(NamedTuple):
    """A text as detectors read it, and its letter count: made once per text by `prepare`."""

    text: str
    letters: int


def prepare(text: str) -> Cleaned:
    """Cleans a text once for every detector and rule that needs it."""
    cleaned = clean(text)
    return Cleaned(cleaned, letter_count(cleaned))


def joined(parts: Iterable[Cleaned]) -> Cleaned:
    """What `prepare` gives for the texts of `parts` joined by newlines, from their prepared forms.

    Cleaning works within lines (a URL, handle or hashtag ends at a line break) and folds whitespace,
    so the whole is the non-empty cleaned parts joined by one space, and its letters are their sum:
    an article's text is not cleaned a second time to detect its language as a whole.
    """
    parts = [part for part in parts if part.text]
    return Cleaned(" ".join(part.text for part in parts), sum(part.letters for part in parts))
