"""Recognisers of what is not body text: bylines, captions, related links, fact boxes, tweets, ...

Each reads one cleaned line and returns what it found, or None; `split_article` (`body.py`) tries them
in turn. The words they look for are tables in `words.py`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from pipelines.structure.text import (
    BULLET,
    QUOTE_OPENERS,
    Line,
    clean_text,
    comparable,
    ends_like_sentence,
    word_list,
)
from schemas.article import Caption, Embed, FactBox
from schemas.vocabulary import (
    AUTHOR_LABELS,
    BY_WORDS,
    CAPTION_CREDIT_WORDS,
    NAME_JOINERS,
    NAME_PARTICLES,
    PICTURE_POSITION_LABELS,
    PICTURE_POSITION_WORDS,
    RELATED_MARKERS,
    RELATED_MARKERS_WITH_COLON,
    SHOW_MORE_WORDS,
    alternation,
    prefix_alternation,
)

_AGENCIES = {
    name.casefold(): name
    for name in (
        # Nordic, then Europe, then world. `dpa` writes itself in lower case; the house normalises
        # agencies to upper/proper case, so it is `DPA` here.
        *("NTB", "Ritzau", "TT", "STT", "FNB", "DPA", "APA", "ANP", "Belga", "ANSA", "EFE", "Lusa"),
        *("Europa Press", "PAP", "SDA", "Keystone-SDA", "AP", "AFP", "Reuters", "Bloomberg", "PA"),
        *("Xinhua", "TASS", "Interfax", "Kyodo", "Yonhap", "Ukrinform"),
        # CNN's wire service syndicates its stories to other stations, which print `WASHINGTON (CNN) —`.
        "CNN",
    )
}
# Agencies written out or with their service's name: read as the short name above.
AGENCY_ALIASES = {
    "NTB": ("NTB Nyheter", "NTB Kultur", "Norsk Telegrambyrå"),  # not `NTB Scanpix`: a photo credit
    "TT": ("TT Nyhetsbyrån", "Tidningarnas Telegrambyrå"),
    "Ritzau": ("Ritzaus Bureau",),
    "STT": ("STT-Info", "Suomen Tietotoimisto"),
    "AP": ("Associated Press", "The Associated Press"),
    "AFP": ("Agence France-Presse", "Agence France Presse"),
    "DPA": ("Deutsche Presse-Agentur",),
    "PA": ("PA Media", "Press Association"),
    "EFE": ("Agencia EFE",),
    "ANP": ("Algemeen Nederlands Persbureau",),
    "Reuters": ("Thomson Reuters",),
    "CNN": ("CNN Wire", "CNN Newsource"),
}
_ALIAS = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(a)
        for a in sorted((a for aliases in AGENCY_ALIASES.values() for a in aliases), key=len, reverse=True)
    )
    + r")(?!\w)",
    re.IGNORECASE,
)
_ALIAS_TO = {a.casefold(): name for name, aliases in AGENCY_ALIASES.items() for a in aliases}
# `NTB-Snorre Schjønberg`: an agency, then the writer.
_AGENCY_THEN_NAME = re.compile(r"^(?P<agency>[^\W\d_]{2,8})\s*[-–/]\s*(?P<name>[^\W\d_].+)$")
# How agencies are joined in a byline: `NTB-AP-AFP`, `Ritzau/AFP`, `AP og NTB`.
# Between a writer's name and the agencies: `Kari Nordmann, NTB`, `Anna Svensson/TT`, `X - Reuters`.
_NAME_AGENCY_SEPARATOR = re.compile(r"\s*[,/|]\s*|\s+[-–]\s+")
_AGENCY_JOIN = re.compile(r"\s*(?:[-/,&+–]|\s(?:og|and|und|y|ja|en|och|et|i)\s)\s*", re.IGNORECASE)
# Who wrote it, in the languages we read: `Av Kari Nordmann, NTB`, `By John Smith, Reuters`, `Written by:
# Julie Mollins`. Capitalised: a reader's signature is in lower case (`_SIGNATURE`).
_BYLINE_PREFIX = re.compile(
    rf"^(?:{alternation(w for word in BY_WORDS for w in (word.capitalize(), word.upper()))}"
    rf"|(?:{alternation(('Text', 'Tekst', 'Teksti', *AUTHOR_LABELS))})\s*:)\s+(?P<rest>.+)$"
)
_NAME_JOINERS = frozenset((*NAME_JOINERS, *NAME_PARTICLES))
# A reader's signature under a comment (`by West midland 220`): lower case, unlike a byline.
_SIGNATURE = re.compile(r"^(?:by|av|af|von|door|por)\s+\S[^.!?]{0,60}$")

_RELATED = re.compile(
    rf"^(?:(?:{alternation(RELATED_MARKERS)})\s*[:–»›-]?|(?:{alternation(RELATED_MARKERS_WITH_COLON)})\s*:)"
    r"\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)

# Paywall, newsletter and "stay updated" lines, matched at the start of a short line, case-insensitively.
_BOILERPLATE = tuple(
    phrase.casefold()
    for phrase in (
        *("Les hele saken med abonnement", "Les hele saken", "Les heile saka", "Kjøp abonnement"),
        *(
            "Hold deg oppdatert",
            "Hald deg oppdatert",
            "Meld deg på nyhetsbrevet",
            "Meld deg på nyheitsbrevet",
        ),
        *("Allerede abonnent", "Hold dig opdateret", "Tilmeld dig nyhedsbrevet", "Læs hele artiklen"),
        *("Prenumerera på nyhetsbrevet", "Prenumerera på vårt nyhetsbrev", "Håll dig uppdaterad"),
        *("Redan prenumerant", "Sign up for our newsletter", "Subscribe to our newsletter", "Stay updated"),
        *(
            "Stay up to date",
            "Already a subscriber",
            "Newsletter abonnieren",
            "Bleiben Sie auf dem Laufenden",
        ),
        *(
            "Melden Sie sich für unseren Newsletter an",
            "Jetzt abonnieren",
            "Tilaa uutiskirje",
            "Pysy ajan tasalla",
        ),
        *("Blijf op de hoogte", "Schrijf je in voor onze nieuwsbrief", "Meld je aan voor onze nieuwsbrief"),
        *("Suscríbete a nuestro boletín", "Suscríbete a nuestra newsletter", "Mantente informado"),
    )
)
_BOILERPLATE_MAX_WORDS = 20
_BOILERPLATE_LONGEST = max(map(len, _BOILERPLATE))

# A production credit closing an article: who else reported or edited it, where it first ran, the
# copyright. The whole line is the credit (a sentence that merely mentions reporting is prose): the
# names after `Editing by` leave no lower-case word but the credit's own, and where it first ran
# is a name.
_CREDIT_ROLES = r"(?:additional reporting|reporting|editing|writing|compiled|produced)"
_PRODUCTION_ROLE = re.compile(rf"^{_CREDIT_ROLES} by\s", re.IGNORECASE)
_PRODUCTION_ROLE_WORDS = frozenset(
    (
        "additional",
        "reporting",
        "editing",
        "writing",
        "compiled",
        "produced",
        "by",
        "and",
        "in",
        "from",
        "de",
        "van",
    )
)
_CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?$", re.IGNORECASE)
_CONTRIBUTED_LONGEST = len("contributed to this article.")  # `re` folds case one character for one
_PRODUCTION_CREDIT = re.compile(
    r"^write to (?-i:[A-Z])"
    r"|^(?:this|the) (?:article|post|story|piece) (?:originally|first) (?:appeared|ran|was published) (?:on|in|at)"
    r" (?-i:[A-Z])[\w .&'-]{1,40}\.?$"
    r"|^(?:saken|artikkelen) ble (?:først|opprinnelig) publisert (?:i|på) (?-i:[A-ZÆØÅ])"  # Norwegian
    r"|^(?:artiklen|historien) blev (?:først|oprindeligt) (?:bragt|publiceret) (?:i|på) (?-i:[A-ZÆØÅ])"  # Danish
    r"|^(?:artikeln|texten) publicerades (?:först|ursprungligen) (?:i|på) (?-i:[A-ZÅÄÖ])"  # Swedish
    r"|^(?:juttu|artikkeli) julkaistiin (?:ensin|alun perin) (?-i:[A-ZÅÄÖ])"  # Finnish
    r"|^(?:©|\(c\)|copyright)\s*[\w .&-]{2,40}\s+(?:19|20)\d\d\.?$"
    # ... or the year first (`© 2019 Science X Network`, `™ & © 2013 Cable News Network, Inc. ... All
    # rights reserved.`)
    r"|^(?:™\s*&\s*)?(?:©|\(c\)|copyright)\s*(?:19|20)\d\d"
    r"(?:(?:\s+[\w.,&'’-]+){1,6}|\s+[\w .,&'’-]{2,100}\ball rights reserved\.?)$",
    re.IGNORECASE,
)


def _is_production_credit(text: str) -> bool:
    """Whether a line is a production credit (see `_PRODUCTION_ROLE`, `_PRODUCTION_CREDIT`, `_CONTRIBUTED`)."""
    text = text.strip()
    if _PRODUCTION_ROLE.match(text):
        lower = [w for w in word_list(text) if w[:1].islower() or w.casefold() in _PRODUCTION_ROLE_WORDS]
        return all(w.casefold() in _PRODUCTION_ROLE_WORDS for w in lower)
    if _PRODUCTION_CREDIT.match(text):
        return True
    # The contributors' line ends the text: searched only where it can start (`\b` still sees before).
    return _CONTRIBUTED.search(text, max(0, len(text) - _CONTRIBUTED_LONGEST)) is not None


_PRODUCTION_MAX_WORDS = 40

# `Foto: CREDIT` at the end of a caption; capitalised so that prose (`et foto: det viser ...`) is not read.
_CREDIT = re.compile(
    rf"^(?P<text>.*?)\s*[(\[]?(?<!\w)(?:{prefix_alternation(w for word in CAPTION_CREDIT_WORDS for w in (word, word.upper()))})"
    # A licence in brackets may close the credit: `Credit: Tomas Munita/CIFOR (CC BY-NC-ND 2.0)`.
    r"\s*:\s*(?P<credit>[^()\[\]:]{1,80}?(?:\s\(CC[^()\[\]:]{1,20}\))?)\s*[)\]]?\s*$"
)
# `Header Image: People have lived ...`: which picture, said before its caption (vocabulary.py).
PICTURE_LABEL = re.compile(
    rf"^(?:(?:{alternation(PICTURE_POSITION_WORDS)})\s+(?:{alternation(CAPTION_CREDIT_WORDS)})"
    rf"|{alternation(PICTURE_POSITION_LABELS)})\s*:\s*(?=\S)",
    re.IGNORECASE,
)
_CREDIT_MAX_WORDS = 8
# A site's "show more" widget that repeats the caption on the same line.
_SHOW_MORE = re.compile(rf"\s+(?:{prefix_alternation(SHOW_MORE_WORDS)})(?:\s+|$)", re.IGNORECASE)

FACT_BOX = re.compile(
    r"^(?:Fakta|FAKTA|Fakten|Facts|Fact box|Factbox|Key facts|Feiten|Faktat|Datos clave)\s*:\s*(?P<rest>.*)$"
)
_FACT_SOURCE = re.compile(
    r"\s*(?<!\w)(?:Kilde|Kjelde|Kilder|Källa|Källor|Source|Sources|Quelle|Quellen|Bron|Bronnen|Fuente|"
    r"Fuentes|Lähde|Lähteet)\s*:\s*(?P<source>[^:]{1,80})$"
)
_FACT_LABEL_WINDOW = 5
_SENTENCE_END = re.compile(
    r"[.?!](?=\s)"
)  # words before a fact box's first colon that may form its first list label

# An embedded tweet as a page's text keeps it: `TEXT pic.twitter.com/x — Name (@handle) February 2, 2019`.
# The text runs to the last dash, so dashes inside the tweet stay in its text.
_TWEET = re.compile(
    r"^(?P<text>.*\S)\s+[—–]\s*(?P<author>[^()—–]{1,80}?)\s*\((?P<handle>@\w{1,15})\)\s*"
    r"(?P<posted>[^()]{1,40}?\d{4})$"
)
_TWEET_LINK = re.compile(r"\s*(?P<url>(?:https?://)?(?:pic\.twitter\.com|t\.co|twitter\.com|x\.com)/\S+)$")

# Last words of a label that introduces a quote, not a photo (`A Kremlin spokesman said: '...'`).
_SPEECH_VERBS = frozenset(
    (
        *("said", "says", "told", "added", "asked", "wrote", "writes", "warned", "explained", "declared"),
        *(
            "insisted",
            "stated",
            "tweeted",
            "claimed",
            "replied",
            "continued",
            "answered",
            "noted",
            "admitted",
        ),
        *("sier", "sa", "skriver", "siger", "sagde", "säger", "sade", "sagt", "sagte", "dijo", "afirmó"),
        *("sanoo", "sanoi", "zei", "zegt", "schreef", "schrieb", "erklärte", "forteller", "fortæller"),
    )
)
_LABELLED = re.compile(r"^(?P<label>[^:?!.]{1,80}?)(?P<sep>[:?])\s+(?P<desc>\S.*)$")
_LABEL_MAX_WORDS = 4
_QUESTION_LABEL_MAX_WORDS = 6
_CAPTION_MIN_DESCRIPTION_WORDS = 6
_SUBHEADING_MAX_WORDS = 10
_SUBHEADING_MAX_CHARS = 80


def _alias_name(match: re.Match[str]) -> str:
    """The agency an alias names; text `re` matched only by its case rules (`ı` for `i`) stays as it is."""
    return _ALIAS_TO.get(match.group(0).casefold(), match.group(0))


def agency_list(text: str) -> tuple[str, ...] | None:
    """The agencies when the text is nothing but known agency names (`NTB-AP-AFP`, `/ritzau/`)."""
    text = _ALIAS.sub(_alias_name, text).strip().strip("/").strip()
    if not text:
        return None
    names = []
    for part in _AGENCY_JOIN.split(text):
        known = _AGENCIES.get(part.casefold())
        if known is None:
            return None
        if known not in names:
            names.append(known)
    return tuple(names)


def is_name(text: str, *, max_words: int) -> bool:
    """Whether the text reads like a person's name (capitalised words, `og`/`and` between names)."""
    words = word_list(text)
    if not 1 <= len(words) <= max_words:
        return False
    for word in words:
        if word in _NAME_JOINERS:
            continue
        if not word[0].isupper() or any(ch.isdigit() for ch in word) or not any(ch.isalpha() for ch in word):
            return False
        if word.endswith(":"):
            return False  # a label (`Foto: Kari Nordmann / NTB` is a photo credit, not a byline)
    return words[0] not in _NAME_JOINERS and words[-1] not in _NAME_JOINERS


