"""Language of an article and of each of its paragraphs, with three detectors and an `auto` choice.

`DetectLanguage` (the Beam step, at the end) builds one detector per worker in `DoFn.setup()` with
`make_detector()` and calls `detect_article()` per element; everything above it is pure Python. Every detector is deterministic (langdetect
is seeded on a private factory) and restricted to `languages`; answers are ISO 639-1 codes, with
Norwegian always `no` and its written standard (`nb`/`nn`) as the variant where the detector knows it.
Figures behind the choices here (the `auto` split, the paragraph rule): `bench/LANGUAGE.md`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import apache_beam as beam

from pipelines.deadletters import dead_letter
from schemas import Article, DeadLetter

DEFAULT_LANGUAGES: tuple[str, ...] = (
    *("nb", "nn", "da", "sv", "en", "de", "es", "fi", "nl"),  # what the feeds carry (and the bench measures)
    *("fr", "pt", "it", "is"),  # what they quote: neighbours a wrong guess would otherwise fall on
)
DETECTORS = ("auto", "langdetect", "cld2", "lingua")

UNDETERMINED = "und"
NORWEGIAN = "no"
_NORWEGIAN_CODES = frozenset({"no", "nb", "nn"})

# Fewer letters than this (after URLs, handles and hashtags are stripped) is no evidence at all.
_MIN_LETTERS = 3
# langdetect's probability and CLD2's percentage stay near 1.0 on a few words (both give 0.96+ to
# "Vi skal vinne!, skriver Maduro.", CLD2 calling it Spanish), so below this many letters their
# confidence is scaled down in proportion; lingua's own confidence already falls on short text.
_FULL_CONFIDENCE_LETTERS = 60
_CONFIDENCE_DIGITS = 4
# `auto`: lingua (high accuracy) below this many letters, CLD2 from here on (bench/LANGUAGE.md).
_AUTO_LINGUA_BELOW_LETTERS = 200

# Paragraph rule (detect_article): a paragraph shorter than this inherits the article language unless
# the detector is very confident of another; a longer one needs an ordinary majority.
_SHORT_PARAGRAPH_LETTERS = 40
_SHORT_OVERRIDE_CONFIDENCE = 0.9
_LONG_OVERRIDE_CONFIDENCE = 0.5
# Languages a paragraph never switches between: every detector misreads single Danish paragraphs as
# Norwegian and back (seed 000: lingua on two captions, CLD2 on one sentence), while a Danish article
# quoting a Norwegian paragraph verbatim has not been seen in our feeds.
_CLOSE_RELATIVES = frozenset({frozenset({"da", NORWEGIAN})})

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_SPACES = re.compile(r"\s+")
# Control, surrogate, private-use and unassigned code points: no language evidence, and pycld2
# rejects several of them ("input contains invalid UTF-8").
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def normalise(code: str | None) -> tuple[str, str | None]:
    """Detector code -> (ISO 639-1 lang, variant): 'nb'->('no','nb'), None/'un'/'unknown' -> ('und', None)."""
    if code is None:
        return UNDETERMINED, None
    code = code.strip().lower().replace("_", "-").split("-")[0]
    if code in ("", "un", "unknown", "und", "xx", "xxx"):
        return UNDETERMINED, None
    if code in ("nb", "nn"):
        return NORWEGIAN, code
    return code, None


class Detector(Protocol):
    """What `detect_article` needs: a name and a `detect` that never raises on text."""

    name: str

    def detect(self, text: str) -> tuple[str, str | None, float]:
        """(lang, variant, confidence 0..1); ('und', None, 0.0) when the text is too short or unknown."""
        ...


@dataclass(frozen=True, slots=True)
class ArticleLanguage:
    """The article's language (with variant and confidence) and one language per input paragraph."""

    lang: str
    variant: str | None
    confidence: float
    paragraphs: tuple[str, ...]


