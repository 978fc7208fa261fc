"""Routing failures: a step that raises yields a `DeadLetter` into the same stream, never a crash.

Step functions raise; they don't catch. The graph wraps each step once, where it is built, with
`guarded` (one element in, one out) or `guarded_flat` (one in, many out). Dead letters (and the
tallies the writer counts) pass every later step untouched and end at the single writer, which runs on every Beam runner (no tagged
outputs: Beam's DaskRunner does not separate them).
"""

from __future__ import annotations

import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from schemas import Article, DeadLetter, Document, InputRead, Skipped, to_row

T = TypeVar("T")
Element = Any  # Document | Article | DeadLetter | a source path tuple


PASS_THROUGH = (DeadLetter, InputRead, Skipped)


def passes_through(element: Element) -> bool:
    """True for what no step works on and every step hands on: dead letters and tallies."""
    return isinstance(element, PASS_THROUGH)


PASS_KEY = "\x00pass"  # no identity key starts with a NUL byte


def pass_key(element: Element, groups: int = 16) -> str:
    """A grouping step's key for what it does not work on (dead letters, tallies): a few groups,
    spread by source, that the step hands on untouched. Test with `key.startswith(PASS_KEY)`."""
    return f"{PASS_KEY}{zlib.crc32(str(getattr(element, 'source', '')).encode()) % groups}"


def describe(exc: BaseException) -> str:
    """One line naming the error: `ValueError: empty file`."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def source_of(element: Element) -> str:
    """The input a failing element came from, for the dead letter's `source`."""
    if isinstance(element, (Document, Article, DeadLetter)):
        return element.source
    if isinstance(element, tuple) and element and isinstance(element[0], str):
        return element[0]
    source = getattr(element, "source", None)  # a fetched feed's body
    if isinstance(source, str):
        return source
    return repr(element)[:200]


def payload_of(element: Element) -> str:
    """A printable excerpt of the failing element."""
    if isinstance(element, Document):
        return DeadLetter.excerpt(element.text)
    if isinstance(element, Article):
        return DeadLetter.excerpt(repr(to_row(element)))
    data = getattr(element, "data", None)  # a fetched feed's body
    if isinstance(data, bytes):
        return DeadLetter.excerpt(data)
    return DeadLetter.excerpt(repr(element))


def dead_letter(step: str, element: Element, exc: BaseException) -> DeadLetter:
    """The dead letter for `element`, which made `step` raise `exc`."""
    return DeadLetter(
        step=step,
        source=source_of(element),
        error=describe(exc),
        traceback="".join(traceback.format_exception(exc)),
        payload=payload_of(element),
    )


def guarded(step: str, fn: Callable[[Any], T]) -> Callable[[Element], T | DeadLetter]:
    """Wraps a one-to-one step: dead letters pass through, an exception becomes a dead letter."""

    def apply(element: Element) -> T | DeadLetter:
        if passes_through(element):
            return element
        try:
            return fn(element)
        except Exception as exc:  # noqa: BLE001 - routed to a dead letter, never swallowed
            return dead_letter(step, element, exc)

    apply.__name__ = f"guarded_{step}"
    return apply


def guarded_flat(
    step: str, fn: Callable[[Any], Iterable[T]]
) -> Callable[[Element], Iterator[T | DeadLetter]]:
    """Wraps a one-to-many step; what it yielded before failing is kept, then the dead letter."""

    def apply(element: Element) -> Iterator[T | DeadLetter]:
        if passes_through(element):
            yield element
            return
        try:
            yield from fn(element)
        except Exception as exc:  # noqa: BLE001 - routed to a dead letter, never swallowed
            yield dead_letter(step, element, exc)

    apply.__name__ = f"guarded_flat_{step}"
    return apply
