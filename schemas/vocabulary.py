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


def alternation(words: Iterable[str]) -> str:
    """Returns a regex alternation of `words`, longest first, a space matching any run of whitespace."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)
