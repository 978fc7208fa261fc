"""Feeds -> Documents: RSS 2.0, RSS 1.0 (RDF) and Atom, one Document per entry.

feedparser reads the entries; a namespace-aware lxml pass over the same bytes supplies what feedparser
loses or garbles (all measured on feedparser 6.0.14):

- `entry.updated` silently falls back to `published`, and `dc:date` lands in `updated` too (an RSS 1.0
  item's only date would look like an update; with `dcterms:modified` beside it, the `dc:date` is lost).
  Dates are therefore read from the item's own elements: published = pubDate / atom:published /
  dcterms:issued (else dc:date), updated = atom:updated / atom:modified / dcterms:modified only.
- `media:description` and `media:title` are parsed as the entry's description or content, so a photo
  caption would become the body. They are read here as captions and removed before feedparser parses.

When the lxml pass cannot be matched to feedparser's entries (a feed that is not well-formed), entries
keep feedparser's own honest keys (`dict.__contains__`, never the aliasing `entry.updated`).

Neither parser sees the raw bytes: connectors/feed_bytes.py decodes them (feedparser garbles a
truncated UTF-8 feed as windows-1252), removes an internal DTD subset (entity expansion never reaches
the output) and forbidden control characters first.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser
import lxml.etree

from connectors.article_files import repair_mojibake
from connectors.feed_bytes import clean_feed
from connectors.html import html_to_text, read_caption
from schemas.article import Caption, DeadLetter, Document
from schemas.vocabulary import EMAIL_ADDRESS

MEDIA_NS = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
ATOM_NS = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
RSS_NS = (
    "",
    "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://backend.userland.com/rss2",
)

# (namespace, local name) of the elements that state when an entry was first published / last changed.
_PUBLISHED = (
    {(ns, "pubDate") for ns in RSS_NS}
    | {(ns, "published") for ns in ATOM_NS}
    | {
        (ATOM_NS[1], "issued"),
        (DCTERMS_NS, "issued"),
    }
)
_UPDATED = {(ns, "updated") for ns in ATOM_NS} | {(ATOM_NS[1], "modified"), (DCTERMS_NS, "modified")}
_DC_DATE = (DC_NS, "date")
_ENTRY_NAMES = frozenset({"item", "entry"})
_ENTRY_PARENTS = frozenset({"channel", "RDF", "feed", "rss"})
_MEDIA_CONTAINERS = {(ns, local) for ns in MEDIA_NS for local in ("content", "thumbnail", "group")}
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_MARKUP = re.compile(r"<(?:[a-zA-Z][\w-]*|/[a-zA-Z][\w-]*)[^<>]*>")  # a tag, opening or closing
# The entry children feedparser is still asked for (title, link, id, author, language, text); dates and
# Media RSS captions are read from the XML here. feedparser's pure-Python handlers cost per element:
# handing it only these cut its CPU time on a generated 10 MB feed from 3.4 s to 1.95 s. Media RSS
# titles and descriptions must go anyway: feedparser would make them the entry's body.
_FEEDPARSER_KEEP = frozenset(
    {"title", "link", "guid", "id", "author", "creator", "contributor", "description", "summary"}
    | {"content", "encoded", "language"}
)


@dataclasses.dataclass
class _RawEntry:
    """What one item/entry element states, read from the XML itself."""

    published: str | None = None
    updated: str | None = None
    dc_date: str | None = None
    captions: list[Caption] = dataclasses.field(default_factory=list)
    media_texts: set[str] = dataclasses.field(default_factory=set)


def _qname(element: Any) -> tuple[str, str]:
    """Returns (namespace, local name) of an element."""
    name = lxml.etree.QName(element)
    return name.namespace or "", name.localname


def _text(element: Any) -> str | None:
    """Returns an element's whole text, stripped, or None."""
    text = "".join(element.itertext()).strip()
    return text or None


def _media_caption(container: Any) -> Caption | None:
    """Returns the caption stated by a media:content / media:thumbnail / media:group / item element."""
    texts: dict[str, list[str]] = {"description": [], "title": [], "credit": []}
    for child in container:
        if not isinstance(child.tag, str):
            continue
        namespace, local = _qname(child)
        if namespace in MEDIA_NS and local in texts and _text(child):
            texts[local].append(_text(child) or "")
    text = next(iter(texts["description"] or texts["title"]), "")
    if _MARKUP.search(text):  # `<media:description type="html">`: the caption's text, not its tags
        text = html_to_text(text)
    credit = ", ".join(dict.fromkeys(texts["credit"])) or None
    return read_caption(text, credit)