def _split_name_agency(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Splits `Kari Nordmann, NTB` / `Anna Svensson/TT` into the name and its agencies."""
    for sep in _NAME_AGENCY_SEPARATOR.finditer(text):
        agencies = agency_list(text[sep.end() :])
        if agencies is not None:
            return text[: sep.start()], agencies
    return None


# What a byline's agencies may end with, case-folded: `agency_list` needs its last part known.
_AGENCY_ENDINGS = tuple({name.casefold() for name in (*_AGENCIES, *_ALIAS_TO)})


def _ends_with_agency(text: str) -> bool:
    """Whether the text, stripped as `agency_list` strips it, ends with an agency's name or alias."""
    while (stripped := text.rstrip().rstrip("/")) != text:
        text = stripped
    return text.casefold().endswith(_AGENCY_ENDINGS)


def _may_be_byline(text: str) -> bool:
    """A necessary condition for `read_byline`, cheap: most lines asked are prose.

    Every reading of a byline but three (a `By`/`Av` prefix, an agency before the name, `;`-separated
    parts) ends with an agency list, and an agency list ends with a known agency or alias.
    """
    return (
        ";" in text
        or _BYLINE_PREFIX.match(text) is not None
        or _AGENCY_THEN_NAME.match(text) is not None
        or _ends_with_agency(text)
    )


def read_byline(text: str) -> tuple[str, ...] | None:
    """The agencies of a byline line (empty for a named writer alone), or None if it is no byline."""
    if len(text) > 100 or not _may_be_byline(text):
        return None
    return _read_byline(text)


def _read_byline(text: str) -> tuple[str, ...] | None:
    """`read_byline` without its quick rejection."""
    agencies = agency_list(text)
    if agencies is not None:
        return agencies
    prefixed = _BYLINE_PREFIX.match(text)
    if prefixed:
        rest = prefixed["rest"]
        split = _split_name_agency(rest)
        if split is not None and is_name(split[0], max_words=8):
            return split[1]
        return () if is_name(rest, max_words=8) else None
    split = _split_name_agency(text)
    if split is not None and is_name(split[0], max_words=4) and len(word_list(split[0])) >= 2:
        return split[1]
    lead = _AGENCY_THEN_NAME.match(text)  # `NTB-Snorre Schjønberg`
    if lead and lead["agency"].casefold() in _AGENCIES and is_name(lead["name"], max_words=4):
        return (_AGENCIES[lead["agency"].casefold()],)
    if ";" in text:  # `AFP; The Local`: the agencies, and the outlet that ran it
        parts = [p.strip() for p in text.split(";") if p.strip()]
        found = [a for p in parts for a in (agency_list(p) or ())]
        if found and all(agency_list(p) is not None or is_name(p, max_words=4) for p in parts):
            return tuple(dict.fromkeys(found))
    return None


_NAMES_SPLIT = re.compile(r"\s*(?:,|&|\s(?:og|and|och|und|ja|en|et)\s)\s*")
_NOT_IN_NAMES = re.compile(r"[:;!?()\[\]«»\"“”]|\w{2,}\.")
BYLINE_ZONE = 3  # lines after the title and lede in which a line of bare names is the byline


def is_names_byline(text: str) -> bool:
    """Whether a line is only people's names (`Kari Nordmann, Ola Hansen`, `Kari Nordmann og Ola Hansen`,
    an archive's `NORDMANN KARI`): a byline without `Av`/`By`, where it stands near the top."""
    if len(text) > 100 or ends_like_sentence(text):
        return False
    parts = [p for p in _NAMES_SPLIT.split(text.strip()) if p]
    if not parts or len(parts) > 5:
        return False
    for part in parts:
        words = word_list(part)
        # Names carry no sentence or label punctuation; an initial (`Kari N. Nordmann`) may have its dot.
        if not 2 <= len(words) <= 4 or _NOT_IN_NAMES.search(part):
            return False
        capitals = all(w.isupper() and w.isalpha() for w in words)
        if not (capitals or is_name(part, max_words=4)):
            return False
    return True


def byline_agencies(text: str) -> tuple[str, ...]:
    """The agencies named in a byline the source gave as metadata (`Av Kari Nordmann, NTB` -> NTB)."""
    return read_byline(clean_text(text)) or ()


_RELATED_HEADING = re.compile(
    rf"^(?:{alternation((*RELATED_MARKERS, *RELATED_MARKERS_WITH_COLON))})\s*:?$", re.IGNORECASE
)


def is_related_heading(text: str) -> bool:
    """Whether a line is only the heading of a related-article box (`LUE MYÖS`, `Les også:`): the
    headlines are on the lines under it."""
    return _RELATED_HEADING.match(text) is not None


def read_related(text: str) -> str | None:
    """The linked headline of a related-article line (`les også ...`), or None."""
    match = _RELATED.match(text)
    return match["rest"] if match else None


def is_boilerplate(text: str) -> bool:
    """Whether the line is a paywall, newsletter or "stay updated" line, or a production credit
    (contributors, editors, where the article first ran, a copyright line)."""
    # Only the start is compared (case folding never shortens text), and the words are counted last.
    key = comparable(text[:_BOILERPLATE_LONGEST])
    if key.startswith(_BOILERPLATE) and len(word_list(text)) <= _BOILERPLATE_MAX_WORDS:
        return True
    return _is_production_credit(text) and len(word_list(text)) <= _PRODUCTION_MAX_WORDS


def _credit_caption(piece: str) -> Caption | None:
    """Reads `TEXT Foto: CREDIT` into a caption, or None."""
    match = _CREDIT.match(piece) if ":" in piece else None  # the regex scans every position: skip it
    if not match:
        return None
    credit = match["credit"].strip().rstrip(".").strip()
    if not credit or len(word_list(credit)) > _CREDIT_MAX_WORDS:
        return None
    return Caption(text=PICTURE_LABEL.sub("", match["text"].strip()), credit=credit)


# A caption whose photographer's name follows its last sentence with only a space, as plain-text
# exports of captions print it (`... joulupöytäliinan. Matti Matikainen`).
_BARE_CREDIT = re.compile(
    r"^(?P<text>.{20,}?[.!?”\"»])\s+(?P<credit>[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+){1,2})$"
)


def bare_credit_caption(text: str) -> Caption | None:
    """Reads `SENTENCE. Firstname Lastname` into a caption credited to that name, or None. On its own a
    line of prose may end that way: the caller keeps it only when the name credits several lines."""
    match = _BARE_CREDIT.match(text) if len(text) < 400 else None
    if not match or not is_name(match["credit"], max_words=3) or agency_list(match["credit"]) is not None:
        return None
    return Caption(text=match["text"], credit=match["credit"])


def credit_captions(text: str) -> list[Caption] | None:
    """The captions on a caption line, repeats included (`A Foto: X Vis mere A Foto: X`), or None."""
    pieces = [p for p in _SHOW_MORE.split(text) if p.strip()]
    if not pieces:
        return None
    captions = [_credit_caption(p) for p in pieces]
    if all(c is not None for c in captions):
        return [c for c in captions if c is not None]
    # A repeated caption without credit is still a caption: the widget only repeats captions.
    if len(pieces) > 1 and len({comparable(p.strip()) for p in pieces}) == 1:
        return [Caption(text=p.strip()) for p in pieces]
    return None


def label_caption(line: Line, *, mixed_layout: bool) -> Caption | None:
    """Reads an English-style `Label: description` caption (`Rivals: Juan Guaido (left), ...`), or None.

    The label is 1-4 capitalised words not ending in a speech verb (`A Kremlin spokesman said:` opens a
    quote), the description an unquoted phrase of at least six words. Where a page separates body lines
    by single newlines and captions by blank lines (seed 004), a caption must stand after a blank line;
    in a uniform layout, where that signal is missing, it must not end with a full stop, as body
    sentences do (`Statsministeren: Vi må ta ansvar.` stays body). A question label (`What side will
    they take? A heckler ...`) is read only with the layout signal.
    """
    if mixed_layout and not line.blank_before:
        return None
    text = line.text
    match = _LABELLED.match(text) if ":" in text or "?" in text else None
    if not match:
        return None
    label, desc = match["label"].split(), match["desc"]
    if match["sep"] == "?":
        if not mixed_layout or len(label) > _QUESTION_LABEL_MAX_WORDS:
            return None
    elif len(label) > _LABEL_MAX_WORDS:
        return None
    if not label[0][0].isupper() or label[-1].casefold() in _SPEECH_VERBS:
        return None
    if (
        desc[0] in QUOTE_OPENERS
        or not desc[0].isupper()
        or len(word_list(desc)) < _CAPTION_MIN_DESCRIPTION_WORDS
    ):
        return None
    if not mixed_layout and ends_like_sentence(desc):
        return None
    return Caption(text=text)


def read_tweet(text: str) -> Embed | None:
    """Reads an embedded tweet (`TEXT pic.twitter.com/x — Name (@handle) February 2, 2019`), or None."""
    match = _TWEET.match(text) if "(@" in text else None  # the regex backtracks over every line: skip it
    if not match:
        return None
    tweet, link = match["text"], _TWEET_LINK.search(match["text"])
    if link:
        tweet = tweet[: link.start()]
    if not tweet.strip():
        return None
    return Embed(
        kind="tweet",
        text=tweet.strip(),
        author=match["author"].strip(),
        handle=match["handle"],
        posted=match["posted"].strip(),
        url=link["url"] if link else None,
    )


def article_names(lines: Sequence[Line]) -> frozenset[str]:
    """Capitalised words seen mid-sentence: names, not sentence openings."""
    names = set()
    for line in lines:
        words = word_list(line.text)
        for before, word in itertools.pairwise(words):
            bare = word.strip(QUOTE_OPENERS + "(),.;:!?")
            if bare and bare[0].isupper() and before[-1] not in ".!?:»\"'–-":
                names.add(comparable(bare))
    return frozenset(names)


def read_fact_box(text: str, names: Callable[[], frozenset[str]]) -> FactBox | None:
    """Reads a one-line fact box `Fakta: HEADING BODY Kilde: SOURCE`, or None.

    The page flattened the box into one line, so the heading's end is recovered: it is the first
    sentence when a sentence ends before any colon; otherwise the body opens with its first list label
    (`Anerkjenner Guaidó som president:`). The label starts, among the five words before the first
    colon (never the box's first word), at the first capitalised word that is not a name used
    mid-sentence elsewhere in the article, else at the last capitalised word (`Strømprisen i dag
    Sør-Norge: 1,87 kroner.`). With no capitalised word there the box has no heading (`Fakta:
    Hovedstad: Caracas.`); with neither colon nor sentence end the whole text is the heading.
    """
    match = FACT_BOX.match(text)
    if not match:
        return None
    rest, source = match["rest"], None
    cited = _FACT_SOURCE.search(rest)
    if cited:
        rest, source = rest[: cited.start()], cited["source"].strip()
    colon = rest.find(":")
    sentence = _SENTENCE_END.search(rest)
    if sentence and (colon < 0 or sentence.start() < colon):
        title = rest[: sentence.start() + (rest[sentence.start()] != ".")]
        return FactBox(title=title.strip(), text=rest[sentence.end() :].strip(), source=source)
    if colon < 0:
        return FactBox(title=rest.strip(), text="", source=source)
    words = word_list(rest[:colon])
    known = names()
    capitalised = [
        i
        for i in range(max(1, len(words) - _FACT_LABEL_WINDOW), len(words))
        if (bare := words[i].strip(QUOTE_OPENERS + "(),")) and bare[0].isupper()
    ]
    if not capitalised:
        return FactBox(title="", text=rest.strip(), source=source)
    not_names = [i for i in capitalised if comparable(words[i].strip(QUOTE_OPENERS + "(),")) not in known]
    start = not_names[0] if not_names else capitalised[-1]
    title = " ".join(words[:start])
    return FactBox(title=title, text=rest.strip()[len(title) :].strip(), source=source)


def is_subheading(text: str) -> bool:
    """Whether a body line is a short heading (`General skiftet side`) rather than a paragraph."""
    if len(text) > _SUBHEADING_MAX_CHARS or len(word_list(text)) > _SUBHEADING_MAX_WORDS:
        return False
    if ends_like_sentence(text) or text[0] in QUOTE_OPENERS or BULLET.match(text):
        return False
    return (text[0].isupper() or text[0].isdigit()) and any(ch.isalpha() for ch in text)


def comment_start(lines: Sequence[Line], start: int) -> int:
    """Where trailing reader comments begin: each signature line (`by West midland 220`) and its text."""
    end = len(lines)
    while end > start and _SIGNATURE.match(lines[end - 1].text):
        end -= 1
        if end > start and not _SIGNATURE.match(lines[end - 1].text):
            end -= 1
    return end


def classify_special(text: str, is_stamp_line: Callable[[str], bool]) -> str | None:
    """Whether a line is a stamp, boilerplate or a related link: lines that are never title or body."""
    if is_stamp_line(text):
        return "stamp"
    if is_boilerplate(text):
        return "boilerplate"
    if read_related(text) is not None:
        return "related"
    return None


def is_furniture(text: str, is_stamp_line: Callable[[str], bool]) -> bool:
    """Whether a line is anything but prose: it cannot be the title."""
    return (
        classify_special(text, is_stamp_line) is not None
        or read_byline(text) is not None
        or FACT_BOX.match(text) is not None
        or read_tweet(text) is not None
        or credit_captions(text) is not None
    )