_UNKNOWN: tuple[str, str | None, float] = (UNDETERMINED, None, 0.0)


def _clean(text: str) -> str:
    """Returns the text without URLs, @handles, #hashtags, control or unassigned characters."""
    text = _HASHTAG.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text)))
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    return _SPACES.sub(" ", text).strip()


def _letters(text: str) -> int:
    """Counts the alphabetic characters (the evidence a detector has)."""
    return sum(ch.isalpha() for ch in text)


def _rounded(confidence: float) -> float:
    """Clamps to [0, 1] and rounds to 4 places.

    lingua's scores differ in the last bits from process to process (measured: 0.8683671244077324 vs
    ...328 for the same text), so unrounded confidences would not repeat across workers.
    """
    return round(max(0.0, min(1.0, confidence)), _CONFIDENCE_DIGITS)


def _damped(confidence: float, letters: int) -> float:
    """Scales an overconfident score down on text shorter than `_FULL_CONFIDENCE_LETTERS`."""
    return _rounded(confidence * min(1.0, letters / _FULL_CONFIDENCE_LETTERS))


class _LangdetectDetector:
    """langdetect on a private, seeded factory holding only the profiles of `languages`."""

    name = "langdetect"

    def __init__(self, languages: Sequence[str]) -> None:
        from langdetect import detector_factory
        from langdetect.lang_detect_exception import LangDetectException

        self._error = LangDetectException
        profiles = Path(detector_factory.PROFILES_DIRECTORY)
        # langdetect knows Norwegian only as `no`, and has no Icelandic: codes it lacks are skipped.
        wanted = sorted({NORWEGIAN if c in _NORWEGIAN_CODES else c for c in languages})
        self.languages = tuple(c for c in wanted if (profiles / c).is_file())
        if len(self.languages) < 2:
            raise ValueError(f"langdetect knows fewer than two of {list(languages)}")
        factory = detector_factory.DetectorFactory()
        factory.load_json_profile([(profiles / c).read_text(encoding="utf-8") for c in self.languages])
        # An instance attribute: each Detector it creates seeds its own random.Random from it, so
        # answers repeat across runs without touching langdetect's module-global factory.
        factory.set_seed(0)
        self._factory = factory

    def detect(self, text: str) -> tuple[str, str | None, float]:
        """See `Detector.detect`."""
        text = _clean(text)
        letters = _letters(text)
        if letters < _MIN_LETTERS:
            return _UNKNOWN
        detector = self._factory.create()
        detector.append(text)
        try:
            best = detector.get_probabilities()
        except self._error:  # "No features in text": nothing it has a profile for
            return _UNKNOWN
        if not best:
            return _UNKNOWN
        lang, variant = normalise(best[0].lang)
        return lang, variant, _damped(best[0].prob, letters)


class _Cld2Detector:
    """pycld2 with bestEffort, its answers limited to `languages` (other guesses are skipped)."""

    name = "cld2"

    def __init__(self, languages: Sequence[str]) -> None:
        import pycld2

        self._cld2 = pycld2
        known = {normalise(code)[0] for _, code in pycld2.LANGUAGES}
        self.languages = tuple(sorted({normalise(c)[0] for c in languages} & known))
        if len(self.languages) < 2:
            raise ValueError(f"CLD2 knows fewer than two of {list(languages)}")
        self._allowed = frozenset(self.languages)

    def detect(self, text: str) -> tuple[str, str | None, float]:
        """See `Detector.detect`."""
        text = _clean(text)
        letters = _letters(text)
        if letters < _MIN_LETTERS:
            return _UNKNOWN
        reliable, _, details = self._cld2.detect(text, isPlainText=True, bestEffort=True)
        for _, code, percent, _ in details:
            lang, variant = normalise(code)
            if lang in self._allowed:
                # CLD2 has a separate Nynorsk class (`nn`), so its plain NORWEGIAN (`no`) is Bokmål.
                if lang == NORWEGIAN and variant is None:
                    variant = "nb"
                return lang, variant, _damped(percent / 100 * (1.0 if reliable else 0.5), letters)
        return _UNKNOWN


