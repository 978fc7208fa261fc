"""Words the readers look for that more than one of them needs: one table each, and the regex helper.

The HTML reader (`connectors/html.py`) and the text reader (`pipelines/structure`) both recognise
photo credits, "show more" widgets and related-article markers; their own copies had drifted apart (the HTML reader knew
`Bilde` and `Photograph`, the text reader `Kuvaaja` and `Picture`). Each now builds its regex from
these tables with `alternation`. Imports nothing of ours, so connectors and pipelines can both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# The label of a photo credit at the end of a caption (`... Foto: NTB`), one language to a line.
CAPTION_CREDIT_WORDS = (
    "Foto", "Fotos", "Fotograf",  # Nordic, German, Dutch
    "Bilde",  # Norwegian
    "Bild",  # Swedish, German
    "Ljósmynd", "Mynd",  # Icelandic
    "Kuva", "Kuvat", "Kuvaaja",  # Finnish
    "Foto's", "Beeld",  # Dutch
    "Fotografía", "Imagen",  # Spanish
    "Fotó",  # Hungarian
    "Photo", "Photograph", "Picture", "Image", "Credit", "Credits",  # English
)  # fmt: skip

# A site's "show more" widget, whose text a page's caption or credit runs into (`Foto: AP Vis mer`):
# never part of a caption or credit.
SHOW_MORE_WORDS = (
    "Vis mer", "Se mer", "Les mer",  # Norwegian Bokmål
    "Vis meir", "Les meir",  # Nynorsk
    "Vis mere", "Se mere",  # Danish
    "Visa mer", "Visa mera",  # Swedish
    "Näytä lisää", "Lue lisää",  # Finnish
    "Sjá meira", "Lesa meira",  # Icelandic
    "Mehr anzeigen",  # German
    "Toon meer",  # Dutch
    "Ver más",  # Spanish
    "Show more", "Read more", "See more",  # English
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


# The label of a byline printed as a field (`<strong>Author</strong> Julian Tompkin`, `Forfatter:`).
AUTHOR_LABELS = (
    "Forfatter", "Skrevet av", "Journalist",  # Norwegian, Danish
    "Författare", "Skribent",  # Swedish
    "Kirjoittaja", "Toimittaja",  # Finnish
    "Höfundur", "Blaðamaður",  # Icelandic
    "Autor", "Auteur",  # German, Spanish, French
    "Author", "Authors", "Written by", "Reporter",  # English
)  # fmt: skip


# The label of a publication date printed as a field (`<strong>Date</strong> 10.06.2013`).
DATE_LABELS = (
    "Dato", "Publisert", "Publiseret",  # Norwegian, Danish
    "Datum", "Publicerad", "Publicerat",  # Swedish
    "Päivämäärä", "Julkaistu",  # Finnish
    "Dagsetning", "Birt",  # Icelandic
    "Date", "Published", "Posted",  # English
)  # fmt: skip


# Class-name words of the element that holds an article's standfirst (the lede set apart under the
# headline, outside the body): `div.manchet` (Danish), `p.ingress` (Norwegian, Swedish).
STANDFIRST_CLASS_WORDS = (
    "manchet",  # Danish
    "ingress",  # Norwegian, Swedish
    "ingressi",  # Finnish
    "standfirst", "lede", "dek", "article-description", "article-lead",  # English
)  # fmt: skip

# Headings of a page's comment section (its rules and prompts are no part of the article).
COMMENT_HEADINGS = (
    "Kommentarer",  # Norwegian, Danish, Swedish
    "Kommentit",  # Finnish
    "Athugasemdir",  # Icelandic
    "Kommentare",  # German
    "Comments",  # English
)  # fmt: skip

# Class-name words of a paywall box that stands where the rest of the article would be
# (`div.article-lockedBox` on sn.dk: prices, "Få fuld adgang ... læs resten af artiklen").
PAYWALL_CLASS_WORDS = ("paywall", "lockedbox", "locked-box", "subscription-wall", "regwall")


def alternation(words: Iterable[str]) -> str:
    """Returns a regex alternation of `words`, longest first, a space matching any run of whitespace."""
    ordered = sorted({" ".join(word.split()) for word in words}, key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def prefix_alternation(words: Iterable[str]) -> str:
    """The regex `alternation(words)` is, factored by shared prefixes (`mar(?:s|ts)?`), for speed.

    Python's `re` tries an alternation's branches one by one; factored, a position where no word
    starts is rejected after one test per first letter instead of one per word (several hundred
    words: five times faster). Longer words are still tried before their prefixes.
    """
    return prefix_tree((word, "") for word in words)


def prefix_tree(entries: Iterable[tuple[str, str]]) -> str:
    """A regex matching any of the words, each followed by its own pattern, factored by prefixes.

    `entries` are (word, pattern after it) pairs; a word may come with several patterns. With every
    pattern empty this is `prefix_alternation`. One factored regex is cheaper than an alternation of
    several prefix-factored ones: each position is tested once per first letter, not once per group.
    """
    tree: dict[str, Any] = {}
    for word, after in entries:
        node = tree
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(after)

    def branches(node: dict[str, Any]) -> str:
        parts = [
            (r"\s+" if ch == " " else re.escape(ch)) + branches(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        ends = sorted(node.get("", ()))
        if ends == [""] and parts:
            # The word may end here: its longer continuations first, then nothing (greedy `?`).
            return (
                parts[0] + "?" if len(parts) == 1 and len(parts[0]) == 1 else "(?:" + "|".join(parts) + ")?"
            )
        alternatives = parts + ends
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return branches(tree)
