"""Bylines as an editor writes them down: who wrote it and for which agency, without the furniture
printed around the names (genre words, job titles, places, desks, social prompts), wherever the page
prints them (under the title, in a dateline, at the end of the text).

Pure functions over cleaned text; the words are tables in `schemas.vocabulary`.
"""

from __future__ import annotations

import re

from pipelines.structure.furniture import AGENCY_ALIASES, agency_list, is_name, is_names_byline, read_byline
from pipelines.structure.text import clean_text, ends_like_sentence, word_list
from schemas.vocabulary import (
    AUTHOR_LABELS,
    BY_WORDS,
    CAPTION_CREDIT_WORDS,
    DESK_WORDS,
    EMAIL_ADDRESS,
    FOLLOW_WORDS,
    GENRE_ARTICLES,
    GENRE_WORDS,
    ROLE_WORDS,
    TEXT_LABELS,
    alternation,
)

_LEADING_DASHES = re.compile(r"^[-–—―]{1,3}\s*")
# `Follow @tdmrussell` after the writer's name: a prompt, not part of it.
_FOLLOW = re.compile(rf"\s*\b(?:{alternation(FOLLOW_WORDS)})\s+@\w+.*$", re.IGNORECASE)
# `Eine Analyse von X` -> `Von X`, `Kommentar av X` -> `Av X`, `Analyse: X` -> `X`.
_GENRE = re.compile(
    rf"^(?:(?:{alternation(GENRE_ARTICLES)})\s+)?(?:{alternation(GENRE_WORDS)})"
    rf"(?:\s*:\s*|\s+(?=(?:{alternation(BY_WORDS)})\s))",
    re.IGNORECASE,
)
# A byline printed as a labelled field (`Written by: Julie Mollins`, `Forfatter: Kari Nordmann`).
_FIELD_LABEL = re.compile(rf"^(?:{alternation(AUTHOR_LABELS)})\s*:\s*(?=\S)", re.IGNORECASE)
AGENCY_ALIAS_NAMES = frozenset(alias.casefold() for aliases in AGENCY_ALIASES.values() for alias in aliases)
_BY_WORD = re.compile(rf"^(?:{alternation(BY_WORDS)})\s*:?\s+(?=\S)", re.IGNORECASE)
_BARE_FIELD_LABEL = re.compile(rf"^(?-i:{alternation(AUTHOR_LABELS)})\s+(?=\S)")
_ROLES = frozenset(word.casefold() for word in ROLE_WORDS)
_DESKS = frozenset(word.casefold() for word in DESK_WORDS)
_PARTS = re.compile(r"\s*[,;]\s*")


def _is_role(part: str, *, after_name: bool = False) -> bool:
    """Whether a byline part is a job title (`Education editor`, `journalist`, `Redakteurin`): its last
    word a role, every word before it a qualifier (no part of a name reads that way: the role is
    printed in lower case, or the whole part is one role word). After a writer's name a title may be
    printed in capitals (`Joan Biskupic, CNN Senior Supreme Court Analyst`): no name ends in a role."""
    words = word_list(part)
    if not words or words[-1].casefold() not in _ROLES:
        return False
    return len(words) == 1 or words[-1][0].islower() or after_name


def _is_desk(part: str) -> bool:
    """Whether a byline part names a desk or the newsroom (`National Desk`, `Nyhetsdesken`)."""
    words = word_list(part)
    return bool(words) and words[-1].casefold() in _DESKS


def _without_trailing_role(part: str) -> str:
    """A name without a job title glued on in lower case (`Kari Nordmann journalist` -> `Kari Nordmann`)."""
    words = word_list(part)
    if len(words) >= 3 and words[-1].casefold() in _ROLES and words[-1][0].islower():
        end = len(words) - 1
        while end > 2 and words[end - 1][0].islower():
            end -= 1  # `politisk journalist`: the role's own qualifiers
        return " ".join(words[:end])
    return part


