"""`DetectLanguage`: the Beam step, one detector per worker process."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import apache_beam as beam

from pipelines.deadletters import dead_letter
from pipelines.language.detectors import DEFAULT_LANGUAGES, DETECTORS, Detector, make_detector, validated
from pipelines.language.policy import with_language
from schemas import Article, DeadLetter


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
        self._languages = validated(tuple(languages))

    def expand(self, articles):
        return articles | "Detect" >> beam.ParDo(_DetectLanguageFn(self._detector, self._languages))
