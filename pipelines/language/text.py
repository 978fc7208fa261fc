"""What a detector is shown: text without URLs, handles, hashtags and invisible characters."""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_SPACES = re.compile(r"\s+")
# Control, surrogate, private-use and unassigned code points: no language evidence, and pycld2
# rejects several of them ("input contains invalid UTF-8").
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def clean(text: str) -> str:
    """Returns the text without URLs, @handles, #hashtags, control or unassigned characters."""
    text = _HASHTAG.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text)))
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    return _SPACES.sub(" ", text).strip()


def letter_count(text: str) -> int:
    """Counts the alphabetic characters (the evidence a detector has)."""
    return sum(ch.isalpha() for ch in text)