def _without_date(part: str) -> str:
    """A byline part without a date glued after the name (`von Anja Schmoll-Trautmann am 14. Mai 2014`
    -> `von Anja Schmoll-Trautmann`); empty when no name stands before the date (`21 juin 2018`,
    `En kiosques : janvier 2020`). Names hold no word that opens with a digit."""
    words = word_list(part)
    cut = next((n for n, word in enumerate(words) if word[0].isdigit()), None)
    if cut is None:
        return part
    kept = words[:cut]
    while kept and not kept[-1][0].isupper():
        kept.pop()  # `am`, `on`, `le`, a month in lower case, a colon
    name = _BY_WORD.sub("", " ".join(kept))
    return " ".join(kept) if len(word_list(name)) >= 2 and is_name(name, max_words=5) else ""


# A credit line naming the writer and the photographer: `Tekst: Kari Nordmann Foto: Ola Hansen`,
# `Tekst og foto: Kari Nordmann`, `Text: X. Bild: Y`. The writer is the byline; the photographer is
# credited for the pictures, not for the text.
_JOINER = r"(?:og|and|och|und|ja|&|\+)"
_TEXT_LABEL = rf"(?:{alternation(TEXT_LABELS)})(?:\s+{_JOINER}\s+(?:{alternation(CAPTION_CREDIT_WORDS)}))?"
_CREDIT_LINE = re.compile(
    rf"^{_TEXT_LABEL}\s*:\s*(?P<writer>.+?)"
    rf"(?:\s*[.,;|/]?\s+(?:{alternation(CAPTION_CREDIT_WORDS)})\s*:\s*(?P<photo>.+))?$",
    re.IGNORECASE,
)
# `Kari Nordmann (tekst) og Ola Hansen (foto)`: each name with what it did, in brackets.
_ROLE_IN_BRACKETS = re.compile(
    rf"\s*\((?:(?P<text>{alternation(TEXT_LABELS)})|(?:{alternation(CAPTION_CREDIT_WORDS)}))\)\s*$",
    re.IGNORECASE,
)
_NAME_PARTS = re.compile(rf"\s*(?:,|\s{_JOINER}\s)\s*", re.IGNORECASE)


def writer_of_credit_line(text: str) -> str | None:
    """The writer in a credit line that names the photographer too, or None if the line is not one.

    `Tekst: Kari Nordmann Foto: Ola Hansen` and `Tekst og foto: Kari Nordmann` -> `Kari Nordmann`;
    `Kari Nordmann (tekst) og Ola Hansen (foto)` -> `Kari Nordmann`.
    """
    line = clean_text(text)
    found = _CREDIT_LINE.match(line)
    if found:
        writer = found["writer"].strip(" .,;")
        return writer if writer and (is_names_byline(writer) or read_byline(writer) is not None) else None
    if "(" not in line:
        return None
    writers: list[str] = []
    roles = 0
    for part in _NAME_PARTS.split(line):
        role = _ROLE_IN_BRACKETS.search(part)
        name = part[: role.start()] if role else part
        if not is_name(name, max_words=4) or len(word_list(name)) < 2:
            return None
        roles += role is not None
        if role is None or role["text"]:
            writers.append(name)
    return ", ".join(writers) if roles and writers else None


def credited_byline(text: str) -> str | None:
    """The byline of a text-and-photo credit line (the writer, see `writer_of_credit_line`), or None."""
    return writer_of_credit_line(text) if len(text) <= 120 and ("(" in text or ":" in text) else None


