"""Reads a plain-text article the way an editor would: title, lede, body, captions and the furniture.

The text arrives one paragraph a line (blank lines may separate paragraphs). Every non-empty line
ends up in exactly one place of the returned `Structure` (body, caption, related link, byline, stamp,
...) or is counted as a repeat of a caption in `captions_collapsed`. Pure functions, no Beam.

Rules chosen (the seeds in `sample_feeds/` are the reference):

- Title: a `title` given by the source wins, and a line repeating it is dropped. Otherwise the first
  line is the title when it reads like a headline: it does not end like a sentence (`.`, `,`, `;`,
  `:`, `…`; `?`/`!` only for short lines) and other lines follow. A leading ` date 2019-04 ...` header
  gives `header_date`; its rest is the title by the same rule, else the first body paragraph (a
  headline run into the first paragraph cannot be cut out cleanly, so none is invented).
- Lede: the first body paragraph when it is text; it stays `paragraphs[0]`, so `body_text` is the
  whole body and `lede` is only a view of it.
- Standfirst: the run of `- ` bullet lines right after the title, before any body paragraph. A lone
  bullet counts only written directly under the title line: after a blank line a lone dash is a
  dialogue quote, the usual form in Danish and Norwegian copy.
- Captions: `TEXT Foto: CREDIT` (also `Photo`, `Bild`, `Kuva`, `Kuvaaja`, ...), repeats joined by a
  site's "show more" widget (`Vis mere`, `Se mer`, ...) kept once; English `Label: description`
  captions (see `_label_caption`). The same caption anywhere in the article is kept once.
- Fact box: `Fakta: HEADING BODY Kilde: SOURCE` on one line (see `_fact_box` for the heading rule).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from schemas.article import Caption, Embed, FactBox, Paragraph

__all__ = ["Structure", "body_text", "clean_text", "split_article"]


@dataclass(frozen=True, slots=True)
class Structure:
    """An article's text taken apart: body paragraphs plus everything that is not body."""

    title: str | None
    header_date: str | None
    lede: str | None
    standfirst: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[Caption, ...]
    captions_collapsed: int
    byline: str | None
    agencies: tuple[str, ...]
    related: tuple[str, ...]
    fact_boxes: tuple[FactBox, ...]
    embeds: tuple[Embed, ...]
    comments: tuple[str, ...]
    boilerplate: tuple[str, ...]
    stamp_lines: tuple[str, ...]


# Invisible characters that only get in the way of comparing text: zero-width space, word joiner,
# byte-order mark and the soft hyphen HTML extraction leaves behind (`&shy;`). Zero-width (non-)joiners
# are kept: they carry meaning in some scripts and in emoji.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)


def clean_text(text: str) -> str:
    """Normalises one paragraph: NFC, non-breaking and zero-width spaces, whitespace runs folded, stripped. Idempotent."""
    # Invisible characters go first: removing one after NFC could leave a base letter next to a
    # combining mark, which a second pass would compose.
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    # str.split() without arguments splits on every Unicode space, the non-breaking ones included.
    return " ".join(text.split())


def body_text(paragraphs: Sequence[Paragraph]) -> str:
    """The clean body: paragraph texts separated by one blank line."""
    return "\n\n".join(p.text for p in paragraphs)


def _never(_line: str) -> bool:
    """The default stamp test: no line is a stamp."""
    return False


# --- Vocabulary ------------------------------------------------------------------------------------

