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
    # A screen capture's credit (`Screenshot by Amanda Tan/ONE Esports`), one language to a word.
    "Screenshot", "Skjermbilde", "Skærmbillede", "Skärmbild", "Kuvakaappaus",
)  # fmt: skip

# The word between a credit's label and the name (`Photograph by X`, `Foto av X`) and before a byline's
# names (`By X`, `Av X`, `Von X`).
BY_WORDS = ("av", "af", "by", "von", "door", "por", "par")

# Class and id words that name a photo's parts where a site has no <figure>: its caption (`caption`,
# `bildetekst`) and its credit (`credit`, `photographer`, `fotograf`). Matched against whole parts of a
# name split at `-`, `_` and camelCase (`galleryCaption005` -> gallery, caption, 005).
CAPTION_CLASS_WORDS = (
    "caption", "captions", "figcaption", "legend", "cutline", "copy", "description",  # English, French
    "bildetekst", "billedtekst", "bildtext", "kuvateksti", "myndatexti", "bildunterschrift", "onderschrift",
)  # fmt: skip
CREDIT_CLASS_WORDS = (
    "credit", "credits", "copyright", "photographer", "source", "attribution",  # English
    "kilde", "fotograf", "fotografer", "kuvaaja", "bildkalla", "ljosmyndari", "quelle", "bron",
)  # fmt: skip

# A label naming which picture a caption belongs to (`Header Image: ...`, `Featured image: ...`, `Toppbilde:`),
# as blog themes print it before the caption: furniture, not caption text. The position words go before
# the credit words above (`Header` + `Image`); Nordic writes them as one word.
PICTURE_POSITION_WORDS = ("Header", "Top", "Featured", "Feature", "Main", "Lead", "Cover", "Hero", "Banner")
PICTURE_POSITION_LABELS = ("Toppbilde", "Hovedbilde", "Toppbillede", "Toppbild", "Huvudbild", "Pääkuva")

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


# Class and id words that name a byline element (`dig-autoren`, `pnlByline`, `c-article__author`), as the
# last word of a class token or id split at `-`, `_` and camelCase.
AUTHOR_CLASS_WORDS = (
    "byline", "bylines", "author", "authors", "contributor", "contributors",  # English
    "forfatter", "forfattere", "skribent", "skribenter",  # Nordic
    "kirjoittaja", "kirjoittajat", "toimittaja",  # Finnish
    "autor", "autoren", "auteur", "auteurs",  # German, Dutch, French, Spanish
)  # fmt: skip

# Words that join two names in a byline (`Kari Nordmann og Ola Hansen`) and particles inside a name
# (`Ludwig van Beethoven`), which the name test lets stand in lower case.
NAME_JOINERS = ("og", "and", "und", "y", "ja", "en", "och", "et", "sekä")
NAME_PARTICLES = ("van", "de", "der", "den", "von", "af", "da", "del", "la")

# The label of the writer in a credit line that also names the photographer (`Tekst: Kari Nordmann
# Foto: Ola Hansen`, `Tekst og foto: Kari Nordmann`, `Teksti: X Kuva: Y`, `Kari Nordmann (tekst)`).
TEXT_LABELS = ("Tekst", "Text", "Teksti", "Texti", "Texte", "Texto", "Words")

# Genre words a page prints before its byline (`Eine Analyse von X`, `Kommentar av X`, `Analyse: X`): the
# kind of piece, not part of anyone's name. An article (`Eine`, `En`, `A`) may stand before them.
GENRE_WORDS = (
    "Analyse", "Kommentar", "Kronikk", "Kommentaar", "Leder", "Anmeldelse", "Debatt",  # Norwegian, Danish
    "Krönika", "Ledare", "Recension", "Analys",  # Swedish
    "Analyysi", "Kommentti", "Kolumni", "Arvio", "Pääkirjoitus",  # Finnish
    "Pistill", "Greining", "Leiðari",  # Icelandic
    "Glosse", "Kolumne", "Rezension", "Kritik", "Leitartikel", "Reportage", "Essay",  # German
    "Analysis", "Commentary", "Comment", "Opinion", "Column", "Review", "Editorial",  # English
)  # fmt: skip
GENRE_ARTICLES = ("eine", "ein", "en", "ei", "et", "ett", "a", "an")