def tidy_byline(text: str) -> str | None:
    """A byline without what is printed around its names, or None when it names no one but a desk.

    Drops leading dashes (`-- By X`), a social prompt (`Follow @x`), a field label (`Written by:`), a
    genre before the names (`Eine Analyse von X` -> `Von X`), job titles (`X, Education editor`, `X,
    journalist`), a desk (`National Desk`), a date glued after a name, a one-word place (or the
    outlet's name) after a writer's name (`Von Markus Balser, Berlin`, `Av Kari Nordmann, Dagbladet`),
    a `By` opening a later part and repeats (bylines of several elements joined). Agencies stay, by
    their short name (`X, NTB Nyheter` -> `X, NTB`), and so does an acronym the agency table lacks.
    The separators as printed are kept.
    """
    line = _FOLLOW.sub("", _LEADING_DASHES.sub("", clean_text(text)))
    line = writer_of_credit_line(line) or line  # `Tekst: X Foto: Y`: the photographer wrote nothing
    line = _FIELD_LABEL.sub("", line)
    bare_label = _BARE_FIELD_LABEL.match(line)  # `Author Daniel Lemire`: the label without its colon
    if bare_label and is_name(line[bare_label.end() :], max_words=4):
        line = line[bare_label.end() :]
    genre = _GENRE.match(line)
    if genre and genre.end() < len(line):
        line = line[genre.end() :]
        line = line[0].upper() + line[1:]
    pieces = _PARTS.split(line)
    separators = _PARTS.findall(line)
    kept: list[tuple[str, str]] = []  # (separator before, part)
    seen: set[str] = set()
    for n, part in enumerate(pieces):
        part = _without_date(part)  # `von Anja Schmoll-Trautmann am 14. Mai 2014`, `21 juin 2018`
        if (
            not part
            or ((n or len(word_list(part)) == 1) and _is_role(part, after_name=n > 0))
            or _is_desk(part)
        ):
            continue  # the first part is the writer's name: a role is only ever printed after it
        bare = _BY_WORD.sub("", part)
        agencies = agency_list(bare)
        if agencies is not None and len(agencies) == 1 and bare.casefold() in AGENCY_ALIAS_NAMES:
            part = agencies[0]  # `CNN Wire`, `By: NTB Nyheter`: the agency, as other bylines write it
        elif n:
            part = bare  # bylines of several elements joined: `By` opens only the first
        if part.casefold() in seen:
            continue
        seen.add(part.casefold())
        kept.append((separators[n - 1] if n and kept else "", _without_trailing_role(part)))
    if len(kept) >= 2:
        place = kept[-1][1]
        writer = kept[-2][1]
        # A place (or the outlet's own name) is printed in proper case; an acronym may be an agency
        # the table does not know (`Kari Nordmann, ANSA`): kept.
        one_word = len(word_list(place)) == 1 and place[0].isupper() and not place.isupper()
        if one_word and agency_list(place) is None and len(word_list(writer)) >= 2:
            kept.pop()  # a place after the name: where it was written, not who wrote it
    tidied = "".join(separator + part for separator, part in kept).strip()
    return tidied or None


# A dateline opening the text names the agency: `Frankfurt/Main (dpa) - ...`, `WASHINGTON (CNN) — ...`,
# `OSLO (NTB): ...`, `STOCKHOLM (TT) Regeringen ...`. The place in capitals, or a place of one or two
# words with a dash or colon after the bracket: `Jonas Gahr Støre (Ap) sier ...` names a party.
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜÅÆØ][A-ZÄÖÜÅÆØ./ -]{1,30}?|[A-ZÄÖÜÅÆØ][\w.'’/-]{1,30}(?: [A-ZÄÖÜÅÆØ][\w.'’/-]+)?)"
    r"\s*\((?P<agency>[^()]{2,40})\)\s*(?P<separator>[-–—:]?)"
)
DATELINE_ZONE = 2  # body paragraphs from the top in which a dateline is read
_AGENCY_PIECE = re.compile(r"[^\W\d_][\w-]*")


def _written_as_agency(piece: str) -> bool:
    """Whether a word is cased as agencies write their names: `NTB`, `dpa`, `Reuters` (not `Ap`)."""
    if piece.isupper():
        return True
    return (len(piece) >= 3 and piece.islower()) or (len(piece) >= 4 and piece[1:].islower())


