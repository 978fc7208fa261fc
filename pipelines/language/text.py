"""What a detector is shown: text without URLs, handles, hashtags and invisible characters."""

from __future__ import annotations

import re
from typing import NamedTuple

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S*", re.IGNORECASE)
# What a URL without a scheme starts with (`www.`, `pic.twitter.com/`), in any case.
_URL_STARTS = re.compile(r"www\.|pic\.twitter\.com/", re.IGNORECASE)
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
    # Each pattern runs only when the text holds what it starts with (most paragraphs hold none).
    if "://" in text or _URL_STARTS.search(text):
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
    rest = _NOT_LETTERS.sub("", text)
    return len(rest) if rest.isalpha() or not rest else sum(map(str.isalpha, rest))


class Cleaned(NamedTuple):
    """A text as detectors read it, and its letter count: made once per text by `prepare`."""

    text: str
    letters: int


def prepare(text: str) -> Cleaned:
    """Cleans a text once for every detector and rule that needs it."""
    cleaned = clean(text)
    return Cleaned(cleaned, letter_count(cleaned))
