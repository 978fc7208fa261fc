"""Bookkeeping records that travel the stream beside articles and reach the writer, never a file.

Every step passes them through untouched (as it does dead letters); the writer counts them per input
for the `inputs` view and the run summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.pickling import positional

SKIP_REASONS = ("unchanged", "duplicate", "repeat")


@positional
@dataclass(frozen=True, slots=True)
class InputRead:
    """One input was read: how many bytes, how many documents it gave, and how long reading took."""

    source: str
    kind: str
    bytes: int
    documents: int
    seconds: float


@positional
@dataclass(frozen=True, slots=True)
class Skipped:
    """An item not written: the story already has this version (`unchanged`), the run holds it twice
    (`duplicate`), or the lake holds its exact content under another story (`repeat`)."""

    source: str
    story_id: str
    reason: str

    def __post_init__(self) -> None:
        if self.reason not in SKIP_REASONS:
            raise ValueError(f"reason must be one of {SKIP_REASONS}, got {self.reason!r}")


@positional
@dataclass(frozen=True, slots=True)
class ClusterOf:
    """The copy step's answer for one article, sent to the writer group (`group`) the article is in:
    its cluster, or `repeat` (the lake or the run already holds its exact content: not written)."""

    article_id: str
    group: str
    cluster_id: str | None
    repeat: bool = False
