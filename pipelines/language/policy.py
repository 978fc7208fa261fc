"""The paragraph policy: an article's language, and when a paragraph keeps a language of its own."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.language.detectors import NORWEGIAN, UNDETERMINED, Detector, normalise
from pipelines.language.text import joined, prepare
from schemas import Article, Document, Paragraph

# Paragraph rule (detect_article): a paragraph shorter than this inherits the article language unless
# the detector is very confident of another; a longer one needs an ordinary majority.
_SHORT_PARAGRAPH_LETTERS = 40
_SHORT_OVERRIDE_CONFIDENCE = 0.9
_LONG_OVERRIDE_CONFIDENCE = 0.5
# Languages a paragraph never switches between: every detector misreads single Danish paragraphs as
# Norwegian and back (seed 000: lingua on two captions, CLD2 on one sentence), while a Danish article
# quoting a Norwegian paragraph verbatim has not been seen in our feeds.
_CLOSE_RELATIVES = frozenset({frozenset({"da", NORWEGIAN})})


@dataclass(frozen=True, slots=True)
class ArticleLanguage:
    """The article's language (with variant and confidence) and one language per input paragraph."""

    lang: str
    variant: str | None
    confidence: float
    paragraphs: tuple[str, ...]


def _paragraph_language(detected: tuple[str, str | None, float], letters: int, article_lang: str) -> str:
    """Applies the paragraph rule: the paragraph's own language only on enough evidence."""
    lang, _, confidence = detected
    if lang in (UNDETERMINED, article_lang):
        return article_lang
    if frozenset({lang, article_lang}) in _CLOSE_RELATIVES:
        return article_lang
    needed = _SHORT_OVERRIDE_CONFIDENCE if letters < _SHORT_PARAGRAPH_LETTERS else _LONG_OVERRIDE_CONFIDENCE
    if article_lang == UNDETERMINED or confidence >= needed:
        return lang
    return article_lang


def detect_article(
    paragraphs: Sequence[str], detector: Detector, *, title: str | None = None
) -> ArticleLanguage:
    """Language of the whole article and of each paragraph.

    The article's language is detected on the title and all paragraphs together (long text: the most
    reliable answer). Each paragraph is then detected alone and keeps its own language only on enough
    evidence (see `_paragraph_language`); otherwise, like empty paragraphs, it inherits the article's.
    """
    # Each text cleaned once, the whole made of its cleaned parts (`joined`); the paragraphs are
    # handed over at once (lingua answers a batch in parallel), with the article's language, which a
    # backend may confirm quickly (`expect`).
    texts = [prepare(p) for p in paragraphs]
    whole = joined([prepare(title), *texts] if title else texts)
    ((lang, variant, confidence),) = detector.detect_cleaned([whole])
    detected = detector.detect_cleaned(texts, expect=lang)
    langs = [
        _paragraph_language(found, text.letters, lang) for found, text in zip(detected, texts, strict=True)
    ]
    return ArticleLanguage(lang=lang, variant=variant, confidence=confidence, paragraphs=tuple(langs))


def _from_source(code: str | None) -> tuple[str, str | None]:
    """A language the source declared (`nb-NO`, `da`, `en-GB`) as (lang, variant)."""
    if not code or code == UNDETERMINED:
        return UNDETERMINED, None
    return normalise(code.replace("_", "-").split("-")[0].lower())


_LETTER = re.compile(r"[^\W\d_]")
_SIBLINGS = frozenset({"no", "da", "sv"})  # mutually confusable on short text
UNSURE = 0.7  # below this confidence a short item's detection yields to its feed's declared language
SHORT_ITEM = 300  # characters: a feed item's title and a sentence or two
FEED_MIN_CONFIDENT = 3  # confidently read items a feed needs before its majority is evidence
_FEED_BATCH = 8  # items read at a time; reading stops once the rest cannot change the majority


def feed_language(texts: Sequence[str], detector: Detector, *, declared: str | None = None) -> str | None:
    """The language most of a feed's items are written in (`nb`, `da`, `en`), or None.

    Only items read with confidence of at least `UNSURE` count; more than half of them, and at least
    `FEED_MIN_CONFIDENT`, must agree. Items are read in order, a batch at a time, until the rest could
    not overturn the majority (about half the items of a one-language feed). Norwegian comes with the
    written standard most of its items read so far have (`nb`), else as `no`. The `declared` language
    lets a detector confirm items quickly (`auto`: CLD2 instead of lingua on 60 letters or more).
    """
    expect = _from_source(declared)[0] if declared else None
    sure: list[tuple[str, str | None]] = []
    counts: Counter[str] = Counter()
    for start in range(0, len(texts), _FEED_BATCH):
        batch = [prepare(text) for text in texts[start : start + _FEED_BATCH]]
        for lang, variant, confidence in detector.detect_cleaned(batch, expect=expect):
            if confidence >= UNSURE and lang != UNDETERMINED:
                sure.append((lang, variant))
                counts[lang] += 1
        unread = len(texts) - start - len(batch)
        if counts and counts.most_common(1)[0][1] * 2 > len(sure) + unread:
            break  # the majority stands whatever the unread items are
    if len(sure) < FEED_MIN_CONFIDENT:
        return None
    ((lang, count),) = counts.most_common(1)
    if count * 2 <= len(sure):
        return None
    ((variant, variant_count),) = Counter(v for found, v in sure if found == lang).most_common(1)
    return variant if variant is not None and variant_count * 2 > count else lang