def _raw_entry(element: Any) -> _RawEntry:
    """Reads one item/entry element's dates and Media RSS captions."""
    raw = _RawEntry()
    for child in element.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        qname = _qname(child)
        if child.getparent() is element:
            if qname in _PUBLISHED and raw.published is None:
                raw.published = _text(child)
            elif qname in _UPDATED and raw.updated is None:
                raw.updated = _text(child)
            elif qname == _DC_DATE and raw.dc_date is None:
                raw.dc_date = _text(child)
        if qname[0] in MEDIA_NS and qname[1] in ("description", "title") and _text(child):
            raw.media_texts.add(_text(child) or "")
    for container in element.iterdescendants():
        if isinstance(container.tag, str) and _qname(container) in _MEDIA_CONTAINERS:
            caption = _media_caption(container)
            if caption is not None and caption not in raw.captions:
                raw.captions.append(caption)
    item_level = _media_caption(element)
    if item_level is not None and not item_level.text and raw.captions:
        # A credit given once at item level belongs to the media elements that state none of their own.
        raw.captions = [
            c if c.credit else dataclasses.replace(c, credit=item_level.credit) for c in raw.captions
        ]
    elif item_level is not None and item_level not in raw.captions:
        raw.captions.insert(0, item_level)
    return raw


def _entry_elements(root: Any) -> list[Any]:
    """Returns the feed's item/entry elements in document order."""
    return [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and _qname(element)[1] in _ENTRY_NAMES
        and element.getparent() is not None
        and _qname(element.getparent())[1] in _ENTRY_PARENTS
    ]


def _scan(data: bytes) -> tuple[list[_RawEntry] | None, bytes]:
    """Reads the entries' own elements; returns them and the bytes feedparser should parse.

    A well-formed feed is re-serialised with only the entry children feedparser is still asked for
    (never Media RSS elements, which it would make the entry's body); anything else is passed on
    unchanged, and read_feed falls back to the whole feed when the two passes do not match.
    """
    # No entity expansion, no DTD or network access, libxml2's default limits (huge_tree off: depth
    # 256, text nodes 10 MB): the bytes were defused already, this is the second lock.
    strict = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, strict)
        well_formed = True
    except lxml.etree.XMLSyntaxError:
        lenient = lxml.etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
        )
        try:
            root = lxml.etree.fromstring(data, lenient)
        except lxml.etree.XMLSyntaxError:
            return None, data
        if root is None:
            return None, data
        well_formed = False
    elements = _entry_elements(root)
    raws = [_raw_entry(element) for element in elements]
    if not well_formed:
        return raws, data
    for element in elements:
        for child in list(element):
            if isinstance(child.tag, str) and not _feedparser_reads(child):
                element.remove(child)  # tail whitespace goes with it: harmless between elements
    for element in elements:
        for child in list(element.iterdescendants()):
            if isinstance(child.tag, str) and _qname(child)[0] in MEDIA_NS:
                child.getparent().remove(child)
    return raws, lxml.etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def _feedparser_reads(child: Any) -> bool:
    """True for an entry's child element whose value is taken from feedparser (not read above)."""
    namespace, local = _qname(child)
    return namespace not in MEDIA_NS and local in _FEEDPARSER_KEEP


def _entry_text(entry: Any, media_texts: set[str]) -> str:
    """Returns the entry's readable text: its content (HTML -> text), else its summary."""
    candidates = [c for c in entry.get("content", []) if (c.get("value") or "").strip() not in media_texts]
    summary = entry.get("summary_detail")
    if summary is not None and (summary.get("value") or "").strip() not in media_texts:
        candidates.append(summary)
    for candidate in candidates:
        value = candidate.get("value") or ""
        if not value.strip():
            continue
        if (candidate.get("type") or "text/html") in _HTML_TYPES:
            text = html_to_text(value)
        else:
            text = "\n".join(
                line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            )
            text = text.strip()
        if text:
            return text
    return ""


_BARE_EMAIL = re.compile(rf"^\s*<?{EMAIL_ADDRESS}>?\s*$")
# RSS 2.0's `<author>` is an address with the name in brackets (`nyheter@ntb.no (NTB)`); some feeds
# write `Name <address>`. feedparser's own split cuts addresses of long top-level domains short.
_EMAIL_THEN_NAME = re.compile(r"^\s*[\w.+-]+@[\w.-]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^<>()@]+?)\s*[<(]\s*[\w.+-]+@[\w.-]+\s*[>)]\s*$")


def _author_name(raw: str) -> str | None:
    """The person or agency in one author string: the name beside an address, not the address."""
    found = _EMAIL_THEN_NAME.match(raw) or _NAME_THEN_EMAIL.match(raw)
    if found:
        return found["name"].strip() or None
    return None if not raw.strip() or _BARE_EMAIL.match(raw) else raw.strip()


def _entry_author(entry: Any) -> str | None:
    """The entry's authors as its feed lists them, in order: `dc:creator` or `<author>` repeated gives
    all of them (feedparser's `author` keeps only the last); `nyheter@ntb.no (NTB)` gives `NTB`; an
    address alone names no one."""
    details = [d for d in entry.get("authors") or () if isinstance(d, dict)]
    if len(details) > 1:
        names = [_author_name(d.get("name") or "") for d in details]
        joined = ", ".join(dict.fromkeys(n for n in names if n))
        if joined:
            return joined
    return _author_name(entry.get("author") or "")


