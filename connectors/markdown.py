"""Markdown article files -> a title and plain text the structure step reads like any text file.

The first `# Heading` (or a Setext heading underlined with `===`) is the title; `##` and deeper
headings stay as lines of their own, which the structure step reads as sub-headings; emphasis,
inline code, links (their text is kept), images (their alt text becomes a caption line), block
quotes and HTML comments lose their markup, list items get a typographic bullet (`•`); horizontal rules and fenced code
markers go. Only the common CommonMark constructs an article uses: no Markdown library is needed
for that, and the text is never rendered to HTML and back.
"""

from __future__ import annotations

import re

MARKDOWN_EXTENSIONS = (".md", ".markdown")

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_BULLET = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def inline(text: str) -> str:
    """A line without inline markup: links keep their text, emphasis and code their words."""
    text = _LINK.sub(r"\1", _REF_LINK.sub(r"\1", _AUTOLINK.sub(r"\1", text)))
    text = _CODE.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis (`**a *b* c**`), a few levels at most
        previous = text
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    return text.replace("\\", "") if "\\" in text and re.search(r"\\[\\`*_{}\[\]()#+\-.!]", text) else text


def read_markdown(text: str) -> tuple[str | None, str]:
    """(title, plain text) of a Markdown article; the title is None when it has no top heading."""
    title: str | None = None
    out: list[str] = []
    lines = _COMMENT.sub("", text).split("\n")
    for n, line in enumerate(lines):
        if _FENCE.match(line) or _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        setext = _SETEXT.match(line)
        if setext and out and out[-1].strip() and (n == 0 or lines[n - 1].strip()):
            heading = out.pop().strip()
            if setext.group(1)[0] == "=" and title is None and not any(o.strip() for o in out):
                title = heading
                out.append("")
            else:
                out += ["", heading, ""]
            continue
        atx = _ATX.match(line)
        if atx:
            heading = inline(atx.group(2)).strip()
            if len(atx.group(1)) == 1 and title is None and not any(o.strip() for o in out):
                title = heading
                out.append("")
            elif heading:
                out += ["", heading, ""]  # a heading is a paragraph of its own
            continue
        line = _QUOTE.sub("", line)
        images = [alt.strip() for alt in _IMAGE.findall(line) if alt.strip()]
        # A list item keeps a typographic bullet: the structure step reads it as a list line, not a heading.
        line = _BULLET.sub("• ", _IMAGE.sub("", line))
        out.append(inline(line).rstrip())
        out += ["", *images, ""] if images else []
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return title, body
