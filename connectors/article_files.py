"""Article files -> Documents: plain text and Markdown, HTML pages, JSON lines.

Anything a file cannot give becomes a `DeadLetter` (step "read") carrying the offending bytes or line;
the other lines of a JSON-lines file still become Documents.
"""

from __future__ import annotations

import collections
import json
import os
import re
import traceback
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import charset_normalizer
import ftfy

from connectors.html import ExtractorMissing, extract_page, html_to_text
from connectors.markdown import MARKDOWN_EXTENSIONS, read_markdown
from schemas.article import Caption, DeadLetter, Document

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
JSON_LINES_EXTENSIONS = (".jsonl", ".ndjson")

# Nordic and English wire text that is not UTF-8 is almost always windows-1252 (a superset of the
# printable latin-1). charset-normalizer alone guesses cp1250/cp1006/big5 for short Norwegian text
# (measured on "Kjøretøy", "Hej på dig"), so windows-1252 is tried first and kept when what it decodes
# reads as Latin letters and punctuation.
_PREFERRED_LEGACY = "cp1252"
_ENCODING_NAMES = {"cp1252": "windows-1252", "latin_1": "iso-8859-1", "iso8859_15": "iso-8859-15"}
# Unicode's Cc is exactly U+0000-U+001F and U+007F-U+009F; of those, these are binary rather than
# text: C0 without the whitespace controls (TAB, LF, VT, FF, CR), and DEL. C1 is mojibake (below).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# C1 controls (U+0080-U+009F) in decoded text are nearly always mojibake: windows-1252 punctuation
# (0x92 is its apostrophe) read as latin-1 somewhere upstream. 16 of 1,800 real sentences had one.
_C1 = re.compile("[\x80-\x9f]")
# Share of C1 characters beyond which the text is not repairable mojibake but binary.
_C1_BINARY_SHARE = 0.25  # "l\x92Ecole" is 1 in 7; a real binary file has C0 controls and NULs too
# ftfy's repairs minus those that would change correct text (quotes, ligatures, widths, entities).
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)
REPAIRED = "repaired mojibake: C1 control characters read as windows-1252 (ftfy)"
BOMS = (  # byte order marks and the codec each names; the feed reader uses the same table
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BODY_KEYS = ("body", "text", "content", "description")
# The keys news APIs use for the same things (NewsAPI, GDELT-like exports, CMS dumps), first wins.
_PUBLISHED_KEYS = ("published", "publishedAt", "published_at", "datePublished", "pubDate", "date")
_UPDATED_KEYS = ("updated", "updatedAt", "updated_at", "dateModified", "modified")
_OUTLET_KEYS = ("outlet", "source", "site_name", "siteName", "publisher")


def _first_key(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that holds text (a `{"name": ...}` object counts by its name)."""
    for key in keys:
        value = _as_text(record.get(key))
        if value:
            return value
    return None


_HTML_HINT = ("<p", "<br", "<div", "<li", "<h1", "<h2", "<h3", "<span", "<a ", "<em", "<strong", "&nbsp;")


def _control_share(text: str) -> float:
    """Returns the share of characters that are C0 control characters other than whitespace (or DEL)."""
    if not text:
        return 0.0
    return len(_BINARY_CONTROLS.findall(text)) / len(text)


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Repairs C1 control characters (windows-1252 read as latin-1) with ftfy; returns text and a warning.

    Raises:
        ValueError: so many C1 characters that the text is binary, not mojibake.
    """
    c1 = len(_C1.findall(text))
    if not c1:
        return text, None
    if c1 > _C1_BINARY_SHARE * len(text):
        raise ValueError("binary data: control characters where text was expected")
    return ftfy.fix_text(text, _FTFY), REPAIRED


def _reads_as_latin(text: str) -> bool:
    """True when the non-ASCII characters are (nearly) all Latin letters or common punctuation."""
    if text.isascii():
        return True
    # a text has few distinct non-ASCII characters: look each up once, not once per occurrence
    others = collections.Counter(_NON_ASCII.findall(text))
    latin = sum(n for c, n in others.items() if _is_latin_or_punctuation(c))
    return latin / others.total() >= 0.95


def _is_latin_or_punctuation(c: str) -> bool:
    return "LATIN" in unicodedata.name(c, "") or unicodedata.category(c)[0] in "PSZ"


def decode(data: bytes) -> tuple[str, str | None]:
    """Returns the text of `data` and a warning naming the encoding when it was not UTF-8.

    UTF-8 (BOM stripped) first; a UTF-16/32 file with a BOM is decoded with a warning; otherwise a
    legacy encoding (windows-1252 first, else charset-normalizer's best guess).

    Raises:
        ValueError: the data is binary (NUL bytes without a UTF-16/32 BOM, control characters) or has no
            plausible text encoding.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ValueError(f"binary data: starts with a {encoding} BOM but does not decode") from error
            warning = None if encoding == "utf-8-sig" else f"decoded as {encoding} (byte order mark)"
            break
    else:
        if b"\x00" in data:
            raise ValueError("binary data: contains NUL bytes")
        try:
            text, warning = data.decode("utf-8"), None
        except UnicodeDecodeError:
            mostly = mostly_utf8(data)
            if mostly is not None:
                text, bad = mostly
                warning = f"UTF-8 with {bad} invalid byte sequence(s), replaced by U+FFFD"
            else:
                text, encoding = decode_legacy(data)
                warning = f"not UTF-8; decoded as {_ENCODING_NAMES.get(encoding, encoding)}"
    # C0, DEL and C1 controls are all unprintable: a text printable once its line breaks are spaces
    # (nearly every file) has none, which two C scans tell faster than the two regex scans below.
    if text.replace("\n", " ").replace("\r", " ").isprintable():
        return text, warning
    if _control_share(text) > 0.01:
        raise ValueError("binary data: control characters where text was expected")
    text, repaired = repair_mojibake(text)
    if repaired:
        warning = f"{warning}; {repaired}" if warning else repaired
    return text, warning


def mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few broken sequences (a cut multi-byte character, one stray byte), or None.

    Reading such a file as windows-1252 would garble every other non-ASCII character in it, so a
    file whose non-ASCII characters are overwhelmingly valid UTF-8 keeps UTF-8, with replacements.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(_NON_ASCII.findall(text)) - bad
    return (text, bad) if good >= 3 and bad <= max(1, good // 20) else None


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Returns the text and encoding of non-UTF-8 bytes; raises ValueError when nothing fits."""
    try:
        text = data.decode(_PREFERRED_LEGACY)
    except UnicodeDecodeError:
        text = ""  # bytes windows-1252 leaves undefined (0x81, 0x8D, ...): let charset-normalizer pick
    if text and _reads_as_latin(text):
        return text, _PREFERRED_LEGACY
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("binary data: no plausible text encoding")
    return str(best), best.encoding


def _normalise_newlines(text: str) -> str:
    """CRLF and CR -> LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _dead_letter(source: str, error: str, payload: bytes | str, *, tb: str = "") -> DeadLetter:
    """Returns the read step's DeadLetter for `source`."""
    return DeadLetter(
        step="read", source=source, error=error, traceback=tb, payload=DeadLetter.excerpt(payload)
    )


FORMATS = ("html", "jsonl", "text")


def read_article_file(
    source: str, data: bytes, *, fetched_at: datetime | None = None, format: str | None = None
) -> Iterator[Document | DeadLetter]:
    """Yields the Documents of one article file (by extension), DeadLetters for what cannot be read.

    `.html`/`.htm`: one Document from the page's main text and metadata. `.jsonl`/`.ndjson`: one
    Document per non-empty line (`position` = line number), a DeadLetter per broken line. Anything else
    `.md`: the top heading as the title, the text without Markdown markup. Anything else (`.txt`,
    unknown): one Document whose text is the file's text with only CRLF/CR turned into LF.
    An empty file, binary data or an undecodable file gives one DeadLetter. `format` ("html", "jsonl",
    "text") overrides the extension (a fetched page's URL has none).
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    try:
        text, warning = decode(data)
    except ValueError as error:
        yield _dead_letter(source, str(error), data)
        return
    text = _normalise_newlines(text)
    if not text.strip():
        yield _dead_letter(source, "empty file", data)
        return
    warnings = (warning,) if warning else ()
    # `wire.jsonl.gz` was decompressed by the caller: its format is the extension under `.gz`.
    name = source[:-3] if source.lower().endswith(".gz") else source
    extension = os.path.splitext(name)[1].lower()
    if format == "jsonl" or (format is None and extension in JSON_LINES_EXTENSIONS):
        yield from _read_json_lines(source, text, warnings, fetched_at)
    elif format == "html" or (format is None and extension in HTML_EXTENSIONS):
        yield _read_html(source, text, data, warnings, fetched_at)
    elif format is None and extension in MARKDOWN_EXTENSIONS:
        title, body = read_markdown(text)
        yield Document(
            source=source,
            source_kind="file",
            text=body,
            title=title,
            fetched_at=fetched_at,
            warnings=warnings,
        )
    else:
        yield Document(source=source, source_kind="file", text=text, fetched_at=fetched_at, warnings=warnings)


def _read_html(
    source: str, text: str, data: bytes, warnings: tuple[str, ...], fetched_at: datetime | None
) -> Document | DeadLetter:
    """Returns the Document of one HTML page, or a DeadLetter when it has no main text."""
    try:
        page = extract_page(text)
    except ValueError as error:
        return _dead_letter(source, str(error), data, tb=traceback.format_exc())
    if not page["text"]:
        return _dead_letter(source, "no main text found in the HTML page", data)
    return Document(
        source=source,
        source_kind="file",
        text=page["text"],
        url=page["url"],
        title=page["title"],
        author=page["author"],
        lang=page["lang"],
        published_text=page["published_text"],
        updated_text=page["updated_text"],
        captions=tuple(page["captions"]),
        related=tuple(page["related"]),
        stamps=tuple(page["stamps"]),
        standfirst=tuple(page["standfirst"]),
        fetched_at=fetched_at,
        warnings=warnings + tuple(page["warnings"]),
        outlet=page["outlet"],
    )


def _as_text(value: Any) -> str | None:
    """Returns a JSON value as one string (lists joined with ', '), None when empty or structured."""
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def _looks_like_html(text: str) -> bool:
    """True when a JSON body carries HTML markup rather than plain text."""
    lowered = text.lower()
    return any(hint in lowered for hint in _HTML_HINT) or "<html" in lowered or "<body" in lowered


def _json_captions(value: Any) -> tuple[Caption, ...]:
    """Returns captions given as a list of strings or of {text, credit} objects."""
    captions = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and _as_text(item.get("text")):
            captions.append(
                Caption(text=_as_text(item.get("text")) or "", credit=_as_text(item.get("credit")))
            )
        elif _as_text(item):
            captions.append(Caption(text=_as_text(item) or ""))
    return tuple(captions)


def _read_json_lines(
    source: str, text: str, warnings: tuple[str, ...], fetched_at: datetime | None
) -> Iterator[Document | DeadLetter]:
    """Yields a Document per JSON line, a DeadLetter per line that is not an article object."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield _dead_letter(source, f"line {number}: not valid JSON: {error}", line)
            continue
        if not isinstance(record, dict):
            yield _dead_letter(source, f"line {number}: not a JSON object", line)
            continue
        try:
            yield _json_document(source, number, record, warnings, fetched_at)
        except (ValueError, ExtractorMissing) as error:  # one line lost, never the lines after it
            yield _dead_letter(source, f"line {number}: {error}", line)


def _json_document(
    source: str, number: int, record: dict[str, Any], warnings: tuple[str, ...], fetched_at: datetime | None
) -> Document:
    """Returns the Document of one JSON-lines record; raises ValueError when it has no body."""
    body = next(
        (record[key] for key in _BODY_KEYS if isinstance(record.get(key), str) and record[key].strip()), None
    )
    html_flag = record.get("html")
    page: dict[str, Any] = {}
    if body is None and isinstance(html_flag, str) and html_flag.strip():
        lowered = html_flag.lower()
        if "<html" in lowered or "<body" in lowered:
            page = extract_page(html_flag)
            body = page["text"]
        else:
            body = html_to_text(html_flag)
    elif body is not None and (html_flag is True or (html_flag is None and _looks_like_html(body))):
        body = html_to_text(body)
    elif body is not None:
        body = _normalise_newlines(body)
    if body:
        body, repaired = repair_mojibake(body)  # a JSON string may carry \u0092 escaped
        if repaired:
            warnings = (*warnings, repaired)
    if not body or not body.strip():
        raise ValueError(f"no body: none of {', '.join((*_BODY_KEYS, 'html'))} holds text")
    return Document(
        source=source,
        source_kind="file",
        text=body,
        url=_as_text(record.get("url")) or page.get("url"),
        guid=_as_text(record.get("guid")) or _as_text(record.get("id")),
        title=_as_text(record.get("title")) or page.get("title"),
        author=_as_text(record.get("author")) or page.get("author"),
        lang=_as_text(record.get("lang")) or page.get("lang"),
        published_text=_first_key(record, _PUBLISHED_KEYS) or page.get("published_text"),
        updated_text=_first_key(record, _UPDATED_KEYS) or page.get("updated_text"),
        captions=_json_captions(record.get("captions")) or tuple(page.get("captions", ())),
        related=tuple(page.get("related", ())),
        stamps=tuple(page.get("stamps", ())) if not _first_key(record, _PUBLISHED_KEYS) else (),
        standfirst=tuple(page.get("standfirst", ())),
        fetched_at=fetched_at,
        position=number,
        warnings=warnings + tuple(page.get("warnings", ())),
        outlet=_first_key(record, _OUTLET_KEYS) or page.get("outlet"),
    )
