"""The detector backends (langdetect, CLD2, lingua, `auto`) behind one `Detector` protocol.

Every detector is deterministic (langdetect is seeded on a private factory) and restricted to
`languages`; answers are ISO 639-1 codes, with Norwegian always `no` and its written standard
(`nb`/`nn`) as the variant where the detector knows it. The `auto` split: `bench/LANGUAGE.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from pipelines.language.text import Cleaned, prepare

DEFAULT_LANGUAGES: tuple[str, ...] = (
    *("nb", "nn", "da", "sv", "en", "de", "es", "fi", "nl"),  # what the feeds carry (and the bench measures)
    *("fr", "pt", "it", "is"),  # what they quote: neighbours a wrong guess would otherwise fall on
)
DETECTORS = ("auto", "langdetect", "cld2", "lingua")

UNDETERMINED = "und"
NORWEGIAN = "no"
NORWEGIAN_CODES = frozenset({"no", "nb", "nn"})

# Fewer letters than this (after URLs, handles and hashtags are stripped) is no evidence at all.
MIN_LETTERS = 3
# langdetect's probability and CLD2's percentage stay near 1.0 on a few words (both give 0.96+ to
# "Vi skal vinne!, skriver Maduro.", CLD2 calling it Spanish), so below this many letters their
# confidence is scaled down in proportion; lingua's own confidence already falls on short text.
_FULL_CONFIDENCE_LETTERS = 60
_CONFIDENCE_DIGITS = 4
# `auto`: lingua (high accuracy) below this many letters, CLD2 from here on (bench/LANGUAGE.md).
_AUTO_LINGUA_BELOW_LETTERS = 200
# ... except that from this many letters CLD2 alone may confirm the language a caller expects (the
# article's, for a paragraph): where CLD2 is 99.2% right against lingua's 99.7% (bench/LANGUAGE.md).
_AUTO_CONFIRM_LETTERS = 60


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


Detected = tuple[str, str | None, float]


class Detector(Protocol):
    """What `detect_article` needs: a name, `detect` for one text, `detect_cleaned` for many; neither raises on text."""

    name: str

    def detect(self, text: str) -> Detected:
        """(lang, variant, confidence 0..1); ('und', None, 0.0) when the text is too short or unknown."""
        ...

    def detect_cleaned(self, texts: Sequence[Cleaned], *, expect: str | None = None) -> list[Detected]:
        """`detect` of each text, on texts `prepare` cleaned once (a backend may batch them).

        `expect` is the language the caller expects (the article's, for its paragraphs): a backend may
        give it for a text its fast reading is sure of, without its slow one.
        """
        ...


UNKNOWN: Detected = (UNDETERMINED, None, 0.0)


class _OneAtATime:
    """`detect` and `detect_cleaned` for a backend that reads one cleaned text at a time (`_detect_one`)."""

    def _detect_one(self, text: Cleaned) -> Detected:
        raise NotImplementedError

    def detect(self, text: str) -> Detected:
        """See `Detector.detect`."""
        return self._detect_one(prepare(text))

    def detect_cleaned(self, texts: Sequence[Cleaned], *, expect: str | None = None) -> list[Detected]:
        """See `Detector.detect_cleaned` (`expect` changes nothing here)."""
        return [self._detect_one(text) for text in texts]


def _rounded(confidence: float) -> float:
    """Clamps to [0, 1] and rounds to 4 places.

    lingua's scores differ in the last bits from process to process (measured: 0.8683671244077324 vs
    ...328 for the same text), so unrounded confidences would not repeat across workers.
    """
    return round(max(0.0, min(1.0, confidence)), _CONFIDENCE_DIGITS)


def _damped(confidence: float, letters: int) -> float:
    """Scales an overconfident score down on text shorter than `_FULL_CONFIDENCE_LETTERS`."""
    return _rounded(confidence * min(1.0, letters / _FULL_CONFIDENCE_LETTERS))


class LangdetectDetector(_OneAtATime):
    """langdetect on a private, seeded factory holding only the profiles of `languages`."""

    name = "langdetect"

    def __init__(self, languages: Sequence[str]) -> None:
        from langdetect import detector_factory
        from langdetect.lang_detect_exception import LangDetectException

        self._error = LangDetectException
        profiles = Path(detector_factory.PROFILES_DIRECTORY)
        # langdetect knows Norwegian only as `no`, and has no Icelandic: codes it lacks are skipped.
        wanted = sorted({NORWEGIAN if c in NORWEGIAN_CODES else c for c in languages})
        self.languages = tuple(c for c in wanted if (profiles / c).is_file())
        if len(self.languages) < 2:
            raise ValueError(f"langdetect knows fewer than two of {list(languages)}")
        factory = detector_factory.DetectorFactory()
        factory.load_json_profile([(profiles / c).read_text(encoding="utf-8") for c in self.languages])
        # An instance attribute: each Detector it creates seeds its own random.Random from it, so
        # answers repeat across runs without touching langdetect's module-global factory.
        factory.set_seed(0)
        self._factory = factory

    def _detect_one(self, cleaned: Cleaned) -> Detected:
        text, letters = cleaned
        if letters < MIN_LETTERS:
            return UNKNOWN
        detector = self._factory.create()
        detector.append(text)
        try:
            best = detector.get_probabilities()
        except self._error:  # "No features in text": nothing it has a profile for
            return UNKNOWN
        if not best:
            return UNKNOWN
        lang, variant = normalise(best[0].lang)
        return lang, variant, _damped(best[0].prob, letters)


class Cld2Detector(_OneAtATime):
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
        # CLD2's codes normalised once (three answers a call, every paragraph); others as they come.
        self._normal = {code: normalise(code) for _, code in pycld2.LANGUAGES}

    def _detect_one(self, cleaned: Cleaned) -> Detected:
        return self.read(cleaned)[0]

    def read(self, cleaned: Cleaned) -> tuple[Detected, bool]:
        """The detection and whether CLD2 itself called it reliable."""
        text, letters = cleaned
        if letters < MIN_LETTERS:
            return UNKNOWN, False
        reliable, _, details = self._cld2.detect(text, isPlainText=True, bestEffort=True)
        for _, code, percent, _ in details:
            lang, variant = self._normal.get(code) or normalise(code)
            if lang in self._allowed:
                # CLD2 has a separate Nynorsk class (`nn`), so its plain NORWEGIAN (`no`) is Bokmål.
                if lang == NORWEGIAN and variant is None:
                    variant = "nb"
                return (lang, variant, _damped(percent / 100 * (1.0 if reliable else 0.5), letters)), reliable
        return UNKNOWN, False


class LinguaDetector:
    """lingua restricted to `languages`, models preloaded at build time (predictable setup cost)."""

    name = "lingua"

    def __init__(self, languages: Sequence[str], *, low_accuracy: bool = False) -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        codes = sorted({v for c in languages for v in (("nb", "nn") if c == NORWEGIAN else (c,))})
        self.languages = tuple(sorted({normalise(c)[0] for c in codes}))
        if len(codes) < 2:
            raise ValueError(f"lingua needs at least two languages, got {list(languages)}")
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(IsoCode639_1.from_str(c) for c in codes))
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        self._detector = builder.with_preloaded_language_models().build()
        self.name = "lingua-low" if low_accuracy else "lingua"
        # Each language's (lang, variant), looked up for every confidence value lingua returns.
        self._normal = {language: normalise(language.iso_code_639_1.name) for language in Language.all()}

    def detect(self, text: str) -> Detected:
        """See `Detector.detect`; Bokmål and Nynorsk confidences add up to Norwegian's."""
        return self.detect_cleaned([prepare(text)])[0]

    def detect_cleaned(self, texts: Sequence[Cleaned], *, expect: str | None = None) -> list[Detected]:
        """See `Detector.detect_cleaned`: one call for all texts, lingua spreading them over the cores."""
        found = [UNKNOWN] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.letters >= MIN_LETTERS]
        if len(todo) == 1:
            values = [self._detector.compute_language_confidence_values(texts[todo[0]].text)]
        elif todo:
            values = self._detector.compute_language_confidence_values_in_parallel(
                [texts[i].text for i in todo]
            )
        else:
            values = []
        for i, confidences in zip(todo, values, strict=True):
            found[i] = self._answer(confidences)
        return found

    def _answer(self, confidences: Sequence[Any]) -> Detected:
        """The best language of lingua's confidence values, Bokmål and Nynorsk counted as Norwegian."""
        totals: dict[str, float] = {}
        variants: dict[str, tuple[float, str | None]] = {}
        for value in confidences:
            lang, variant = self._normal[value.language]
            confidence = value.value
            totals[lang] = totals.get(lang, 0.0) + confidence
            if confidence > variants.get(lang, (-1.0, None))[0]:
                variants[lang] = (confidence, variant)
        if not totals:
            return UNKNOWN
        # Highest rounded total wins, ties to the alphabetically first code: stable across processes.
        lang = min(totals, key=lambda code: (-_rounded(totals[code]), code))
        if totals[lang] <= 0.0:
            return UNKNOWN
        return lang, variants[lang][1], _rounded(totals[lang])