def _entry_lang(entry: Any, feed_lang: str | None) -> str | None:
    """Returns the entry's language: its dc:language, else its xml:lang, else the feed's."""
    if entry.get("language"):
        return entry["language"]
    for detail in (*entry.get("content", []), entry.get("title_detail"), entry.get("summary_detail")):
        if detail is not None and detail.get("language"):
            return detail["language"]
    return feed_lang


def _entry_url(entry: Any) -> str | None:
    """Returns the entry's web address; feedparser copies a non-URL guid or id into `link`."""
    link = entry.get("link") or ""
    return link if link.startswith(("http://", "https://")) else None


def _dates(entry: Any, raw: _RawEntry | None, version: str) -> tuple[str | None, str | None]:
    """Returns (published_text, updated_text) exactly as the entry writes them."""
    if raw is not None:
        return raw.published or raw.dc_date, raw.updated
    # No element-level view: use feedparser's honest keys (`entry.updated` would alias `published`).
    published = dict.get(entry, "published")
    updated = dict.get(entry, "updated")
    if published is None and updated is not None and version.startswith("rss"):
        # RSS has no item-level updated element; a lone date there is dc:date, i.e. publication.
        return updated, None
    return published, updated


def read_feed(
    source: str, data: bytes, *, fetched_at: datetime | None = None
) -> Iterator[Document | DeadLetter]:
    """Yields one Document per entry of an RSS 2.0 / RSS 1.0 / Atom feed (`source_kind="feed"`).

    A feed that is not well-formed but still has entries yields them, each with a warning; a document
    that is not a feed, or a broken one with no entries, yields one DeadLetter (step "read") with the
    parser's message. A well-formed feed with no entries yields nothing.
    """
    if not data.strip():
        yield DeadLetter(
            step="read", source=source, error="empty file", traceback="", payload=DeadLetter.excerpt(data)
        )
        return
    try:
        clean, read_warnings = clean_feed(data)
    except ValueError as error:
        yield DeadLetter(
            step="read",
            source=source,
            error=f"not a readable feed: {error}",
            traceback="",
            payload=DeadLetter.excerpt(data),
        )
        return
    raws, parse_bytes = _scan(clean)
    # Bytes, never str: feedparser treats a str as a path or URL. No sanitising and no resolving of
    # relative links inside content: html_to_text reads the text itself, and the two passes were a
    # fifth of feedparser's CPU time on a generated 50 MB feed.
    parsed = feedparser.parse(parse_bytes, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.entries
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None or not parsed.get("version"):
            reason = str(problem) if problem is not None else "no RSS, RSS 1.0 or Atom root element"
            yield DeadLetter(
                step="read",
                source=source,
                error=f"not a readable feed: {reason}",
                traceback="",
                payload=DeadLetter.excerpt(data),
            )
        return
    warnings: tuple[str, ...] = tuple(read_warnings)
    if problem is not None:
        warnings += (
            f"feed is not well-formed ({type(problem).__name__}: {problem}); entries read leniently",
        )
    if raws is not None and len(raws) != len(entries) and parse_bytes is not clean:
        # The passes disagree about the entries: let feedparser read the whole feed, dates included.
        parsed = feedparser.parse(clean, sanitize_html=False, resolve_relative_uris=False)
        entries = parsed.entries
    if raws is not None and len(raws) != len(entries):
        warnings += (
            f"feed structure not matched ({len(raws)} items, {len(entries)} entries): dates from feedparser, no media captions",
        )
        raws = None
    feed_lang = parsed.feed.get("language") or None
    outlet = (parsed.feed.get("title") or "").strip() or None
    version = parsed.get("version") or ""
    for index, entry in enumerate(entries):
        raw = raws[index] if raws is not None else None
        published, updated = _dates(entry, raw, version)
        text, text_repaired = repair_mojibake(_entry_text(entry, raw.media_texts if raw else set()))
        title, title_repaired = repair_mojibake(entry.get("title") or "")
        captions = tuple(raw.captions) if raw else ()
        if not text.strip() and captions:
            # A teaser or video description in `media:description` is the summary of an item that has
            # no other text, not a photo caption leaving its body empty.
            text, captions = captions[0].text, captions[1:]
        notes: tuple[str, ...] = () if text else ("entry has no content or summary",)
        notes += tuple(dict.fromkeys(n for n in (text_repaired, title_repaired) if n))
        yield Document(
            source=source,
            source_kind="feed",
            text=text,
            url=_entry_url(entry),
            guid=entry.get("id") or None,
            title=title or None,
            author=_entry_author(entry),
            lang=_entry_lang(entry, feed_lang),
            published_text=published,
            updated_text=updated,
            captions=captions,
            fetched_at=fetched_at,
            position=index,
            warnings=warnings + notes,
            outlet=outlet,
        )
