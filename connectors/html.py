"""HTML -> readable text: feed fragments (`html_to_text`) and whole article pages (`extract_page`).

Text comes out one paragraph a line, paragraphs separated by a blank line (the shape of the plain-text
seeds, which the structure step reads). Dates are kept exactly as the page writes them: the timestamp
step reads them in the outlet's zone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from connectors.html_captions import caption_elements as _caption_elements
from connectors.html_captions import captions_of as _captions
from connectors.html_captions import name_parts, read_caption
from connectors.html_header_box import header_box
from connectors.html_text import collapse as _collapse
from connectors.html_text import paragraphs as _paragraphs
from connectors.html_text import spaced_text as _spaced_text
from schemas.vocabulary import (
    AUTHOR_CLASS_WORDS,
    AUTHOR_LABELS,
    BY_WORDS,
    COMMENT_CLASS_WORDS,
    COMMENT_HEADINGS,
    DATE_LABELS,
    EMAIL_ADDRESS,
    KICKER_CLASS_WORDS,
    NAME_JOINERS,
    NAME_PARTICLES,
    PAYWALL_CLASS_WORDS,
    RELATED_MARKERS,
    RELATED_MARKERS_WITH_COLON,
    STANDFIRST_CLASS_WORDS,
    UPDATED_LABELS,
    alternation,
)

__all__ = ["ExtractorMissing", "extract_page", "html_to_text", "read_caption"]


class ExtractorMissing(ImportError):
    """The HTML main-text extractor (trafilatura) cannot be imported; HTML pages cannot be read."""


def _trafilatura() -> Any:
    """Imports trafilatura where it is used, so that a broken install stops only the HTML pages.

    trafilatura pulls in jusText, which needs `lxml_html_clean` (once part of lxml): a pip that does
    not resolve `lxml[html_clean]` leaves it out, and the import fails (measured with pip 23.2).

    Raises:
        ExtractorMissing: naming the package that could not be imported.
    """
    try:
        import trafilatura
    except ImportError as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExtractorMissing(
            f"cannot read HTML: the Python package {error.name or 'trafilatura'!r} cannot be imported "
            f"({detail}); reinstall wirestream, or: pip install trafilatura lxml_html_clean"
        ) from error
    return trafilatura


_CHROME = (
    "//nav | //*[@role='navigation'] | //*[@role='banner'] | //*[@role='contentinfo']"
    " | //header[not(ancestor::article)] | //footer[not(ancestor::article)] | //aside[not(ancestor::article)]"
)
# Related-article boxes: a class that says so, or a heading that says "read also" in our languages.
_RELATED_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' related ')"
_RELATED_HEADING = re.compile(
    rf"^\s*({alternation((*RELATED_MARKERS, *RELATED_MARKERS_WITH_COLON))})\b", re.IGNORECASE
)


def _fragment_root(html: str) -> Any:
    """Parses an HTML fragment or page into one element; raises ValueError when nothing is there."""
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        # A whole page (with <html>) is not a fragment: parse it as a document instead.
        try:
            return lxml.html.document_fromstring(html)
        except lxml.etree.ParserError as error:
            raise ValueError(f"not parseable as HTML: {error}") from error


def html_to_text(html: str) -> str:
    """Returns the readable text of an HTML fragment: one paragraph a line, a blank line between them.

    Scripts, styles and comments are dropped; entities are decoded; block elements (p, div, li, h1-h6,
    blockquote, td ...) end a paragraph and `<br>` is a line break inside one. Plain text (no tags)
    comes back with its whitespace collapsed per paragraph.
    """
    if not html.strip():
        return ""
    # Strip an XML declaration: lxml refuses a str that carries one.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    return "\n\n".join(_paragraphs(_fragment_root(html)))


# Publication and modification meta tags of other vocabularies, after Open Graph's and schema.org's:
# Dublin Core (libraries, scholarly and public-sector sites), Highwire/Google Scholar (`citation_`),
# Parse.ly and Sailthru (news sites' analytics), and the plain `date` many sites print. Exact names:
# XPath compares case-sensitively, so the spellings found in the wild are listed.
_PUBLISHED_META = (
    "dc.date.issued", "DC.date.issued", "dcterms.issued", "DCTERMS.issued", "dcterms.created",
    "DC.date.created", "dc.date", "DC.date", "DC.Date", "dcterms.date", "citation_publication_date",
    "citation_date", "parsely-pub-date", "sailthru.date", "date", "Date", "article_date_original",
)  # fmt: skip
# `article_date_original`/`_updated`: a newspaper CMS's own names, written as printed
# (`Saturday, December 27, 2014, 12:06 PM`), read in the zone the page prints in.
_MODIFIED_META = (
    "dcterms.modified", "DCTERMS.modified", "DC.date.modified", "dc.date.modified", "article_date_updated",
)  # fmt: skip


def _meta(tree: Any, *names: str) -> str | None:
    """Returns the first non-empty `<meta property|name|itemprop=NAME content>` among `names`."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in tree.xpath(f"//meta[@{attr}=$name]/@content", name=name):
                if value.strip():
                    return value.strip()
    return None


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    """Yields every JSON-LD object on the page (top level, lists and `@graph` members)."""

    def walk(value: Any) -> Iterator[dict[str, Any]]:
        if isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            yield value
            yield from walk(value.get("@graph", []))

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", object_hook=_unescaped)
        except json.JSONDecodeError:
            continue  # a broken JSON-LD block is common; the other sources of the dates still count
        yield from walk(data)


def _unescaped(obj: dict[str, Any]) -> dict[str, Any]:
    """A JSON-LD object with HTML entities in its strings decoded: SEO plugins write the page's
    escaped text into JSON (`"name": "Lindsey O&#039;Donnell"`, `"headline": "&#039;Parasite&#039; ..."`)."""
    return {
        key: unescape(value)
        if isinstance(value, str)
        else [unescape(v) if isinstance(v, str) else v for v in value]
        if isinstance(value, list)
        else value
        for key, value in obj.items()
    }


def _json_ld_article(tree: Any) -> dict[str, Any]:
    """Returns the page's JSON-LD article object (NewsArticle, Article, ...), or {}."""
    for obj in _json_ld_objects(tree):
        types = obj.get("@type", [])
        types = [types] if isinstance(types, str) else types
        if any(isinstance(t, str) and t.endswith("Article") for t in types):
            return obj
    return {}


