"""`DetectLanguage`: the Beam step, one detector per worker process."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from functools import partial

import apache_beam as beam

from pipelines.deadletters import guarded
from pipelines.language.detectors import DEFAULT_LANGUAGES, DETECTORS, Detector, make_detector, validated
from pipelines.language.policy import with_language
from schemas import Article, DeadLetter


@functools.cache
def detector_for_process(name: str, languages: tuple[str, ...]) -> Detector:
    """One detector per process, for every step that detects language.

    Beam's DaskRunner calls DoFn.setup() once per partition, not once per worker; lingua's models
    take ~1.5 s and ~350 MB to build, so each process builds a detector once and keeps it.
    """
    return make_detector(name, languages=languages)


class _DetectLanguageFn(beam.DoFn):
    def __init__(self, detector: str, languages: tuple[str, ...]):
        self._name = detector
        self._languages = languages
        self._detector: Detector | None = None

    def setup(self) -> None:
        self._detector = detector_for_process(self._name, self._languages)

    def process(self, element: Article | DeadLetter) -> Iterator[Article | DeadLetter]:
        assert self._detector is not None, "setup() builds the detector"
        # The one error path: dead letters and tallies pass, an exception becomes a dead letter.
        yield guarded("language", partial(with_language, detector=self._detector))(element)


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