# Job titles a byline prints after the name (`Richard Adams, Education editor`, `Kari Nordmann, journalist`):
# the last word of the role, in lower case, as bylines print them.
ROLE_WORDS = (
    "journalist", "journalister", "reporter", "redaktør", "kommentator", "korrespondent", "fotograf",  # Nordic
    "skribent", "medarbetare", "toimittaja", "kirjeenvaihtaja", "blaðamaður",
    "redakteur", "redakteurin", "korrespondentin", "autorin",  # German
    "editor", "correspondent", "writer", "columnist", "contributor", "producer", "analyst",  # English
)  # fmt: skip

# A desk or the newsroom credited as author (`National Desk`, `Nyhetsdesken`, `Staff`): no person. The
# last word of the byline, case-folded.
DESK_WORDS = (
    "desk", "desken", "nyhetsdesken", "newsdesk", "staff", "newsroom", "redaksjonen", "redaktionen",
    "redaktion", "toimitus", "ritstjórn", "nachrichtenredaktion",
)  # fmt: skip

# A social-media prompt printed after a writer's name (`-- By Michael Russell Follow @tdmrussell`).
FOLLOW_WORDS = ("Follow", "Følg", "Följ", "Seuraa", "Folgen", "Fylgdu")

# The label of a publication date printed as a field (`<strong>Date</strong> 10.06.2013`).
# The words that label an update stamp (`Oppdatert 30.04.19 kl. 17:49`, `Aktualisiert am`), read by
# the stamp grammar (pipelines/timestamps) and by the HTML reader that tells an update's `<time>`
# from the publication's.
UPDATED_LABELS = (
    "oppdatert", "sist oppdatert", "sist endret", "oppdatering",  # Norwegian (Bokmål and Nynorsk)
    "opdateret", "senest opdateret", "sidst opdateret", "opdatering",  # Danish
    "uppdaterad", "uppdaterat", "senast uppdaterad", "uppdatering",  # Swedish
    "päivitetty", "päivitys",  # Finnish
    "uppfært", "síðast uppfært",  # Icelandic
    "updated", "last updated", "last modified", "update",  # English
    "aktualisiert", "zuletzt aktualisiert", "aktualisierung",  # German
    "actualizado", "actualizada", "última actualización",  # Spanish
    "bijgewerkt", "laatst bijgewerkt",  # Dutch
)  # fmt: skip

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
    "standfirst", "lede", "dek", "deck", "intro", "article-description", "article-lead",  # English
    "introtext", "leadtext",  # faz.net `atc-IntroText`, futurezone.at `article-header-leadText`
)  # fmt: skip

# Class-name words of a kicker (topic label) a page prints inside or above its headline
# (`span.article-heading__kicker` `Zugverkehr`, then the headline): not part of the title.
KICKER_CLASS_WORDS = (
    "kicker", "topline", "overline", "eyebrow", "supertitle", "label",  # English
    "dachzeile", "spitzmarke",  # German
    "stikktittel",  # Norwegian
)  # fmt: skip

# Headings of a page's comment section (its rules and prompts are no part of the article).
COMMENT_HEADINGS = (
    "Kommentarer",  # Norwegian, Danish, Swedish
    "Kommentit",  # Finnish
    "Athugasemdir",  # Icelandic
    "Kommentare",  # German
    "Comments",  # English
)  # fmt: skip
# Words of the class or id of a reader-comment section or a comment in it (`article_comments`,
# `comment-timestamp`, `kommentar-liste`, `disqus_thread`): stamps and names there are the readers'.
COMMENT_CLASS_WORDS = (
    "comment", "comments", "reply", "replies", "disqus",  # English, the Disqus widget
    "kommentar", "kommentarer",  # Norwegian, Danish, Swedish
    "kommentti", "kommentit",  # Finnish
    "athugasemd", "athugasemdir",  # Icelandic
    "kommentare",  # German
)  # fmt: skip

# Class-name words of a paywall box that stands where the rest of the article would be
# (`div.article-lockedBox` on sn.dk: prices, "Få fuld adgang ... læs resten af artiklen").
PAYWALL_CLASS_WORDS = ("paywall", "lockedbox", "locked-box", "subscription-wall", "regwall")


# An e-mail address as bylines, contact lines and feeds print it (`kari.nordmann@ntb.no`): one
# pattern for every reader that must tell an address from a name.
EMAIL_ADDRESS = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


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