def with_feed_language(documents: Sequence[Document], detector: Detector) -> list[Document]:
    """Each feed item with `feed_lang` set: the language of its feed's items (`feed_language`).

    The documents of one input are read together, so every feed's items are here; other documents
    (article files, pages) come back unchanged.
    """
    feeds: dict[str, list[Document]] = {}
    for document in documents:
        if document.source_kind == "feed":
            feeds.setdefault(document.source, []).append(document)
    langs = {
        source: feed_language(
            [f"{d.title or ''}\n{d.text}" for d in items],
            detector,
            declared=Counter(d.lang for d in items).most_common(1)[0][0],
        )
        for source, items in feeds.items()
    }
    return [
        dataclasses.replace(d, feed_lang=langs[d.source]) if langs.get(d.source) else d for d in documents
    ]


def _in_language(paragraph: Paragraph, lang: str) -> Paragraph:
    """`dataclasses.replace(paragraph, lang=lang)` at a quarter of its cost (it runs per paragraph)."""
    return Paragraph(text=paragraph.text, lang=lang, kind=paragraph.kind)


def with_language(article: Article, detector: Detector, *, feed_lang: str | None = None) -> Article:
    """Fills `lang`, `lang_variant`, `lang_confidence` and the language of every paragraph and embed.

    When the text is too short to tell, the language of the item's feed (`feed_lang`, what most of
    its items are written in), else the language the source declared (feed `<language>`, HTML
    `lang`), is used, with no confidence. That evidence also decides a short item read unsurely as a
    sister language (`no`, `da`, `sv`).
    """
    texts = [p.text for p in article.paragraphs]
    found = detect_article(texts or [article.lede or ""], detector, title=article.title)
    lang, variant = found.lang, found.variant
    confidence: float | None = found.confidence
    declared, declared_variant = _from_source(article.lang)
    # The feed's own items outweigh its declaration, which is often a platform default (`en-us`).
    expected, expected_variant = _from_source(feed_lang) if feed_lang else (declared, declared_variant)
    written = " ".join([*texts, article.lede or "", article.title or ""])
    if written.strip() and not _LETTER.search(written):
        # Nothing but numbers and signs (a title that is only a score): no language, declared or not.
        lang, variant, confidence = UNDETERMINED, None, 0.0
    elif lang == UNDETERMINED:
        lang, variant = expected, expected_variant
        confidence = 0.0 if lang == UNDETERMINED else None
    elif (
        lang != expected
        and {lang, expected} <= _SIBLINGS
        and (confidence or 0.0) < UNSURE
        and sum(len(t) for t in texts or [article.lede or ""]) < SHORT_ITEM
    ):
        # A short item read unsurely as a sister language of its feed's (a Norwegian feed's item read
        # as Danish): the feed is the better evidence. A language the text clearly is (a Spanish item
        # in an English feed) still wins over the feed's.
        lang, variant = expected, expected_variant
    elif lang == NORWEGIAN and declared == NORWEGIAN and declared_variant is not None:
        # The outlet knows which written standard it publishes in; detectors confuse nb and nn on short text.
        variant = declared_variant
    # Paragraphs read as the article's detected language follow the article where evidence changed it.
    paragraphs = tuple(
        _in_language(
            p,
            lang if found.lang == UNDETERMINED or found.paragraphs[i] == found.lang else found.paragraphs[i],
        )
        for i, p in enumerate(article.paragraphs)
    )
    embeds = []
    if article.embeds:  # most articles have none: no detector call for an empty batch
        cleaned = [prepare(embed.text) for embed in article.embeds]
        embeds = [
            dataclasses.replace(embed, lang=_paragraph_language(found, text.letters, lang))
            for embed, text, found in zip(
                article.embeds, cleaned, detector.detect_cleaned(cleaned, expect=lang), strict=True
            )
        ]
    return dataclasses.replace(
        article,
        lang=lang,
        lang_variant=variant,
        lang_confidence=confidence,
        paragraphs=paragraphs,
        embeds=tuple(embeds),
    )
