"""Language of an article and of each of its paragraphs, with three detectors and an `auto` choice.

- `detectors.py`: the backends (langdetect, CLD2, lingua, `auto`) behind one `Detector` protocol,
  built once per worker with `make_detector()`; deterministic, answers in ISO 639-1 with Norwegian
  `no` and its written standard (`nb`/`nn`) as the variant.
- `policy.py`: the article's language and the paragraph rule (`detect_article`, `with_language`).
- `text.py`: what a detector is shown (URLs, handles, hashtags, invisible characters removed).
- `transform.py`: `DetectLanguage`, the Beam step.

Figures behind the choices here (the `auto` split, the paragraph rule): `bench/LANGUAGE.md`.
"""

from pipelines.language.detectors import DEFAULT_LANGUAGES, DETECTORS, Detector, make_detector, normalise
from pipelines.language.policy import ArticleLanguage, detect_article, with_language
from pipelines.language.transform import DetectLanguage, detector_for_process

__all__ = [
    "DEFAULT_LANGUAGES",
    "DETECTORS",
    "ArticleLanguage",
    "DetectLanguage",
    "Detector",
    "detect_article",
    "detector_for_process",
    "make_detector",
    "normalise",
    "with_language",
]