def _first(*values: Any) -> str | None:
    """Returns the first value that is a non-empty string, stripped."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# Times in sidebars, teasers and related boxes belong to other stories.
_ELSEWHERE = (
    "ancestor::aside or ancestor::nav or ancestor::footer or ancestor::*[contains(@class, 'teaser') "
    "or contains(@class, 'related') or contains(@class, 'sidebar') or contains(@class, 'widget')]"
)
# A stamp element that is no <time> but carries the moment in an attribute:
# `<li class="date-and-time" title="2015-03-13T21:00:00+11:00">March 13, 2015 9:00PM</li>`.
_DATED = "contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
# The label printed just before an update's stamp (`Aktualisiert am <time>`, `..., updated <span>`),
# or a class naming it (`span.updated`, `time.modified`).
_UPDATE_LABEL_BEFORE = re.compile(
    rf"(?<!\w)(?:{alternation(UPDATED_LABELS)})\s*(?:am|on|op|den|d\.|el)?\s*:?\s*$", re.IGNORECASE
)
_UPDATE_LABEL_INSIDE = re.compile(rf"^\s*(?:{alternation(UPDATED_LABELS)})(?!\w)", re.IGNORECASE)
_UPDATE_CLASS = re.compile(r"updated|modified|aktualisiert|oppdatert|opdateret|uppdaterad", re.IGNORECASE)


def _text_before(element: Any, limit: int = 60) -> str:
    """The text printed just before an element inside its parent (its previous siblings' text)."""
    parts: list[str] = []
    sibling = element.getprevious()
    while sibling is not None and sum(map(len, parts)) < limit:
        parts.insert(
            0, (sibling.text_content() if isinstance(sibling.tag, str) else "") + (sibling.tail or "")
        )
        sibling = sibling.getprevious()
    parent = element.getparent()
    if sibling is None and parent is not None:
        parts.insert(0, parent.text or "")
    return _collapse(" ".join(parts))[-limit:]


def _names_update(element: Any) -> bool:
    """Whether a stamp element is the page's update stamp, not its publication: a label says so
    (`Aktualisiert am`, `Oppdatert`, `updated`) just before it or opening it, or its class does."""
    return bool(
        _UPDATE_LABEL_BEFORE.search(_text_before(element))
        or _UPDATE_LABEL_INSIDE.match(_collapse(element.text_content()))
        or _UPDATE_CLASS.search(element.get("class") or "")
    )


def _time_datetime(tree: Any, *, updated: bool) -> str | None:
    """Returns the machine moment of the page's published (or updated) stamp element: a `<time
    datetime>`, or a stamp element with the moment in an attribute. An element labelled as the
    update (`Aktualisiert am <time ...>`) gives the update, never the publication."""
    found = _stamp_element(tree, updated=updated)
    return found[1] if found else None


def _printed_with_offset(tree: Any) -> str | None:
    """The update stamp as the page prints it, with its label (`updated December 27, 2014 at 12:10
    PM`), when its element carries the same moment with an offset (`title="2014-12-27T17:10:17Z"`):
    the pair tells the timestamp step the zone the page prints its times in."""
    found = _stamp_element(tree, updated=True)
    if found is None or not _OFFSET.search(found[1]):
        return None
    element = found[0]
    printed = _collapse(element.text_content())
    if not printed or len(printed) > _STAMP_MAX_CHARS or not _STAMP_CLOCK.search(printed):
        return None
    if _UPDATE_LABEL_INSIDE.match(printed):
        return printed
    label = _UPDATE_LABEL_BEFORE.search(_text_before(element))
    return f"{label.group().strip()} {printed}" if label else None


_COMMENT_CLASS_WORDS = frozenset(COMMENT_CLASS_WORDS)


def _in_comments(element: Any) -> bool:
    """Whether an element stands in the reader comments: it or an element around it has a comment word
    in its class or id (`div#article_comments`, `span.comment-timestamp`, `kommentar-liste`)."""
    return any(name_parts(node) & _COMMENT_CLASS_WORDS for node in (element, *element.iterancestors()))


def _stamp_element(tree: Any, *, updated: bool) -> tuple[Any, str] | None:
    """The page's published (or updated) stamp element and its machine moment (`_time_datetime`)."""
    itemprop = "dateModified" if updated else "datePublished"
    paths: list[tuple[str, tuple[str, ...]]] = [(f"//time[@itemprop='{itemprop}']", ("datetime",))]
    if not updated:
        paths.append(("//time[@pubdate]", ("datetime",)))
    paths += [
        (f"//article//time[not({_ELSEWHERE})]", ("datetime",)),
        (f"//time[not({_ELSEWHERE})]", ("datetime",)),
        (f"//*[({_DATED}) and not({_ELSEWHERE})]", _STAMP_ATTRIBUTES),
    ]
    for path, attributes in paths:
        for element in tree.xpath(path):
            if "@itemprop" not in path and _names_update(element) != updated:
                continue
            if _in_comments(element):
                continue  # a reader comment's stamp (`span.comment-timestamp`), not the article's
            for attribute in attributes:
                value = (element.get(attribute) or "").strip()
                if value and (attribute == "datetime" or _MACHINE_TIME.match(value)):
                    return element, value
    return None


# Attributes in which a stamp element carries its machine-readable moment, and that moment's shape.
_STAMP_ATTRIBUTES = ("title", "data-datetime", "data-timestamp", "content")
_MACHINE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


# A machine time that states its zone: an ISO offset (after `T` or, as WordPress's JSON-LD writes it,
# a space: `2019-11-20 13:42:06+08:00`), or the zone of Java's and JavaScript's
# `Date.toString()` (`Tue Jan 28 15:28:56 CET 2020`, `... 2020 15:28:56 GMT+0100 (...)`).
_OFFSET = re.compile(
    r"(?:T|(?<=\d{4}-\d{2}-\d{2}) )\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"
    r"|\d{2}:\d{2}(?::\d{2})?\s+(?!AM\b|PM\b)[A-Z]{2,5}(?:[+-]\d{2}:?\d{2})?(?:\s+\d{4})?(?:\s*\(.*\))?$",
)

# Keys under which a page's analytics data layer (`dataLayer = [{...}]`, `dataLayer.push({...})`)
# names the moments; read last, when no meta, JSON-LD or stamp element gives them.
_DATA_LAYER = re.compile(r"\bdataLayer\s*(?:=|\.push\s*\()\s*")
_DATA_LAYER_PUBLISHED = ("datePublished", "publishedDate", "publishDate", "publicationDate", "pubDate")
_DATA_LAYER_MODIFIED = ("dateModified", "modifiedDate", "lastModified", "updatedDate", "lastUpdated")


def _data_layer(tree: Any) -> list[dict[str, Any]]:
    """The objects the page pushes into its analytics data layer (a script's JSON, read as written)."""
    objects: list[dict[str, Any]] = []
    decoder = json.JSONDecoder()
    for script in tree.xpath("//script[not(@src)]/text()"):
        for match in _DATA_LAYER.finditer(script):
            try:
                value, _ = decoder.raw_decode(script, match.end())
            except json.JSONDecodeError:
                continue  # a data layer built by code, not written as JSON: nothing to read
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    objects.append(item)
    return objects


def _data_layer_time(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that a data-layer object gives as a string."""
    return _first(*(obj.get(name) for name in keys for obj in objects))


def _prefer_offset(stamps: dict[str, str | None]) -> str | None:
    """The page's time, from meta, else JSON-LD, else `<time>`; but one that states its offset wins
    over one that does not (a zone guessed from the language is a guess)."""
    values = [v for v in (stamps["meta"], stamps["json-ld"], stamps["time"], stamps.get("label")) if v]
    values += [v for v in (stamps.get("data-layer"),) if v]
    stated = [v for v in values if _OFFSET.search(v.strip())]
    chosen = stated or values
    return chosen[0] if chosen else None


def _author(article: dict[str, Any]) -> str | None:
    """Returns the JSON-LD author name(s) in their order, joined with ', '.

    An organisation or a site name (`mbl.is`) is no author when a person is named beside it.
    """
    authors = article.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    people: list[str] = []
    others: list[str] = []
    for a in authors:
        name = a.get("name") if isinstance(a, dict) else a
        if not isinstance(name, str) or not name.strip():
            continue
        kind = a.get("@type") if isinstance(a, dict) else None
        organisation = kind in ("Organization", "NewsMediaOrganization") or _SITE_NAME.match(name.strip())
        (others if organisation else people).append(name.strip())
    return ", ".join(dict.fromkeys(people or others)) or None


_SITE_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")  # `mbl.is`, `www.vg.no`


# Recirculation widgets by their class: `nextstory`, `inline-article-recirc`, `related_links`,
# `RelatedCoverage_related-coverage-module`, `more-stories`, `outbrain`; and a teaser for paid
# content (hbl.fi's `type-advertorial` box under the article, `sponsored`).
_RECIRCULATION_TOKEN = re.compile(
    r"(?:^|[-_])(?:related|recirc|recirculation|nextstory|next-story|more-stories|morestories|outbrain|taboola"
    r"|recommended|recommendations|advertorials?|advertorialer|sponsored)(?:$|[-_])",
    re.IGNORECASE,
)


def _wholly_links(element: Any) -> bool:
    """Whether every item of a list is nothing but a link (`<li><a>Headline</a></li>`), two or more."""
    items = [li for li in element if isinstance(li.tag, str) and li.tag == "li"]
    if len(items) < 2:
        return False
    for li in items:
        links = li.xpath(".//a")
        text = _collapse(li.text_content())
        if not text or len(links) != 1 or _collapse(links[0].text_content()) != text:
            return False
    return True


def _recirculation(tree: Any) -> list[Any]:
    """The page's boxes of links to other articles, to be kept out of the text: an element whose class
    says so (not one that holds the headline), and a heading followed by a list of nothing but links
    (`Editors' Recommendations:`, `More Must-Reads From TIME`, `Les også`)."""
    boxes: list[Any] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        tokens = (element.get("class") or "").split()
        if (
            any(_RECIRCULATION_TOKEN.search(t) for t in tokens)
            and not element.xpath(".//h1 | .//article")
            and not any(element in box.iterdescendants() for box in boxes)
        ):
            boxes.append(element)
    for listing in tree.xpath("//ul | //ol"):
        if not _wholly_links(listing):
            continue
        heading = listing.getprevious()
        if heading is not None and heading.tag in ("h2", "h3", "h4", "h5", "h6", "p", "strong", "div"):
            text = _collapse(heading.text_content())
            if text and len(text.split()) <= 6 and not heading.xpath(".//a") and not text.endswith("."):
                boxes += [heading, listing]
    return boxes


def _related_links(tree: Any) -> list[str]:
    """Headlines in related-article boxes (`<aside class="related">`, or under a `Les også` heading)."""
    boxes = list(tree.xpath(f"//*[{_RELATED_CLASS}]")) + _recirculation(tree)
    for heading in tree.xpath("//h2 | //h3 | //h4 | //strong"):
        if _RELATED_HEADING.match(heading.text_content() or "") and heading.getparent() is not None:
            boxes.append(heading.getparent())
    found: list[str] = []
    for box in boxes:
        for item in box.xpath(".//a | .//li[not(.//a)]"):
            text = _collapse(item.text_content())
            if text and text not in found:
                found.append(text)
    return found


_KICKER_CLASS_WORDS = frozenset(KICKER_CLASS_WORDS)
# Text for screen readers only (`span.visually-hidden`, `o-VisuallyHidden`, `sr-only`): a page that
# sets a kicker apart by layout puts the `: ` a reader would hear between kicker and headline there.
_HIDDEN_CLASS = re.compile(r"visually-?hidden|sr-only|screen-?reader", re.IGNORECASE)
_KICKER_SEPARATOR = re.compile(r"^\s*[:|–—-]\s*$")


def _is_kicker(element: Any) -> bool:
    """Whether an element inside a headline is its kicker by class (`article-heading__kicker`)."""
    names = (element.get("class") or "").split()
    return any(_last_word(name) in _KICKER_CLASS_WORDS for name in names)


def _headline_text(heading: Any) -> str:
    """A headline's text without the kicker printed inside it (`<span class="kicker">Zugverkehr</span>
    <span class="visually-hidden">: </span>Im ICE ...` -> `Im ICE ...`).

    A kicker is an element whose class says so, or what stands before a separator (`:`) written
    for screen readers only. When nothing would be left, the whole text is the headline.
    """
    texts = heading.xpath(".//text()")
    kept: list[str] = []
    for piece in texts:
        owner = piece.getparent() if piece.is_text else piece.getparent().getparent()
        if owner is None or not isinstance(owner.tag, str) or owner.tag in ("script", "style"):
            continue
        chain = [owner, *(a for a in owner.iterancestors() if heading in a.iterancestors())]
        if owner is not heading and any(_is_kicker(e) for e in chain if e is not heading):
            continue
        hidden = [e for e in chain if e is not heading and _HIDDEN_CLASS.search(e.get("class") or "")]
        if hidden and piece.is_text and _KICKER_SEPARATOR.match(piece):
            kept = []  # a separator for screen readers: what came before was the kicker
            continue
        kept.append(piece)
    text = _collapse("".join(kept)).lstrip(":|–—- ")
    return text or _collapse(heading.text_content())


def _visible_headline(tree: Any) -> str | None:
    """The article's own `<h1>` as readers see it, without a kicker printed inside it; `og:title` and
    JSON-LD often carry a section prefix or a headline written for search engines instead."""
    for path in ("//article//h1", "//main//h1", "//h1"):
        for h1 in tree.xpath(path):
            if h1.xpath(
                "ancestor::nav or ancestor::aside or ancestor::footer or ancestor::header[not(ancestor::article)]"
            ):
                continue
            text = _headline_text(h1)
            if text:
                return text
    # The headline in a page-level <header> of its own (the article's header block, not the site's
    # masthead): a header without navigation whose h1 is not the site's name.
    title = _collapse(tree.findtext(".//title") or "")
    site = {re.sub(r"\W", "", n.casefold()) for n in re.split(r"\s+[|–—:-]\s+", title)[1:]}
    site |= {
        re.sub(r"\W", "", (n or "").casefold()) for n in (_meta(tree, "og:site_name", "application-name"),)
    }
    for h1 in tree.xpath("//header[not(.//nav) and not(.//*[@role='navigation'])]//h1"):
        if h1.xpath("ancestor::nav or ancestor::aside or ancestor::footer"):
            continue
        text = _headline_text(h1)
        if len(text.split()) >= 3 and re.sub(r"\W", "", text.casefold()) not in site:
            return text
    return None


# Class names that name the byline element in the BEM and utility styles sites use
# (`c-article__author`, `article-heading-v2__contributors`, `author-name`): the last part of a class
# token says what the element is, so `c-article__author-avatar` or `author-info-date` are not bylines.
_BYLINE_TOKEN = re.compile(r"(?:^|[-_])(?:byline|author|authors|author-name|contributors?)$", re.IGNORECASE)
# A reader comment's container (`c-comment__header`, `comment-author`, `comments`): its author is no byline.
_COMMENT_TOKEN = re.compile(r"(?:^|[-_])comments?(?:$|[-_](?!open|closed|count))", re.IGNORECASE)
_OTHER_ITEM_TOKEN = re.compile(
    r"(?:^|[-_])(?:img|image|photo|picture|caption|gallery|slides?|slideshow|carousel|teasers?)(?:$|[-_])",
    re.IGNORECASE,
)
# A byline written as a labelled field: `<li><strong>Author</strong> Julian Tompkin</li>`.
_AUTHOR_LABEL = re.compile(rf"^(?:{alternation(AUTHOR_LABELS)})\s*:?$", re.IGNORECASE)
# ... and a date printed the same way: `<strong>Date</strong> 10.06.2013`, `<dt>Publisert</dt>`.
_DATE_LABEL = re.compile(rf"^(?:{alternation(DATE_LABELS)})\s*:?$", re.IGNORECASE)


_BYLINE_MAX_WORDS = 16
_BOX_TAGS = frozenset({"div", "p", "section", "address", "li", "ul", "dl", "header", "footer"})
_SENTENCE_INSIDE = re.compile(r"[a-zäöüåæø]{2}\.\s+[A-ZÄÖÜÅÆØ]")


def _is_byline_element(element: Any) -> bool:
    """Whether an element holds the byline by its class, rel or itemprop (not a comment's author)."""
    if not isinstance(element.tag, str):
        return False
    tokens = (element.get("class") or "").split()
    named = element.get("rel") == "author" or (
        element.get("itemprop") == "author" and not element.xpath("ancestor::*[@itemprop = 'author']")
    )
    if not named and not any(_BYLINE_TOKEN.search(token) for token in tokens):
        # The last word of a class token or id in the page's language, camelCase split too
        # (`dig-autoren`, `pnlByline`): the same rule in the words of vocabulary.py.
        names = [*tokens, element.get("id") or ""]
        if not any(_last_word(name) in _AUTHOR_CLASS_WORDS for name in names):
            return False
    return not _elsewhere(element)


_AUTHOR_CLASS_WORDS = frozenset(AUTHOR_CLASS_WORDS)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _last_word(name: str) -> str:
    """The last word of a class token or id (`dig-autoren` -> autoren, `pnlByline` -> byline)."""
    words = [w for w in re.split(r"[\W_\d]+", _CAMEL.sub("-", name)) if w]
    return words[-1].casefold() if words else ""


def _elsewhere(element: Any) -> bool:
    """Whether an element stands in a reader comment, a photo's container (its `__author` is the
    photographer) or a slideshow/teaser (another item's author)."""
    if element.xpath("ancestor-or-self::figure"):
        return True
    return any(
        _COMMENT_TOKEN.search(token) or _OTHER_ITEM_TOKEN.search(token)
        for node in (element, *element.iterancestors())
        for token in (node.get("class") or "").split()
    )


def _labelled_field(tree: Any, label_pattern: re.Pattern[str], *, digits: bool = False) -> str | None:
    """The value after a label that stands in an element of its own (`<strong>Author</strong> Julian
    Tompkin`, `<dt>Dato</dt><dd>10.06.2013</dd>`), outside photos, slideshows and comments."""
    for label in tree.xpath("//strong | //b | //dt | //th | //span"):
        if not label_pattern.match(_collapse(label.text_content())) or _elsewhere(label):
            continue
        parent = label.getparent()
        if parent is None:
            continue
        if label.tag == "dt" or label.tag == "th":
            following = label.getnext()
            rest = _collapse(following.text_content()) if following is not None else ""
        else:
            rest = _collapse(parent.text_content())[len(_collapse(label.text_content())) :].strip(" :")
        if rest and len(rest) <= (40 if digits else 100) and (not digits or re.search(r"\d", rest)):
            return rest
    return None


# An author's social handle beside the name (`Jon Porter@JonPorty`, glued when the link is a sibling
# element); an e-mail address (`kari@nrk.no`) is left alone.
_SOCIAL_HANDLE = re.compile(r"\s*@\w{1,30}\b(?![.@-])")
# ... and the address itself is contact furniture, not a name (an author box's `lauri.nurmi@iltalehti.fi`,
# which would also make the byline look like the site's own name).
_EMAIL = re.compile(rf"(?:\s*[,|·•–-])?\s*(?:mailto:)?{EMAIL_ADDRESS}")


def _byline_line(tree: Any) -> str | None:
    """The page's byline as written (`Av Ingrid Solheim`), which trafilatura drops from the text.

    A page that gives each author an element of their own has all of them, in page order; a line
    printed as `By X` in an element of its own counts as such an element (`<div>By Leigh Ann
    Caldwell</div>`, `<strong>Von Markus Balser, Berlin</strong>`).
    """
    found: list[str] = []
    taken: list[Any] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or not (
            _is_byline_element(element) or _is_printed_byline(element)
        ):
            continue
        if any(element in t.iterdescendants() for t in taken):
            continue  # inside a byline already read
        if any(
            d.tag in _BOX_TAGS and (_is_byline_element(d) or _is_printed_byline(d))
            for d in element.iterdescendants()
        ):
            continue  # a box around the byline's own block (with the stamp, a contact line): that is read
        text = _byline_text(element)
        if len(text.split()) > _BYLINE_MAX_WORDS or _SENTENCE_INSIDE.search(text) or _PROSE.search(text):
            continue  # an author's bio box (`Benjamin Fischer Redakteur in der Wirtschaft. F.A.Z.`)
        if text and not any(text in f for f in found):
            found = [f for f in found if f not in text]  # a container read after its parts
            found.append(text)
            taken.append(element)
    return ", ".join(found) or _labelled_field(tree, _AUTHOR_LABEL)


# Three words in lower case in a row are prose (`CNN's X and Y contributed to this report`), never names.
_PROSE = re.compile(r"(?:(?<!\S)[a-zäöüåæøß][\w’'-]*\s+){2}[a-zäöüåæøß][\w’'-]*(?!\S)")
_PRINTED_BYLINE = re.compile(rf"^(?:{alternation(w.capitalize() for w in BY_WORDS)})\s*:?\s+(?P<names>\S.*)$")
_PRINTED_BYLINE_START = re.compile(rf"^\s*(?:{alternation(w.capitalize() for w in BY_WORDS)})\b")
_NAME_LINKS = frozenset(w.casefold() for w in (*NAME_JOINERS, *NAME_PARTICLES))
_PRINTED_MAX_WORDS = 12


def _is_printed_byline(element: Any) -> bool:
    """Whether an element holds nothing but a printed `By`-line: `By`/`Av`/`Von` and capitalised names
    (`og`/`und` and particles between), a place after a comma at most; not in a photo, teaser, comment
    or link to another item."""
    if element.tag not in ("p", "div", "span", "strong", "b", "em", "address") or len(element) > 4:
        return False
    if not _PRINTED_BYLINE_START.match(element.text or ""):
        return False  # most elements: no text of their own opening with `By` (a cheap test first)
    text = _collapse(element.text_content())
    match = _PRINTED_BYLINE.match(text)
    if not match or len(text.split()) > _PRINTED_MAX_WORDS:
        return False
    words = match["names"].replace(",", " ").split()
    capitals = [w for w in words if w.casefold() not in _NAME_LINKS]
    if len(capitals) < 2 or not all(w[0].isupper() for w in capitals):
        return False
    return not element.xpath("ancestor::a") and not _elsewhere(element)


def _byline_text(element: Any) -> str:
    """A byline element's text; where the page marks up each person's name (`itemprop="name"`,
    `rel="author"`), those names first, each apart, then what else it printed: a job title glued to
    a name (`Richard Adams Education editor`) becomes a part of its own (`Richard Adams, Education
    editor`), which the structure step knows for a title."""
    names = [
        _collapse(n.text_content())
        for n in element.xpath(".//*[@itemprop='name'] | .//*[@rel='author' and not(.//*[@itemprop='name'])]")
    ]
    names = [n for n in dict.fromkeys(names) if n]
    text = _collapse(_SOCIAL_HANDLE.sub(" ", _EMAIL.sub(" ", _spaced_text(element))))
    if not names:
        return text
    head, _, tail = text.partition(names[0])
    prefix = head.strip(" ,")  # `By`, `Eine Analyse von`: printed before the first name
    for name in names[1:]:
        tail = tail.replace(name, ",", 1)
    # What else it printed after the names (a title, an agency), without the words that joined them.
    rest = [p.strip() for p in tail.split(",") if p.strip() and p.strip().casefold() not in _NAME_LINKS]
    return ", ".join([f"{prefix} {names[0]}".strip(), *names[1:], *rest])


def _names_outlet(name: str, outlet_names: Iterable[str]) -> bool:
    """Whether an 'author' is the site itself (`National Geographic` on a site of that name, `Deutsche
    Welle (www.dw.com)` on dw.com): a site credits itself when no person is named."""
    name = _PRINTED_BYLINE_START.sub("", name).strip() or name  # `By Wikimedia Foundation`: the site
    key = re.sub(r"\W", "", name.casefold())
    for outlet in outlet_names:
        if "." in outlet and re.search(
            rf"(?:^|[^\w.]|\bwww\.){re.escape(outlet.casefold())}\b", name.casefold()
        ):
            return True  # the host written into the name
        other = re.sub(r"\W", "", outlet.casefold())
        if other and key == other:
            return True
    # The company behind the site with its address: `Süddeutsche.de GmbH, Munich, Germany`,
    # `SPIEGEL ONLINE, Hamburg, Germany` (one-word places only: `CNN, Tom Watkins` names a person).
    first, *places = (part.strip() for part in re.split(r"[,;]", name))
    head = _COMPANY_FORM.sub("", first)
    if (places or head != first) and all(len(p.split()) == 1 for p in places) and head != name:
        return _names_outlet(head, outlet_names)
    return False


_COMPANY_FORM = re.compile(
    r"\s+(?:GmbH|AG|ASA|AS|A/S|AB|Oyj|Oy|Ltd\.?|Limited|Inc\.?|LLC|SE|S\.A\.)$", re.IGNORECASE
)


def _without_outlet_tag(author: str | None, outlet_names: Iterable[str]) -> str | None:
    """A byline without the site's own name tagged on at the end (`Dana Ford, Tom Watkins, CNN` on
    cnn.com): the outlet is where the article is, not who wrote it. An agency stays (`..., NTB`)."""
    if not author:
        return author
    parts = re.split(r"\s*[,;]\s*(?:and\s+|og\s+|och\s+)?", author)
    if len(parts) > 1 and _names_outlet(parts[-1], outlet_names) and len(parts[-1]) <= 40:
        head = author[: author.rfind(parts[-1])].rstrip(" ,;")
        return head or author
    return author


def _outlet_names(tree: Any, article: dict[str, Any], url: str | None) -> list[str]:
    """The names a page calls its own site by: `og:site_name`, the JSON-LD publisher, the host and
    its first label (`dw.com`, `nationalgeographic`)."""
    names = [n for n in (_meta(tree, "og:site_name", "application-name"), _publisher(article)) if n]
    host = re.sub(r"^www\.", "", urlsplit(url).hostname or "") if url else ""
    if host:
        names += [host, host.split(".")[0]]
    return names


def _drop_chrome(tree: Any) -> None:
    """Drops navigation, page-level headers, footers and asides, but never one that holds most of the
    page's paragraph text: a page whose `<header>` is left open (or wraps the story) holds the
    article in it, and dropping it left only the masthead (meedia.de)."""
    total = sum(len(p.text_content()) for p in tree.iter("p"))
    for chrome in tree.xpath(_CHROME):
        if chrome.getparent() is None:
            continue  # inside chrome dropped already
        inside = sum(len(p.text_content()) for p in chrome.iter("p"))
        if total and inside * 2 > total:
            continue
        chrome.drop_tree()


def _most_text(element: Any, total: int) -> bool:
    """Whether an element holds more than half of the page's paragraph text (`total`)."""
    return bool(total) and sum(len(p.text_content()) for p in element.iter("p")) * 2 > total


# An element that belongs to another item on the page: a sidebar, teaser, related box or widget.
_OTHER_ITEM = (
    "ancestor-or-self::aside or ancestor-or-self::nav or ancestor-or-self::footer"
    " or ancestor-or-self::*[contains(@class, 'teaser') or contains(@class, 'related')"
    " or contains(@class, 'sidebar') or contains(@class, 'widget')]"
)
_OTHER_ITEM_BOXES = (
    "ancestor-or-self::aside | ancestor-or-self::nav | ancestor-or-self::footer"
    " | ancestor-or-self::*[contains(@class, 'teaser') or contains(@class, 'related')"
    " or contains(@class, 'sidebar') or contains(@class, 'widget')]"
)
# A printed stamp: a year and a clock time (`02. januar 2020 kl. 10:21`; `18.12` of a date is no clock).
_STAMP_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_STAMP_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d.:])")
_STAMP_MAX_CHARS = 80
# A section name printed before the stamp (`Erhverv - 02. januar 2020 kl. 10:21`, `Sport | 12.03.2024`).
_STAMP_KICKER = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?\s+[-–—|•·]\s+(?=\d)")


