"""Closing furniture: the lines that end an article's text but are no part of it.

A wire service's end mark (`(END)`, `(©NTB)`, `/ritzau/`), the writer's e-mail address alone on a
line (or a contact label whose link was dropped), a prompt to follow the site on social media or to
read the whole piece elsewhere, an affiliate-links disclaimer, an editor's note that the story was
updated, and the writer's bio. Each is read only where it stands: at the end of the body,
after the last paragraph of prose (a sentence in the text saying the same is prose). The words are
tables in `schemas/vocabulary.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.structure.furniture import is_name
from pipelines.structure.text import word_list
from schemas.vocabulary import (
    AFFILIATE_PHRASES,
    BIO_COPULAS,
    BIO_ROLE_WORDS,
    CONTACT_LABELS,
    EMAIL_ADDRESS,
    END_MARKS,
    FOLLOW_WORDS,
    READ_ON_PROMPTS,
    ROLE_WORDS,
    SOCIAL_NETWORKS,
    UPDATE_NOTES,
    alternation,
)

# Marks are matched as printed (case kept): `(AP)` ends a wire story, `Støre (Ap)` names a party.
_END_MARK = re.compile(rf"(?:^|(?<=[.!?\"”’»)])\s+)(?:{alternation(END_MARKS)})$")
_EMAILS = re.compile(rf"^\(?{EMAIL_ADDRESS}\)?(?:\s*[,;/]\s*\(?{EMAIL_ADDRESS}\)?)*$")
# The network's name may be inflected (`Seuraa meitä Facebookissa`).
_FOLLOW = re.compile(
    rf"^(?:{alternation(FOLLOW_WORDS)})\b.*\b(?-i:{alternation(SOCIAL_NETWORKS)})(?:[^\W\d_]*)\b",
    re.IGNORECASE,
)
_AFFILIATE = tuple(phrase.casefold() for phrase in AFFILIATE_PHRASES)
_UPDATE_NOTE = re.compile(rf"^(?:{alternation(UPDATE_NOTES)})\b", re.IGNORECASE)
_READ_ON = re.compile(rf"^(?:{alternation(READ_ON_PROMPTS)})\b", re.IGNORECASE)
_CONTACT_LABEL = re.compile(rf"^(?:{alternation(CONTACT_LABELS)})\s*:?$", re.IGNORECASE)
_BIO = re.compile(rf"^(?P<name>[^.,:;!?]{{3,60}}?)\s+(?:{alternation(BIO_COPULAS)})\s+(?P<rest>.+)$")
_BIO_ROLES = frozenset(word.casefold() for word in (*ROLE_WORDS, *BIO_ROLE_WORDS))
_PROMPT_MAX_WORDS = 30
_NOTE_MAX_WORDS = 20
_DISCLAIMER_MAX_WORDS = 80
_BIO_MAX_WORDS = 120
_BIO_ROLE_WINDOW = 12  # the role stands early in a bio: `X is an award-winning journalist`


def without_end_mark(text: str) -> str:
    """The paragraph without a wire service's end mark after its last sentence (`... sagde han.
    /ritzau/` -> `... sagde han.`); a paragraph that is only the mark gives ''."""
    return _END_MARK.sub("", text).rstrip()


def _is_bio(text: str, writers: Sequence[str]) -> bool:
    """Whether the text is the writer's bio: a name, `is`/`er`/`är`, and a role early on
    (`journalist`, `author`); the name, where the byline is known, one of the writers'."""
    match = _BIO.match(text)
    if not match or not is_name(match["name"], max_words=4) or len(word_list(match["name"])) < 2:
        return False
    if writers and not any(match["name"].casefold() in writer.casefold() for writer in writers):
        return False
    early = [w.strip(".,;:()").casefold() for w in word_list(match["rest"])[:_BIO_ROLE_WINDOW]]
    return any(w in _BIO_ROLES for w in early)


def is_closing_furniture(text: str, writers: Sequence[str] = ()) -> bool:
    """Whether a line at the end of the body is closing furniture (module docstring), `writers` the
    byline lines found so far (a bio must name one of them when there are any)."""
    words = len(word_list(text))
    if not without_end_mark(text) or _EMAILS.match(text):
        return True
    if words <= _PROMPT_MAX_WORDS and _FOLLOW.match(text):
        return True
    if (words <= _NOTE_MAX_WORDS and _UPDATE_NOTE.match(text)) or _CONTACT_LABEL.match(text):
        return True
    if words <= _PROMPT_MAX_WORDS and _READ_ON.match(text):
        return True
    folded = text.casefold()
    if words <= _DISCLAIMER_MAX_WORDS and any(phrase in folded for phrase in _AFFILIATE):
        return True
    return words <= _BIO_MAX_WORDS and _is_bio(text, writers)