_AGENCIES = {
    name.casefold(): name
    for name in (
        # Nordic, then Europe, then world. `dpa` writes itself in lower case; the house normalises
        # agencies to upper/proper case, so it is `DPA` here.
        *("NTB", "Ritzau", "TT", "STT", "FNB", "DPA", "APA", "ANP", "Belga", "ANSA", "EFE", "Lusa"),
        *("Europa Press", "PAP", "SDA", "Keystone-SDA", "AP", "AFP", "Reuters", "Bloomberg", "PA"),
        *("Xinhua", "TASS", "Interfax", "Kyodo", "Yonhap", "Ukrinform"),
    )
}
# How agencies are joined in a byline: `NTB-AP-AFP`, `Ritzau/AFP`, `AP og NTB`.
_AGENCY_JOIN = re.compile(r"\s*(?:[-/,&+–]|\s(?:og|and|und|y|ja|en|och|et|i)\s)\s*", re.IGNORECASE)
# Who wrote it, in the languages we read: `Av Kari Nordmann, NTB`, `By John Smith, Reuters`.
_BYLINE_PREFIX = re.compile(
    r"^(?:Av|AV|Af|AF|By|BY|Von|VON|Door|DOOR|Por|POR|Text:|Tekst:|Teksti:)\s+(?P<rest>.+)$"
)
_NAME_JOINERS = frozenset(
    (
        *("og", "and", "und", "y", "ja", "en", "och", "et"),
        *("van", "de", "der", "den", "von", "af", "da", "del", "la"),
    )
)
# A reader's signature under a comment (`by West midland 220`): lower case, unlike a byline.
_SIGNATURE = re.compile(r"^(?:by|av|af|von|door|por)\s+\S[^.!?]{0,60}$")