def dateline_agencies(text: str) -> tuple[str, ...]:
    """The agencies a dateline opening the paragraph names (`Frankfurt/Main (dpa) - ...` -> DPA).

    Each agency as agencies write themselves (`NTB`, `dpa`, `Reuters`): a mixed-case `Ap` in brackets
    is a party, not AP."""
    match = _DATELINE.match(text)
    if not match or not (match["separator"] or match["place"].isupper()):
        return ()
    if not all(map(_written_as_agency, _AGENCY_PIECE.findall(match["agency"]))):
        return ()
    return agency_list(match["agency"]) or ()


# A line that may be a byline once tidied: it opens with dashes or carries a social prompt.
_TIDY_FIRST = re.compile(rf"^[-–—―]{{1,3}}\s*\S|\b(?:{alternation(FOLLOW_WORDS)})\s+@\w", re.IGNORECASE)


def dressed_byline(text: str) -> str | None:
    """The byline in a line printed with dashes or a social prompt (`-- By Michael Russell Follow
    @tdmrussell` -> `By Michael Russell`), or None. A line that is a byline as it stands is not asked."""
    if len(text) > 120 or not _TIDY_FIRST.search(text):
        return None
    tidied = _FOLLOW.sub("", _LEADING_DASHES.sub("", text))
    # `By` must open it: a dash before bare names is a list item (`- Schöne Hände`).
    return tidied if tidied != text and _BY_WORD.match(tidied) and read_byline(tidied) is not None else None


# Where a byline dressed in a genre word or a job title can stand: a genre word opening the line
# (`Kommentar av Kari Nordmann`), or a role word closing one of its parts (`Kari Nordmann, journalist`).
_GENRE_OR_ROLE = re.compile(
    rf"^(?:(?:{alternation(GENRE_ARTICLES)})\s+)?(?:{alternation(GENRE_WORDS)})\b"
    rf"|\b(?:{alternation(ROLE_WORDS)})\s*(?:$|[,;])",
    re.IGNORECASE,
)


def worded_byline(text: str, *, near_top: bool) -> tuple[str, ...] | None:
    """The agencies of a byline printed with a genre word or job title around the names, or None.

    `Kommentar av Kari Nordmann` reads as `Av Kari Nordmann` anywhere; `Kari Nordmann, journalist`
    (bare names once the title is gone) only near the top, where a line of bare names is a byline.
    A line that is a byline as it stands is not asked.
    """
    if len(text) > 100 or not _GENRE_OR_ROLE.search(text):
        return None
    tidied = tidy_byline(text)
    if tidied is None or tidied == text:
        return None
    found = read_byline(tidied)
    if found is not None:
        return found
    return () if near_top and is_names_byline(tidied) else None


_EMAIL = re.compile(rf"^{EMAIL_ADDRESS}$")


def signs_with_email(name_line: str, email_line: str) -> bool:
    """Whether a line of names is followed by the writer's own address (`Lauri Nurmi` then
    `lauri.nurmi@iltalehti.fi`): the byline printed at the end, the address its contact."""
    if not _EMAIL.match(email_line) or not is_names_byline(name_line):
        return False
    local = email_line.split("@")[0].casefold()
    names = [w.casefold() for w in re.findall(r"[^\W\d_]{2,}", name_line)]
    return len(names) >= 2 and sum(name in local for name in names) >= 2


_SIGNATURE_PLACE = r"[A-ZÄÖÜÅÆØ][\w.'’-]+(?: [A-ZÄÖÜÅÆØ][\w.'’-]+){0,2}"
_SIGNATURE = re.compile(rf"^(?P<name>[^,]{{3,60}}),\s*(?P<place>{_SIGNATURE_PLACE})$")


def signature_name(text: str) -> str | None:
    """The writer of a signature closing the text: a name and a place (`Kim Gump, Dallas`, as letters to
    the editor and columns sign), or None."""
    match = _SIGNATURE.match(text)
    if not match or ends_like_sentence(text) or agency_list(match["place"]) is not None:
        return None
    name = match["name"]
    words = word_list(name)
    return name if 2 <= len(words) <= 4 and is_name(name, max_words=4) else None
