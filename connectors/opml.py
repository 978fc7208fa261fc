"""Lists of feeds -> their URLs: OPML files (what every feed reader exports) and plain URL lists.

OPML nests `<outline>` elements in folders to any depth; a feed is an outline with an `xmlUrl`
attribute. A plain list has one URL a line, blank lines and `#` comments allowed. Both are untrusted
bytes: OPML is decoded and defused like a feed (connectors/feed_bytes.py) and parsed without entity
expansion, DTDs or network access.
"""

from __future__ import annotations

import re

import lxml.etree

from connectors.feed_bytes import decode_feed, defuse

URL = re.compile(r"\Ahttps?://[^\s/?#]+[^\s]*\Z", re.IGNORECASE)
_TRAILING_COMMENT = re.compile(r"\s+#.*\Z")
# Whitespace is matched once between the prolog's items, never as an item of its own, and an item once
# matched is kept (an atomic group): `(?:\s+|<!--.*?-->|...)*` tries every way of cutting a run of
# blanks, or of joining comments, before it fails, and a page opening with a few dozen blank
# characters took minutes to be told from OPML.
_OPML_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?>(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<opml\b", re.DOTALL
)


def is_url(text: str) -> bool:
    """True for an http(s) URL with a host."""
    return URL.match(text.strip()) is not None


def sniff_opml(head: bytes) -> bool:
    """True when the first bytes of a file are an OPML document."""
    return _OPML_ROOT.match(head) is not None


def read_opml(data: bytes) -> tuple[list[str], list[str]]:
    """Returns the feed URLs of an OPML document (in document order, once each) and problems found.

    Problems are outlines whose `xmlUrl` is not an http(s) URL (a `file:` URL is never read).

    Raises:
        ValueError: the data is not a well-formed OPML document.
    """
    text, _warnings = decode_feed(data)
    text, _defused = defuse(re.sub(r"\A\s*<\?xml\b[^>]*?\?>", "", text, count=1))
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError as error:
        raise ValueError(f"not a well-formed OPML file: {error}") from error
    if not isinstance(root.tag, str) or lxml.etree.QName(root).localname.lower() != "opml":
        raise ValueError(f"not an OPML file: root element <{root.tag}>")
    urls: dict[str, None] = {}
    problems = []
    for outline in root.iter("{*}outline"):
        # Readers write xmlUrl; a few older exporters wrote it in lower case.
        value = outline.get("xmlUrl") or outline.get("xmlurl")
        if value is None:
            continue  # a folder, or a plain link outline
        value = value.strip()
        if is_url(value):
            urls.setdefault(value)
        else:
            problems.append(
                f"outline {outline.get('text') or outline.get('title') or ''!r}: xmlUrl {value!r} is not an http(s) URL"
            )
    return list(urls), problems


def read_url_list(text: str) -> tuple[list[str], list[str]]:
    """Returns the URLs of a plain list (one a line, `#` comments) and the lines that are not URLs."""
    urls: dict[str, None] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = _TRAILING_COMMENT.sub("", line.strip())
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            urls.setdefault(line)
        else:
            problems.append(f"line {number}: not an http(s) URL: {line[:100]!r}")
    return list(urls), problems


def looks_like_url_list(text: str) -> bool:
    """True when every non-blank, non-comment line is an http(s) URL, and there is at least one."""
    urls, problems = read_url_list(text)
    return bool(urls) and not problems
