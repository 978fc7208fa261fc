"""Words the readers look for that more than one of them needs: one table each, and the regex helper.

The HTML reader (`connectors/html.py`) and the text reader (`pipelines/structure`) both recognise
photo credits and related-article markers; their own copies had drifted apart (the HTML reader knew
`Bilde` and `Photograph`, the text reader `Kuvaaja` and `Picture`). Each now builds its regex from
these tables with `alternation`. Imports nothing of ours, so connectors and pipelines can both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The label of a photo credit at the end of a caption (`... Foto: NTB`), one language to a line.
CAPTION_CREDIT_WORDS = (
    "Foto", "Fotos", "Fotograf",  # Nordic, German, Dutch
    "Bilde",  # Norwegian
    "Bild",  # Swedish, German
    "Ljósmynd",  # Icelandic
    "Kuva", "Kuvaaja",  # Finnish
    "Foto's",  # Dutch
    "Fotografía",  # Spanish
    "Fotó",  # Hungarian
    "Photo", "Photograph", "Picture", "Image",  # English
)  # fmt: skip

# Markers of a related-article link that are never prose: the colon after them is optional
# (`les også Guaidó trapper opp`).
RELATED_MARKERS = (
    "les også", "les òg",  # Norwegian
    "læs også", "læs ogsaa",  # Danish
    "läs även", "läs också",  # Swedish
    "lue myös",  # Finnish
    "lees ook",  # Dutch
    "lesen sie auch",  # German
    "lea también", "lee también", "te puede interesar",  # Spanish
)  # fmt: skip
# Markers that can also open a sentence: a related link only with a colon (`Read more: ...`).
RELATED_MARKERS_WITH_COLON = (
    "læs mere",  # Danish
    "läs mer",  # Swedish
    "lue lisää",  # Finnish
    "lees meer",  # Dutch
    "mehr zum thema",  # German
    "read more", "read also", "also read", "see also", "related",  # English
)  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """Returns a regex alternation of `words`, longest first, a space matching any run of whitespace."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def prefix_alternation(words: Iterable[str]) -> str:
    """The regex `alternation(words)` is, factored by shared prefixes (`mar(?:s|ts)?`), for speed.

    Python's `re` tries an alternation's branches one by one; factored, a position where no word
    starts is rejected after one test per first letter instead of one per word (several hundred
    words: five times faster). Longer words are still tried before their prefixes. Words should be
    lower case (the regex is meant for re.IGNORECASE).
    """
    tree: dict[str, dict] = {}
    for word in set(words):
        node = tree
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict[str, dict]) -> str:
        parts = [
            (r"\s+" if ch == " " else re.escape(ch)) + branches(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not parts:
            return ""
        if len(parts) == 1 and "" not in node:
            return parts[0]
        return "(?:" + "|".join(parts) + ")" + ("?" if "" in node else "")

    return branches(tree)
