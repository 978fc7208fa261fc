"""HTML element -> paragraphs of text, the one walk every HTML reader uses (pages, captions, feeds)."""

from __future__ import annotations

import re
from typing import Any

# Elements that end a paragraph: their text is never run into the text around them.
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot"),
        *("th", "thead", "tr", "ul"),
    }
)
# Elements whose content is never readable text.
_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def collapse(text: str) -> str:
    """Collapses runs of whitespace (incl. no-break spaces) within one paragraph to one space."""
    return _SPACE.sub(" ", text).strip()


def spaced_text(element: Any) -> str:
    """An element's text on one line, its blocks apart (`<div>Lauri Nurmi</div><div>lauri.nurmi@...`
    reads `Lauri Nurmi lauri.nurmi@...`, where `text_content()` runs them together)."""
    return collapse(" ".join(paragraphs(element, bullets=False)))


def paragraphs(element: Any, *, bullets: bool = True) -> list[str]:
    """Walks an element and returns its paragraphs, a `<br>` kept as a line break inside one, a list
    item opening with `- ` unless `bullets` is False."""
    found: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines = [collapse(line) for line in "".join(current).split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            found.append(paragraph)
        current.clear()

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None or tag in _DROPPED_TAGS:
            pass  # comments, processing instructions, scripts: only their tail is text
        elif tag == "br":
            current.append("\n")
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            if tag == "li" and bullets:
                current.append("- ")
            current.append(node.text or "")
            for child in node:
                walk(child)
            if block:
                flush()
        if node.tail and node is not element:  # the text after the element is not its own
            current.append(node.tail)

    walk(element)
    flush()
    return found
