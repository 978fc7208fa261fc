"""Labelling aid: prints a page's metadata and its visible text blocks, numbered, for a person to read.

    .venv/bin/python bench/reading/dump_page.py bench/reading/pages/en_x.html

Nothing here guesses what the article is: it lists every <meta> with a name or property, every JSON-LD
block, the <title>, and then each block element's text (headings, paragraphs, list items, captions,
quotes, <time>) in page order with its tag and the classes of its nearest ancestors, so the person
writing `<stem>.expected.json` can read the page as a reader sees it and copy its wording exactly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import html

_HINT = re.compile(r"byline|author|date|time|credit|caption|dateline", re.I)
_BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "figcaption", "blockquote", "time", "caption", "dd", "dt"}


def _where(element) -> str:
    """Tag plus the classes of up to three ancestors: enough to tell a sidebar from the article."""
    parts = []
    node = element.getparent()
    while node is not None and len(parts) < 3:
        cls = (node.get("class") or "").split()
        if cls or node.tag in {"article", "aside", "footer", "header", "nav", "figure"}:
            parts.append(node.tag + ("." + ".".join(cls[:2]) if cls else ""))
        node = node.getparent()
    return element.tag + " < " + " < ".join(parts)


def main(path: str) -> None:
    tree = html.fromstring(Path(path).read_bytes())
    for bad in tree.xpath("//script[not(@type='application/ld+json')]|//style|//noscript"):
        bad.drop_tree()
    print("TITLE:", " ".join((tree.findtext(".//title") or "").split()))
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key:
            print(f"META {key} = {(meta.get('content') or '')[:300]}")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        print("JSONLD", re.sub(r"\s+", " ", script.text_content())[:3000])
    for number, (where, text) in enumerate(blocks(tree)):
        print(f"{number:3d} [{where}] {text}")


def blocks(tree) -> list[tuple[str, str]]:
    """(where, text) of every block element, and of any element whose class names a byline, date or
    credit, in page order."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        hint = _HINT.search(" ".join(element.get(a) or "" for a in ("class", "itemprop", "rel")))
        if element.tag not in _BLOCKS and not (hint and element.tag in {"span", "div", "a", "address"}):
            continue
        text = " ".join(element.text_content().split())
        extra = f"datetime={element.get('datetime')} " if element.tag == "time" else ""
        if (text or extra) and len(text) < 2000:
            found.append((_where(element), extra + text))
    return found


if __name__ == "__main__":
    main(sys.argv[1])