class _LinguaDetector:
    """lingua restricted to `languages`, models preloaded at build time (predictable setup cost)."""

    name = "lingua"

    def __init__(self, languages: Sequence[str], *, low_accuracy: bool = False) -> None:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = sorted({v for c in languages for v in (("nb", "nn") if c == NORWEGIAN else (c,))})
        self.languages = tuple(sorted({normalise(c)[0] for c in codes}))
        if len(codes) < 2:
            raise ValueError(f"lingua needs at least two languages, got {list(languages)}")
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(IsoCode639_1.from_str(c) for c in codes))
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        self._detector = builder.with_preloaded_language_models().build()
        self.name = "lingua-low" if low_accuracy else "lingua"

    def detect(self, text: str) -> tuple[str, str | None, float]:
        """See `Detector.detect`; Bokmål and Nynorsk confidences add up to Norwegian's."""
        text = _clean(text)
        if _letters(text) < _MIN_LETTERS:
            return _UNKNOWN
        totals: dict[str, float] = {}
        variants: dict[str, tuple[float, str | None]] = {}
        for value in self._detector.compute_language_confidence_values(text):
            lang, variant = normalise(value.language.iso_code_639_1.name)
            totals[lang] = totals.get(lang, 0.0) + value.value
            if value.value > variants.get(lang, (-1.0, None))[0]:
                variants[lang] = (value.value, variant)
        if not totals:
            return _UNKNOWN
        # Highest rounded total wins, ties to the alphabetically first code: stable across processes.
        lang = min(totals, key=lambda code: (-_rounded(totals[code]), code))
        if totals[lang] <= 0.0:
            return _UNKNOWN
        return lang, variants[lang][1], _rounded(totals[lang])


class _AutoDetector:
    """lingua for short spans (captions, titles, tweets), CLD2 for long text (bench/LANGUAGE.md)."""

    name = "auto"

    def __init__(self, languages: Sequence[str]) -> None:
        self._short = _LinguaDetector(languages)
        self._long = _Cld2Detector(languages)
        self.languages = self._short.languages

    def detect(self, text: str) -> tuple[str, str | None, float]:
        """See `Detector.detect`."""
        if _letters(_clean(text)) < _AUTO_LINGUA_BELOW_LETTERS:
            return self._short.detect(text)
        lang, variant, confidence = self._long.detect(text)
        if lang not in self._short.languages:  # a language lingua was not given: don't trust CLD2
            return self._short.detect(text)
        return lang, variant, confidence


def _validated(languages: Sequence[str]) -> tuple[str, ...]:
    """Returns the codes if all are ISO 639-1 codes lingua knows (or `no`); ValueError otherwise."""
    from lingua import Language

    known = {language.iso_code_639_1.name.lower() for language in Language.all()} | {NORWEGIAN}
    if isinstance(languages, str):
        raise ValueError(f"languages must be a sequence of codes, not the string {languages!r}")
    unknown = [c for c in languages if c not in known]
    if unknown:
        raise ValueError(f"unknown ISO 639-1 language code(s): {unknown}")
    return tuple(languages)


