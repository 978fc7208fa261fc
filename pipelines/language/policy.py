"""The paragraph policy: an article's language, and when a paragraph keeps a language of its own."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.language.detectors import NORWEGIAN, UNDETERMINED, Detector, normalise
from pipelines.language.text import joined, prepare
from schemas import Article, Paragraph

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


def _in_language(paragraph: Paragraph, lang: str) -> Paragraph:
    """`dataclasses.replace(paragraph, lang=lang)` at a quarter of its cost (it runs per paragraph)."""
    return Paragraph(text=paragraph.text, lang=lang, kind=paragraph.kind)


def with_language(article: Article, detector: Detector) -> Article:
    """Fills `lang`, `lang_variant`, `lang_confidence` and the language of every paragraph and embed.

    When the text is too short to tell, the language the source declared (feed `<language>`, HTML
    `lang`) is used, with no confidence.
    """
    texts = [p.text for p in article.paragraphs]
    found = detect_article(texts or [article.lede or ""], detector, title=article.title)
    lang, variant = found.lang, found.variant
    confidence: float | None = found.confidence
    declared, declared_variant = _from_source(article.lang)
    written = " ".join([*texts, article.lede or "", article.title or ""])
    if written.strip() and not _LETTER.search(written):
        # Nothing but numbers and signs (a title that is only a score): no language, declared or not.
        lang, variant, confidence = UNDETERMINED, None, 0.0
    elif lang == UNDETERMINED:
        lang, variant = declared, declared_variant
        confidence = 0.0 if lang == UNDETERMINED else None
    elif (
        lang != declared
        and {lang, declared} <= _SIBLINGS
        and (confidence or 0.0) < UNSURE
        and sum(len(t) for t in texts or [article.lede or ""]) < SHORT_ITEM
    ):
        # A short item read unsurely as a sister language of the one its feed declares (a Norwegian
        # feed's item read as Danish): the declaration is the better evidence. A language the text
        # clearly is (a Spanish item in an English feed) still wins over the declaration.
        lang, variant = declared, declared_variant
    elif lang == NORWEGIAN and declared == NORWEGIAN and declared_variant is not None:
        # The outlet knows which written standard it publishes in; detectors confuse nb and nn on short text.
        variant = declared_variant
    paragraphs = tuple(
        _in_language(p, found.paragraphs[i] if found.lang != UNDETERMINED else lang)
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