# Closing furniture: lines that end an article but are no part of it (read only at the end of the
# body, `pipelines/structure/closing.py`).
# A wire service's end mark, alone on the last line or after the last sentence (`... sagde han.
# /ritzau/`): the brackets or slashes are part of the mark.
END_MARKS = (
    "(END)", "-END-", "- END -", "-- END --", "(ENDS)", "ENDS",  # English (Yonhap, AAP, ...)
    "(©NTB)", "(© NTB)", "©NTB", "(NTB)",  # Norwegian
    "/ritzau/", "/ritzau/ /AFP/", "/ritzau/AFP", "/ritzau/Reuters", "/ritzau/AP",  # Danish
    "(TT)", "/TT/",  # Swedish
    "(STT)", "(STT-AFP)",  # Finnish
    "(dpa)", "(AFP)", "(Reuters)", "(AP)",  # an agency as the last word
)  # fmt: skip

# Social networks a follow prompt names (`Follow ONE Esports on Facebook and Twitter for more ...`,
# `Følg oss på Instagram`); the prompt opens with a word of `FOLLOW_WORDS`.
SOCIAL_NETWORKS = (
    "Facebook", "Twitter", "X", "Instagram", "TikTok", "YouTube", "LinkedIn", "Threads", "Bluesky",
    "Snapchat", "Mastodon", "Google News", "WhatsApp", "Telegram",
)  # fmt: skip

# A disclaimer that the page's links earn the site money (`Just a heads up, some of the links ... are
# affiliate links`), matched anywhere in a closing line, case-folded.
AFFILIATE_PHRASES = (
    "affiliate link", "affiliate-link", "affiliatelink",  # English, German, Dutch
    "affiliatelenk", "affiliate-lenk",  # Norwegian
    "affiliatelänk", "affiliate-länk",  # Swedish
    "affiliate-linkki", "kumppanilinkki",  # Finnish
    "annoncelink", "reklamelenk", "reklamlänk",  # Danish, Norwegian, Swedish: "advertising link"
)  # fmt: skip

# An editor's note that the story was updated, without a time (the notes with a time are read as the
# update by pipelines/timestamps and stay body): a closing line that opens so.
UPDATE_NOTES = (
    "This story has been updated", "This article has been updated", "This post has been updated",
    "This story was updated", "This article was updated",  # English
    "Saken er oppdatert", "Artikkelen er oppdatert", "Denne saken er oppdatert", "Saka er oppdatert",  # Norwegian
    "Artiklen er opdateret", "Artiklen er blevet opdateret", "Historien er opdateret",  # Danish
    "Artikeln har uppdaterats", "Artikeln är uppdaterad", "Texten har uppdaterats",  # Swedish
    "Juttua on päivitetty", "Artikkelia on päivitetty",  # Finnish
    "Fréttin hefur verið uppfærð",  # Icelandic
    "Dieser Artikel wurde aktualisiert", "Der Artikel wurde aktualisiert",  # German
)  # fmt: skip

# The verb and article of an author bio closing the text (`Max Blumenthal is an award-winning
# journalist ...`, `Kari Nordmann er journalist i ...`): the writer's name, then one of these.
BIO_COPULAS = ("is", "was", "er", "var", "är", "var", "on", "oli", "ist", "war")
# What the bio calls the writer, besides `ROLE_WORDS` (the last word of a role, lower case).
BIO_ROLE_WORDS = ("author", "forfatter", "författare", "kirjailija", "autor", "rithöfundur", "reporter")

# A prompt to read the whole piece elsewhere, closing a shortened text (heise.de's `Den kompletten
# Beitrag lesen Sie in der neuen Juli-Ausgabe der Technology Review ...`): a closing line that opens so.
READ_ON_PROMPTS = (
    "Den kompletten Beitrag lesen Sie", "Den vollständigen Beitrag lesen Sie",
    "Den vollständigen Artikel lesen Sie", "Den ganzen Artikel lesen Sie",  # German
    "Read the full story in", "Read the full article in", "Read the rest of this story",  # English
    "Les hele saken i", "Les hele artikkelen i", "Les heile saka i",  # Norwegian
    "Læs hele artiklen i", "Læs hele historien i",  # Danish
    "Läs hela artikeln i", "Läs hela texten i",  # Swedish
    "Lue koko juttu", "Lue koko artikkeli",  # Finnish
)  # fmt: skip

# A contact label left alone on the last line where the page's link after it was dropped (`Write to`,
# time.com's `Write to <a>Name at name@time.com</a>`): the label with nothing after it.
CONTACT_LABELS = (
    "Write to",
    "Contact",
    "Contact us",
    "Email",
    "Skriv til",
    "Kontakt",
    "Tips oss",
    "Kirjoita",
)