_RELATED = re.compile(
    r"^(?:"
    # Markers that are never prose: the colon is optional (`les også Guaidó trapper opp`).
    r"(?:les også|les òg|læs også|läs även|läs också|lue myös|lees ook|lesen sie auch|lea también|"
    r"lee también|te puede interesar)\s*[:–»›-]?"
    # Markers that can open a sentence: only with a colon (`Read more: ...`).
    r"|(?:read more|related|see also|also read|læs mere|läs mer|lue lisää|mehr zum thema|lees meer)\s*:"
    r")\s*(?P<rest>\S.*)$",
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

# `Foto: CREDIT` at the end of a caption; capitalised so that prose (`et foto: det viser ...`) is not read.
_CREDIT = re.compile(
    r"^(?P<text>.*?)\s*[(\[]?(?<!\w)(?:Foto|FOTO|Photo|PHOTO|Bild|BILD|Kuva|KUVA|Kuvaaja|KUVAAJA|Fotó|"
    r"Fotograf|Fotografía|Foto's|Image|Picture)\s*:\s*(?P<credit>[^()\[\]:]{1,80}?)\s*[)\]]?\s*$"
)
_CREDIT_MAX_WORDS = 8
# A site's "show more" widget that repeats the caption on the same line.
_SHOW_MORE = re.compile(
    r"\s+(?:Vis mere|Vis meir|Vis mer|Se mer|Se mere|Visa mer|Show more|Näytä lisää|Mehr anzeigen|"
    r"Toon meer|Ver más)(?:\s+|$)",
    re.IGNORECASE,
)

_FACT_BOX = re.compile(
    r"^(?:Fakta|FAKTA|Fakten|Facts|Fact box|Factbox|Key facts|Feiten|Faktat|Datos clave)\s*:\s*(?P<rest>.*)$"
)
_FACT_SOURCE = re.compile(
    r"\s*(?<!\w)(?:Kilde|Kjelde|Kilder|Källa|Källor|Source|Sources|Quelle|Quellen|Bron|Bronnen|Fuente|"
    r"Fuentes|Lähde|Lähteet)\s*:\s*(?P<source>[^:]{1,80})$"
)
_FACT_LABEL_WINDOW = 5  # words before a fact box's first colon that may form its first list label

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
_QUOTE_OPENERS = "'\"‘’“”«»„‚‹›–—-"
_SENTENCE_END = ".…"
_LABEL_MAX_WORDS = 4
_QUESTION_LABEL_MAX_WORDS = 6
_CAPTION_MIN_DESCRIPTION_WORDS = 6

_HEADER = re.compile(r"^date\s+(?P<date>\d{4}(?:-\d{2}){0,2})(?:\s+(?P<rest>.*))?$")
_BULLET = re.compile(r"^[-•*▪]\s+(?P<rest>\S.*)$")
_TITLE_MAX_WORDS = 40
_SHORT_TITLE_MAX_WORDS = 15
_SUBHEADING_MAX_WORDS = 10
_SUBHEADING_MAX_CHARS = 80


# --- Line readers ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-empty cleaned line and whether a blank line came before it."""

    text: str
    blank_before: bool


def _read_lines(text: str) -> list[_Line]:
    """Returns the non-empty cleaned lines, each with whether a blank line preceded it."""
    lines, blank = [], True
    for raw in text.splitlines():
        cleaned = clean_text(raw)
        if not cleaned:
            blank = True
            continue
        lines.append(_Line(cleaned, blank))
        blank = False
    return lines


def _key(text: str) -> str:
    """The form two texts are compared in."""
    return text.casefold()


def _words(text: str) -> list[str]:
    return text.split()


def _ends_like_sentence(text: str) -> bool:
    """Whether the text ends with sentence punctuation, closing quotes and brackets ignored."""
    core = text.rstrip("'\"’”»)]")
    return not core or core[-1] in ".,;:…"


def _looks_like_title(text: str) -> bool:
    """Whether a first line reads like a headline rather than a sentence."""
    core = text.rstrip("'\"’”»)]")
    if _ends_like_sentence(text) or _BULLET.match(text) or text[0] in "–—":
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“«»"):
        return False
    limit = _SHORT_TITLE_MAX_WORDS if core[-1] in "?!" else _TITLE_MAX_WORDS
    return len(_words(text)) <= limit


def _agency_list(text: str) -> tuple[str, ...] | None:
    """The agencies when the text is nothing but known agency names (`NTB-AP-AFP`, `/ritzau/`)."""
    text = text.strip().strip("/").strip()
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


def _is_name(text: str, *, max_words: int) -> bool:
    """Whether the text reads like a person's name (capitalised words, `og`/`and` between names)."""
    words = _words(text)
    if not 1 <= len(words) <= max_words:
        return False
    for word in words:
        if word in _NAME_JOINERS:
            continue
        if not word[0].isupper() or any(ch.isdigit() for ch in word) or not any(ch.isalpha() for ch in word):
            return False
    return words[0] not in _NAME_JOINERS and words[-1] not in _NAME_JOINERS


def _split_name_agency(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Splits `Kari Nordmann, NTB` / `Anna Svensson/TT` into the name and its agencies."""
    for sep in re.finditer(r"\s*[,/|]\s*|\s+[-–]\s+", text):
        agencies = _agency_list(text[sep.end() :])
        if agencies is not None:
            return text[: sep.start()], agencies
    return None


def _byline(text: str) -> tuple[str, ...] | None:
    """The agencies of a byline line (empty for a named writer alone), or None if it is no byline."""
    if len(text) > 100:
        return None
    agencies = _agency_list(text)
    if agencies is not None:
        return agencies
    prefixed = _BYLINE_PREFIX.match(text)
    if prefixed:
        rest = prefixed["rest"]
        split = _split_name_agency(rest)
        if split is not None and _is_name(split[0], max_words=8):
            return split[1]
        return () if _is_name(rest, max_words=8) else None
    split = _split_name_agency(text)
    if split is not None and _is_name(split[0], max_words=4) and len(_words(split[0])) >= 2:
        return split[1]
    return None


def byline_agencies(text: str) -> tuple[str, ...]:
    """The agencies named in a byline the source gave as metadata (`Av Kari Nordmann, NTB` -> NTB)."""
    return _byline(clean_text(text)) or ()


def _related(text: str) -> str | None:
    """The linked headline of a related-article line (`les også ...`), or None."""
    match = _RELATED.match(text)
    return match["rest"] if match else None


def _is_boilerplate(text: str) -> bool:
    """Whether the line is a paywall, newsletter or "stay updated" line."""
    key = _key(text)
    return len(_words(text)) <= _BOILERPLATE_MAX_WORDS and key.startswith(_BOILERPLATE)


def _credit_caption(piece: str) -> Caption | None:
    """Reads `TEXT Foto: CREDIT` into a caption, or None."""
    match = _CREDIT.match(piece)
    if not match:
        return None
    credit = match["credit"].strip().rstrip(".").strip()
    if not credit or len(_words(credit)) > _CREDIT_MAX_WORDS:
        return None
    return Caption(text=match["text"].strip(), credit=credit)


def _credit_captions(text: str) -> list[Caption] | None:
    """The captions on a caption line, repeats included (`A Foto: X Vis mere A Foto: X`), or None."""
    pieces = [p for p in _SHOW_MORE.split(text) if p.strip()]
    if not pieces:
        return None
    captions = [_credit_caption(p) for p in pieces]
    if all(c is not None for c in captions):
        return [c for c in captions if c is not None]
    # A repeated caption without credit is still a caption: the widget only repeats captions.
    if len(pieces) > 1 and len({_key(p.strip()) for p in pieces}) == 1:
        return [Caption(text=p.strip()) for p in pieces]
    return None


def _label_caption(line: _Line, *, mixed_layout: bool) -> Caption | None:
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
    match = re.match(r"^(?P<label>[^:?!.]{1,80}?)(?P<sep>[:?])\s+(?P<desc>\S.*)$", text)
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
        desc[0] in _QUOTE_OPENERS
        or not desc[0].isupper()
        or len(_words(desc)) < _CAPTION_MIN_DESCRIPTION_WORDS
    ):
        return None
    if not mixed_layout and _ends_like_sentence(desc):
        return None
    return Caption(text=text)


def _tweet(text: str) -> Embed | None:
    """Reads an embedded tweet (`TEXT pic.twitter.com/x — Name (@handle) February 2, 2019`), or None."""
    match = _TWEET.match(text)
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


def _names(lines: Sequence[_Line]) -> frozenset[str]:
    """Capitalised words seen mid-sentence: names, not sentence openings."""
    names = set()
    for line in lines:
        words = _words(line.text)
        for before, word in itertools.pairwise(words):
            bare = word.strip(_QUOTE_OPENERS + "(),.;:!?")
            if bare and bare[0].isupper() and before[-1] not in ".!?:»\"'–-":
                names.add(_key(bare))
    return frozenset(names)


def _fact_box(text: str, names: Callable[[], frozenset[str]]) -> FactBox | None:
    """Reads a one-line fact box `Fakta: HEADING BODY Kilde: SOURCE`, or None.

    The page flattened the box into one line, so the heading's end is recovered: it is the first
    sentence when a sentence ends before any colon; otherwise the body opens with its first list label
    (`Anerkjenner Guaidó som president:`). The label starts, among the five words before the first
    colon (never the box's first word), at the first capitalised word that is not a name used
    mid-sentence elsewhere in the article, else at the last capitalised word (`Strømprisen i dag
    Sør-Norge: 1,87 kroner.`). With no capitalised word there the box has no heading (`Fakta:
    Hovedstad: Caracas.`); with neither colon nor sentence end the whole text is the heading.
    """
    match = _FACT_BOX.match(text)
    if not match:
        return None
    rest, source = match["rest"], None
    cited = _FACT_SOURCE.search(rest)
    if cited:
        rest, source = rest[: cited.start()], cited["source"].strip()
    colon = rest.find(":")
    sentence = re.search(r"[.?!](?=\s)", rest)
    if sentence and (colon < 0 or sentence.start() < colon):
        title = rest[: sentence.start() + (rest[sentence.start()] != ".")]
        return FactBox(title=title.strip(), text=rest[sentence.end() :].strip(), source=source)
    if colon < 0:
        return FactBox(title=rest.strip(), text="", source=source)
    words = _words(rest[:colon])
    known = names()
    capitalised = [
        i
        for i in range(max(1, len(words) - _FACT_LABEL_WINDOW), len(words))
        if (bare := words[i].strip(_QUOTE_OPENERS + "(),")) and bare[0].isupper()
    ]
    if not capitalised:
        return FactBox(title="", text=rest.strip(), source=source)
    not_names = [i for i in capitalised if _key(words[i].strip(_QUOTE_OPENERS + "(),")) not in known]
    start = not_names[0] if not_names else capitalised[-1]
    title = " ".join(words[:start])
    return FactBox(title=title, text=rest.strip()[len(title) :].strip(), source=source)


def _is_subheading(text: str) -> bool:
    """Whether a body line is a short heading (`General skiftet side`) rather than a paragraph."""
    if len(_words(text)) > _SUBHEADING_MAX_WORDS or len(text) > _SUBHEADING_MAX_CHARS:
        return False
    if _ends_like_sentence(text) or text[0] in _QUOTE_OPENERS or _BULLET.match(text):
        return False
    return (text[0].isupper() or text[0].isdigit()) and any(ch.isalpha() for ch in text)


def _comment_start(lines: Sequence[_Line], start: int) -> int:
    """Where trailing reader comments begin: each signature line (`by West midland 220`) and its text."""
    end = len(lines)
    while end > start and _SIGNATURE.match(lines[end - 1].text):
        end -= 1
        if end > start and not _SIGNATURE.match(lines[end - 1].text):
            end -= 1
    return end


# --- The article -----------------------------------------------------------------------------------


class _Captions:
    """Captions kept once each, with a count of the repeats dropped."""

    def __init__(self) -> None:
        self.kept: list[Caption] = []
        self.collapsed = 0

    def add(self, caption: Caption) -> None:
        """Keeps a caption unless it repeats one kept (a credit fills a kept caption that had none)."""
        key = _key(caption.text)
        for i, kept in enumerate(self.kept):
            if _key(kept.text) != key:
                continue
            if caption.credit is None or caption.credit == kept.credit:
                self.collapsed += 1
                return
            if kept.credit is None:
                self.kept[i] = caption
                self.collapsed += 1
                return
        self.kept.append(caption)

    def repeats(self, text: str) -> bool:
        """Whether a body line is the text of a kept caption."""
        key = _key(text)
        return any(_key(c.text) == key for c in self.kept)


def split_article(
    text: str,
    *,
    title: str | None = None,
    is_stamp_line: Callable[[str], bool] = _never,
    captions: Sequence[Caption] = (),
) -> Structure:
    """Reads a plain-text article (one paragraph a line; blank lines may separate paragraphs) the way an editor would.

    Args:
        text: the article text.
        title: the title the source states (feed, HTML or JSON metadata); it wins over the text's.
        is_stamp_line: whether a line is a publication/update stamp (`pipelines.timestamps.is_stamp_line`).
        captions: captions the source gives apart (`media:description`, `<figcaption>`); merged in, and
            body lines repeating them removed.

    Returns:
        The `Structure`; never raises on text.
    """
    lines = _read_lines(text)
    given_title = clean_text(title) if title else None
    kept = _Captions()
    for caption in captions:
        kept.add(Caption(text=clean_text(caption.text), credit=clean_text(caption.credit or "") or None))

    # Head: the ` date YYYY-MM ` header, the title line and the standfirst bullets.
    header_date, found_title, i = None, None, 0
    title_line = False
    if lines and (header := _HEADER.match(lines[0].text)):
        header_date = header["date"]
        rest = (header["rest"] or "").strip()
        if rest:
            lines[0] = _Line(rest, True)
        else:
            i = 1
    if i < len(lines) and given_title is not None and _key(lines[i].text) == _key(given_title):
        i, title_line = i + 1, True
    elif (
        given_title is None
        and i + 1 < len(lines)
        and _looks_like_title(lines[i].text)
        and not _is_furniture(lines[i].text, is_stamp_line)
    ):
        found_title, i, title_line = lines[i].text, i + 1, True
    standfirst: list[str] = []
    if given_title is not None or found_title is not None:
        end = i
        while end < len(lines) and (bullet := _BULLET.match(lines[end].text)):
            standfirst.append(bullet["rest"])
            end += 1
        lone_under_title = title_line and len(standfirst) == 1 and not lines[i].blank_before
        if len(standfirst) >= 2 or lone_under_title:
            i = end
        else:
            standfirst = []

    tail = _comment_start(lines, i)
    comments = tuple(line.text for line in lines[tail:])
    body_lines = lines[i:tail]
    gaps = [line.blank_before for line in body_lines[1:]]
    mixed_layout = any(gaps) and not all(gaps)

    names_cache: list[frozenset[str]] = []

    def names() -> frozenset[str]:
        if not names_cache:
            # The box's own words are left out: its list runs labels into names (`Georgia Anerkjenner`).
            names_cache.append(_names([line for line in lines if not _FACT_BOX.match(line.text)]))
        return names_cache[0]

    paragraphs: list[Paragraph] = []
    stamps: list[str] = []
    boilerplate: list[str] = []
    related: list[str] = []
    bylines: list[str] = []
    agencies: list[str] = []
    fact_boxes: list[FactBox] = []
    embeds: list[Embed] = []
    for line in body_lines:
        t = line.text
        kind = _classify_special(t, is_stamp_line)
        if kind == "stamp":
            stamps.append(t)
        elif kind == "boilerplate":
            boilerplate.append(t)
        elif kind == "related":
            related.append(_related(t) or "")
        elif (found := _byline(t)) is not None:
            bylines.append(t)
            agencies.extend(a for a in found if a not in agencies)
        elif (box := _fact_box(t, names)) is not None:
            fact_boxes.append(box)
        elif (tweet := _tweet(t)) is not None:
            embeds.append(tweet)
        elif (on_line := _credit_captions(t)) is not None:
            for caption in on_line:
                kept.add(caption)
        elif (labelled := _label_caption(line, mixed_layout=mixed_layout)) is not None:
            kept.add(labelled)
        elif paragraphs and _is_subheading(t):
            paragraphs.append(Paragraph(text=t, kind="subheading"))
        else:
            paragraphs.append(Paragraph(text=t))

    # A body line repeating a caption (given by the source or found elsewhere) is that caption again.
    body = []
    for paragraph in paragraphs:
        if kept.repeats(paragraph.text):
            kept.collapsed += 1
        else:
            body.append(paragraph)
    # A heading needs something under it.
    if body and body[-1].kind == "subheading":
        body[-1] = Paragraph(text=body[-1].text)

    return Structure(
        title=given_title or found_title,
        header_date=header_date,
        lede=body[0].text if body and body[0].kind == "text" else None,
        standfirst=tuple(standfirst),
        paragraphs=tuple(body),
        captions=tuple(kept.kept),
        captions_collapsed=kept.collapsed,
        # Several byline lines (a writer and, elsewhere, an agency) are kept together, in order.
        byline="; ".join(bylines) or None,
        agencies=tuple(agencies),
        related=tuple(related),
        fact_boxes=tuple(fact_boxes),
        embeds=tuple(embeds),
        comments=comments,
        boilerplate=tuple(boilerplate),
        stamp_lines=tuple(stamps),
    )


def _classify_special(text: str, is_stamp_line: Callable[[str], bool]) -> str | None:
    """Whether a line is a stamp, boilerplate or a related link: lines that are never title or body."""
    if is_stamp_line(text):
        return "stamp"
    if _is_boilerplate(text):
        return "boilerplate"
    if _related(text) is not None:
        return "related"
    return None


def _is_furniture(text: str, is_stamp_line: Callable[[str], bool]) -> bool:
    """Whether a line is anything but prose: it cannot be the title."""
    return (
        _classify_special(text, is_stamp_line) is not None
        or _byline(text) is not None
        or _FACT_BOX.match(text) is not None
        or _tweet(text) is not None
        or _credit_captions(text) is not None
    )