def make_detector(name: str = "auto", *, languages: Sequence[str] = DEFAULT_LANGUAGES) -> Detector:
    """Builds a detector once (expensive: call per worker in DoFn.setup, never per element).

    Args:
        name: one of `DETECTORS`.
        languages: ISO 639-1 codes the detector may answer (`no` means both `nb` and `nn`); codes a
            detector lacks are skipped (langdetect has no Icelandic).

    Raises:
        ValueError: for an unknown detector name or language code, or fewer than two usable languages.
    """
    builders: dict[str, Any] = {
        "auto": _AutoDetector,
        "langdetect": _LangdetectDetector,
        "cld2": _Cld2Detector,
        "lingua": _LinguaDetector,
    }
    if name not in builders:
        raise ValueError(f"unknown language detector {name!r}; expected one of {DETECTORS}")
    detector: Detector = builders[name](_validated(languages))
    return detector


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
    whole = "\n".join(p for p in (title, *paragraphs) if p and p.strip())
    lang, variant, confidence = detector.detect(whole)
    langs = []
    for paragraph in paragraphs:
        letters = _letters(_clean(paragraph))
        detected = detector.detect(paragraph) if letters >= _MIN_LETTERS else _UNKNOWN
        langs.append(_paragraph_language(detected, letters, lang))
    return ArticleLanguage(lang=lang, variant=variant, confidence=confidence, paragraphs=tuple(langs))


def _from_source(code: str | None) -> tuple[str, str | None]:
    """A language the source declared (`nb-NO`, `da`, `en-GB`) as (lang, variant)."""
    if not code or code == UNDETERMINED:
        return UNDETERMINED, None
    return normalise(code.replace("_", "-").split("-")[0].lower())


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
    if lang == UNDETERMINED:
        lang, variant = declared, declared_variant
        confidence = 0.0 if lang == UNDETERMINED else None
    elif lang == NORWEGIAN and declared == NORWEGIAN and declared_variant is not None:
        # The outlet knows which written standard it publishes in; detectors confuse nb and nn on short text.
        variant = declared_variant
    paragraphs = tuple(
        dataclasses.replace(p, lang=found.paragraphs[i] if found.lang != UNDETERMINED else lang)
        for i, p in enumerate(article.paragraphs)
    )
    embeds = []
    for embed in article.embeds:
        embed_lang = _paragraph_language(detector.detect(embed.text), _letters(_clean(embed.text)), lang)
        embeds.append(dataclasses.replace(embed, lang=embed_lang))
    return dataclasses.replace(
        article,
        lang=lang,
        lang_variant=variant,
        lang_confidence=confidence,
        paragraphs=paragraphs,
        embeds=tuple(embeds),
    )


@functools.cache
def _detector_for_process(name: str, languages: tuple[str, ...]) -> Detector:
    # Beam's DaskRunner calls DoFn.setup() once per partition, not once per worker; lingua's models
    # take ~1.5 s and ~350 MB to build, so each process builds a detector once and keeps it.
    return make_detector(name, languages=languages)


class _DetectLanguageFn(beam.DoFn):
    def __init__(self, detector: str, languages: tuple[str, ...]):
        self._name = detector
        self._languages = languages
        self._detector: Detector | None = None

    def setup(self) -> None:
        self._detector = _detector_for_process(self._name, self._languages)

    def process(self, element: Article | DeadLetter) -> Iterator[Article | DeadLetter]:
        if not isinstance(element, Article):  # dead letters and tallies pass through
            yield element
            return
        assert self._detector is not None, "setup() builds the detector"
        try:
            yield with_language(element, self._detector)
        except Exception as exc:  # noqa: BLE001 - routed to a dead letter, never swallowed
            yield dead_letter("language", element, exc)


class DetectLanguage(beam.PTransform):
    """Article -> Article with its language and each paragraph's; the detector is built per worker."""

    def __init__(self, *, detector: str = "auto", languages: Sequence[str] = DEFAULT_LANGUAGES):
        super().__init__()
        if detector not in DETECTORS:
            raise ValueError(f"unknown language detector {detector!r}; expected one of {DETECTORS}")
        self._detector = detector
        self._languages = _validated(tuple(languages))

    def expand(self, articles):
        return articles | "Detect" >> beam.ParDo(_DetectLanguageFn(self._detector, self._languages))


__all__ = [
    "DEFAULT_LANGUAGES",
    "DETECTORS",
    "ArticleLanguage",
    "DetectLanguage",
    "Detector",
    "detect_article",
    "make_detector",
    "normalise",
    "with_language",
]