class AutoDetector:
    """lingua for short spans (captions, titles, tweets), CLD2 for long text (bench/LANGUAGE.md)."""

    name = "auto"

    def __init__(self, languages: Sequence[str]) -> None:
        self._short = LinguaDetector(languages)
        self._long = Cld2Detector(languages)
        self.languages = self._short.languages

    def detect(self, text: str) -> Detected:
        """See `Detector.detect`."""
        return self.detect_cleaned([prepare(text)])[0]

    def detect_cleaned(self, texts: Sequence[Cleaned], *, expect: str | None = None) -> list[Detected]:
        """See `Detector.detect_cleaned`: CLD2 on each long text, then one lingua batch for the rest.

        With `expect`, a text of `_AUTO_CONFIRM_LETTERS` or more that CLD2 reliably reads as `expect`
        keeps CLD2's answer: the paragraph rule would give it the article's language unless lingua
        were sure of another, and CLD2 is as accurate as lingua from 60 letters on (bench/LANGUAGE.md).
        """
        found: list[Detected] = [UNKNOWN] * len(texts)
        short = []
        for i, text in enumerate(texts):
            if text.letters < _AUTO_LINGUA_BELOW_LETTERS:
                if expect in self._short.languages and text.letters >= _AUTO_CONFIRM_LETTERS:
                    answer, reliable = self._long.read(text)
                    if reliable and answer[0] == expect:
                        found[i] = answer
                        continue
                short.append(i)
                continue
            found[i] = self._long.detect_cleaned([text])[0]
            if found[i][0] not in self._short.languages:  # a language lingua was not given: don't trust CLD2
                short.append(i)
        for i, answer in zip(short, self._short.detect_cleaned([texts[i] for i in short]), strict=True):
            found[i] = answer
        return found


def validated(languages: Sequence[str]) -> tuple[str, ...]:
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
        "auto": AutoDetector,
        "langdetect": LangdetectDetector,
        "cld2": Cld2Detector,
        "lingua": LinguaDetector,
    }
    if name not in builders:
        raise ValueError(f"unknown language detector {name!r}; expected one of {DETECTORS}")
    detector: Detector = builders[name](validated(languages))
    return detector