def _visible_stamp(tree: Any, total: int) -> str | None:
    """The publication stamp the page prints under its headline (`Erhverv - 02. januar 2020 kl.
    10:21` on sn.dk, whose meta gives only the day), without a section name before it: the first
    element named as a date or time (`created_at`, `article-date`, `<time>`) that prints a year and
    a clock time, outside sidebars, teasers and related boxes (an `<aside>` that holds most of the
    page's text, `total`, is the article itself), and not labelled as the update."""
    named = (
        "contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
        " or contains(@class, 'created')"
    )

    def stamp_of(element: Any) -> str | None:
        text = _collapse(element.text_content())
        if len(text) <= _STAMP_MAX_CHARS and _STAMP_YEAR.search(text) and _STAMP_CLOCK.search(text):
            return _STAMP_KICKER.sub("", text)
        return None

    for element in tree.xpath(f"//*[{named}] | //time"):
        if _other_item(element, total) or _names_update(element) or _in_comments(element):
            continue
        if stamp_of(element) is None:
            continue
        # The stamp's own element, not a container that holds the byline too (`created_and_author`).
        inner = [stamp_of(e) for e in element.xpath(f".//*[{named}] | .//time") if not _names_update(e)]
        return next((text for text in inner if text), stamp_of(element))
    return None


def _other_item(element: Any, total: int) -> bool:
    """Whether an element stands in another item's box (`_OTHER_ITEM`); a box that holds most of the
    page's paragraph text (`total`) is the article, whatever its tag (`<aside class="...-content">`)."""
    boxes = element.xpath(_OTHER_ITEM_BOXES)
    return any(not _most_text(box, total) for box in boxes)


def _is_date_only(value: str | None) -> bool:
    """Whether a machine date gives only the day (`2020-01-02`, no time of day)."""
    return bool(value) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value or "") is not None


_EMBEDDED_POST = "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'twitter-video')]"


def _flatten_embedded_posts(tree: Any) -> None:
    """Turns each embedded tweet (`blockquote.twitter-tweet`) into one paragraph of its text, `TEXT
    pic.twitter.com/x — Name (@handle) July 3, 2019`, which the structure step reads as an embed; split
    into its lines, the tweet's text and signature would be read as body paragraphs."""
    for quote in tree.xpath(_EMBEDDED_POST):
        text = _spaced_text(quote)
        if not text or quote.getparent() is None:
            continue
        paragraph = lxml.html.Element("p")
        paragraph.text = text
        paragraph.tail = quote.tail
        quote.getparent().replace(quote, paragraph)


_RUNNING_TEXT_BLOCKS = ("div", "figure", "section", "aside", "p", "table", "center")


def _break_at_emptied_blocks(tree: Any) -> None:
    """Puts a `<br>` where a block without text (a picture's box, its caption read and dropped above)
    stands between two runs of text in one element: sott.net writes its paragraphs as text between
    `<br>`s and picture boxes, and trafilatura, dropping the empty box, ran the text on either side
    into one paragraph."""
    for block in list(tree.iter(*_RUNNING_TEXT_BLOCKS)):
        parent = block.getparent()
        if parent is None or not (block.tail or "").strip() or _collapse(block.text_content()):
            continue
        previous = block.getprevious()
        before = (previous.tail if previous is not None else parent.text) or ""
        if not before.strip():
            continue  # nothing runs into the text after it
        br = lxml.html.Element("br")
        br.tail = block.tail
        parent.replace(block, br)


def _class_words(element: Any) -> list[str]:
    """An element's class tokens, lower-cased, each with its last BEM/utility part and its last
    hyphenated word (`c-article__lede` -> `c-article__lede`, `lede`; `atc-IntroText` -> `introtext`)."""
    words: list[str] = []
    for token in (element.get("class") or "").casefold().split():
        words += [token, re.split(r"__|--", token)[-1], token.rsplit("-", 1)[-1]]
    return words


_STANDFIRST_WORDS = frozenset(word.casefold() for word in STANDFIRST_CLASS_WORDS)
_PAYWALL_WORDS = tuple(word.casefold() for word in PAYWALL_CLASS_WORDS)
_STANDFIRST_MAX_CHARS = 600
_NOT_IN_STANDFIRST = ".//h1 | .//img | .//picture | .//figure | .//figcaption"
_COMMENT_HEADING = re.compile(rf"^(?:{alternation(COMMENT_HEADINGS)})\s*:?$", re.IGNORECASE)


def _standfirst(tree: Any, total: int) -> Any | None:
    """The element that holds the article's standfirst, set apart from the body by its class
    (`div.manchet`, `p.ingress`, `c-article__lede`): short, outside teasers and related boxes, the
    innermost such element and text only."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        if not _STANDFIRST_WORDS.intersection(_class_words(element)) or element.xpath(_OTHER_ITEM):
            continue
        if any(
            isinstance(d.tag, str) and _STANDFIRST_WORDS.intersection(_class_words(d))
            for d in element.iterdescendants()
        ):
            continue  # a box around the standfirst's own element (faz.net's `div.atc-Intro` with a picture)
        text = _collapse(element.text_content())
        if text and len(text) <= _STANDFIRST_MAX_CHARS and not element.xpath(_NOT_IN_STANDFIRST):
            return None if _most_text(element, total) else element
    return _header_standfirst(tree, total)


_STANDFIRST_MIN_WORDS = 8


def _header_standfirst(tree: Any, total: int) -> Any | None:
    """A paragraph in the article's own `<header>`, beside its headline (vancouversun.com's summary in
    `header.entry-header`): the page sets it apart from the body. Not a byline or a stamp."""
    for paragraph in tree.xpath("//article//header[.//h1]//p"):
        if paragraph.xpath(".//time | .//a | " + _NOT_IN_STANDFIRST) or paragraph.xpath(_OTHER_ITEM):
            continue
        if any(
            _is_byline_element(e) or _is_printed_byline(e) for e in (paragraph, *paragraph.iterancestors())
        ):
            continue
        text = _collapse(paragraph.text_content())
        if len(text.split()) >= _STANDFIRST_MIN_WORDS and len(text) <= _STANDFIRST_MAX_CHARS:
            return None if _most_text(paragraph, total) else paragraph
    return None


def _closing_boxes(tree: Any, total: int) -> list[Any]:
    """Boxes that close an article but are no part of it: a paywall box standing where the rest of
    the text would be (`div.article-lockedBox`: prices, "log in to read on"; paragraphs so marked
    are the gated text itself when together they hold most of the page's text) and the comment
    section under its heading (`Kommentarer` and the site's debate rules)."""
    boxes: list[Any] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
            continue
        if any(w in token for token in _class_words(element) for w in _PAYWALL_WORDS):
            boxes.append(element)
    # The gated text itself: a page that sends the whole article and hides it from non-subscribers
    # marks each paragraph (wired.com's `p.paywall` after the first), none holding much alone.
    gated = [box for box in boxes if box.tag == "p"]
    if total and sum(len(p.text_content()) for p in gated) * 2 > total:
        boxes = [box for box in boxes if box.tag != "p"]
    for heading in tree.xpath("//h2 | //h3 | //h4 | //h5 | //h6 | //p | //strong"):
        if _COMMENT_HEADING.match(_collapse(heading.text_content())):
            box = heading.getparent()
            if box is not None and box.tag not in ("html", "body", "article", "main"):
                first = next((t for t in _paragraphs(box) if t), "")
                if _COMMENT_HEADING.match(first):
                    boxes.append(box)
    return [box for box in boxes if not _most_text(box, total)]


def extract_page(html: str) -> dict[str, Any]:
    """Returns the main text and metadata of an HTML article page.

    Keys: text (paragraphs separated by a blank line; navigation, footer, comments and captions
    excluded), title, url (canonical), author, published_text, updated_text (as written, from
    `article:*_time` meta, JSON-LD `datePublished`/`dateModified`, `<time datetime>` (one labelled
    `Oppdatert`/`Aktualisiert am` is the update), else the analytics data layer), lang (`<html
    lang>` as written), captions (list of `Caption`), related (headlines of related-article boxes,
    which are site chrome for the text but information for the table), warnings (list of str) and
    outlet (the site's name: `og:site_name`, else the JSON-LD publisher).
    `author` is the page's byline line as written when it has one, else the JSON-LD or meta author.
    `stamps` holds the publication stamp the page prints (`02. januar 2020 kl. 10:21`) when its
    machine time gives only the day, is missing or equals the modification, for the timestamp step
    to read in the outlet's zone, and the printed update with its label (`updated December 27, 2014
    at 12:10 PM`) beside its machine moment when the publication states no zone; `standfirst` the paragraphs of the lede the page sets apart from its body (`div.manchet`),
    which are kept out of `text` (so are paywall boxes and the comment section's rules).

    Raises:
        ValueError: the input cannot be parsed as HTML at all.
        ExtractorMissing: trafilatura (or a package it needs) cannot be imported.
    """
    trafilatura = _trafilatura()
    if not html.strip():
        raise ValueError("empty HTML")
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        tree = lxml.html.document_fromstring(html)
    except lxml.etree.ParserError as error:
        raise ValueError(f"not parseable as HTML: {error}") from error
    warnings: list[str] = []
    article = _json_ld_article(tree)
    data_layer = _data_layer(tree)
    published = {
        "meta": _meta(
            tree,
            "article:published_time",
            "og:article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            *_PUBLISHED_META,
        ),
        "json-ld": _first(article.get("datePublished")),
        "time": _time_datetime(tree, updated=False),
        "label": _labelled_field(tree, _DATE_LABEL, digits=True),
        "data-layer": _data_layer_time(data_layer, _DATA_LAYER_PUBLISHED),
    }
    updated = {
        "meta": _meta(
            tree,
            "article:modified_time",
            "og:article:modified_time",
            "og:updated_time",
            "dateModified",
            "lastmod",
            *_MODIFIED_META,
        ),
        "json-ld": _first(article.get("dateModified")),
        "time": _time_datetime(tree, updated=True),
        "data-layer": _data_layer_time(data_layer, _DATA_LAYER_MODIFIED),
    }
    for label, stamps in (("published", published), ("updated", updated)):
        if stamps["meta"] and stamps["json-ld"] and stamps["meta"] != stamps["json-ld"]:
            kept = "meta" if _prefer_offset(stamps) == stamps["meta"] else "JSON-LD"
            warnings.append(
                f"{label} differs: meta {stamps['meta']!r}, JSON-LD {stamps['json-ld']!r}; {kept} kept"
            )
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    caption_elements = _caption_elements(tree)
    captions = _captions(caption_elements)
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    related = _related_links(tree)
    byline = _byline_line(tree)
    headline = _visible_headline(tree)
    # The printed stamp counts where the machine time gives only the day, or none (sn.dk), and where
    # the metadata's publication is its modification (the same moment in both): a CMS that rewrites
    # `published_time` on every edit. The timestamp step takes the earlier as the publication.
    machine_published = _prefer_offset(published)
    machine_updated = _prefer_offset(updated)
    total = sum(len(p.text_content()) for p in tree.iter("p"))
    printed = (
        not machine_published or _is_date_only(machine_published) or machine_published == machine_updated
    )
    # The unlabelled box under the headline (`Max Blumenthal<br>The Grayzone<br>Thu, 14 May 2020 17:55
    # UTC`): its stamp where no element is named as one, its name where nothing else names a writer.
    headline_box = header_box(tree)
    stamp = (_visible_stamp(tree, total) or headline_box.stamp) if printed else None
    # A publication written without its zone (`article_date_original` as printed) is read in the zone
    # the page prints in, which its update stamp shows beside the same moment with an offset.
    zone_evidence = (
        _printed_with_offset(tree) if machine_published and not _OFFSET.search(machine_published) else None
    )
    standfirst_element = _standfirst(tree, total)
    standfirst = _paragraphs(standfirst_element) if standfirst_element is not None else []
    closing = _closing_boxes(tree, total)

    # trafilatura removes <time> with its text ("Publisert <time>11. mars</time>" would lose the date);
    # unwrap it so the words stay. Figures go too: their captions are returned structurally above.
    lxml.etree.strip_tags(tree, "time")
    for figure in tree.xpath("//figure"):
        figure.drop_tree()
    for element in caption_elements:
        if element.getparent() is not None and not element.xpath("ancestor::figure"):
            element.drop_tree()  # a caption outside a figure (figures went above), read above
    _flatten_embedded_posts(tree)
    _break_at_emptied_blocks(tree)
    # Site chrome: trafilatura's fallback for short pages keeps the whole body, menus included.
    _drop_chrome(tree)
    # Links to other articles are no part of this one (their headlines are kept in `related`); the
    # standfirst is returned apart, paywall and comment boxes are no part of the article.
    for box in (*_recirculation(tree), *closing, *([standfirst_element] if standfirst else [])):
        if box.getparent() is not None:
            box.drop_tree()
    extracted = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_images=False, include_tables=True
    )
    metadata: dict[str, Any] = {}
    if extracted is not None:
        metadata = extracted if isinstance(extracted, dict) else extracted.as_dict()
    url = _first(canonical[0] if canonical else None, article.get("url"), metadata.get("url"))
    outlets = _outlet_names(tree, article, url)
    # trafilatura tidies the meta author (`Deutsche Welle (www.dw.com)` -> `Deutsche Welle`): judge it
    # by the meta tag it came from.
    meta_author = _meta(tree, "author")
    tidied = metadata.get("author")
    if tidied and meta_author and tidied in meta_author and _names_outlet(meta_author, outlets):
        tidied = None
    authors = [a for a in (_first(byline), _first(_author(article)), _first(tidied), headline_box.name) if a]
    lines = (metadata.get("text") or "").split("\n")
    text = "\n\n".join(line.strip() for line in lines if line.strip())
    return {
        "text": text,
        "title": _first(headline, _without_kicker(metadata.get("title"), article), article.get("headline")),
        "url": url,
        "author": _without_outlet_tag(
            _first(*(a for a in authors if not _names_outlet(a, outlets))), outlets
        ),
        "related": related,
        "published_text": machine_published,
        "stamps": [s for s in (stamp, zone_evidence) if s],
        "standfirst": standfirst,
        "updated_text": machine_updated,
        "lang": lang.strip() if lang and lang.strip() else None,
        "captions": captions,
        "warnings": warnings,
        "outlet": _first(
            _meta(tree, "og:site_name", "application-name"), _publisher(article), metadata.get("sitename")
        ),
    }


_KICKER_PREFIX_MAX_WORDS = 5


def _without_kicker(title: str | None, article: dict[str, Any]) -> str | None:
    """A metadata title without the kicker it carries (`og:title` `Nutzerbasierte Abrechnung:
    Musik-Stars fordern ...`) when the JSON-LD headline is the rest (`Musik-Stars fordern ...`)."""
    headline = _first(article.get("headline"))
    if not title or not headline or title == headline or not title.endswith(headline):
        return title
    prefix = title[: -len(headline)].rstrip()
    if prefix.endswith((":", "|")) and 0 < len(prefix[:-1].split()) <= _KICKER_PREFIX_MAX_WORDS:
        return headline
    return title


def _publisher(article: dict[str, Any]) -> str | None:
    """The JSON-LD publisher's name (`{"@type": "Organization", "name": "NRK"}`)."""
    publisher = article.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        return _first(publisher.get("name"))
    return _first(publisher) if isinstance(publisher, str) else None
