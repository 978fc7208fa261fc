"""Which inputs a run reads, and what each one came to: the rows of the `inputs` view.

A file whose size and mtime match the state is unchanged without being opened; one whose mtime
moved but whose bytes hash the same is unchanged too (a `touch`, a copy that kept the content).
A feed URL is fetched before the run with the validators the state kept (a 304 costs nothing
more), and a feed that keeps failing is left alone until its back-off ends. Everything else is
read; the versions step then skips, item by item, what the lake already holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors.fingerprint import hash_file, stat_file
from connectors.http import FetchSettings, fetch_failure
from connectors.lake import Fingerprint, InputOutcome
from connectors.opml import is_url
from connectors.polite import FeedStatus, after_fetch, fetch_many
from connectors.sources import FetchedInput, fetched_input
from schemas import DeadLetter
from schemas.ids import location


@dataclass(frozen=True, slots=True)
class PlannedInput:
    """One input of a run: where it is, what kind, and what it looks like now (None: unknown).

    A feed URL fetched before the run carries its body (`fetched`) and where it moved (`moved_to`).
    """

    path: str
    kind: str
    location: str
    fingerprint: Fingerprint | None
    fetched: FetchedInput | None = None
    moved_to: str | None = None


@dataclass
class Plan:
    """The inputs a run reads, those it skips as unchanged, and feeds settled before the run."""

    read: list[PlannedInput] = field(default_factory=list)
    unchanged: list[PlannedInput] = field(default_factory=list)
    settled: list[InputOutcome] = field(default_factory=list)  # not-modified, backed-off, fetch errors
    letters: list[DeadLetter] = field(default_factory=list)  # why a feed could not be fetched

    def batches(self, size: int) -> list[Plan]:
        """The plan cut into plans of at most `size` inputs to read, each run and committed on its
        own, so a run's memory is bounded by `size`, not by the number of inputs. The first batch
        carries the inputs settled without reading (unchanged, not modified, failed fetches)."""
        if size < 1:
            raise ValueError("a batch needs at least one input")
        cuts = [self.read[i : i + size] for i in range(0, len(self.read), size)] or [[]]
        return [
            Plan(read=cut, unchanged=self.unchanged, settled=self.settled, letters=self.letters)
            if n == 0
            else Plan(read=cut)
            for n, cut in enumerate(cuts)
        ]

    @property
    def items(self) -> list[Any]:
        """What the graph reads: (path, kind) for files, the fetched body for feeds."""
        return [p.fetched or (p.path, p.kind) for p in self.read]


def plan_inputs(
    files: Sequence[tuple[str, str]],
    known: Callable[[str], Fingerprint | None],
    *,
    full_refresh: bool = False,
) -> Plan:
    """Splits (path, kind) inputs into those to read and those unchanged since `known` saw them."""
    plan = Plan()
    for path, kind in files:
        where = location(path)
        if is_url(path):
            plan.read.append(PlannedInput(path, kind, where, None))  # `fetch_feeds` decides
            continue
        try:
            size, mtime = stat_file(path)
        except OSError:
            plan.read.append(PlannedInput(path, kind, where, None))  # the reader reports why
            continue
        before = None if full_refresh else known(where)
        if before is not None and (before.size, before.mtime_ns) == (size, mtime) and before.sha256:
            plan.unchanged.append(PlannedInput(path, kind, where, before))
            continue
        try:
            digest = hash_file(path)
        except OSError:
            plan.read.append(PlannedInput(path, kind, where, None))
            continue
        now = Fingerprint(size=size, mtime_ns=mtime, sha256=digest)
        if before is not None and before.sha256 == digest:
            plan.unchanged.append(PlannedInput(path, kind, where, now))
        else:
            plan.read.append(PlannedInput(path, kind, where, now))
    return plan


def fetch_feeds(
    plan: Plan,
    known: Callable[[str], dict[str, Any] | None],
    settings: FetchSettings,
    *,
    now: dt.datetime,
    full_refresh: bool = False,
) -> Plan:
    """Fetches the plan's feed URLs before the run: politely, all at once, conditionally.

    A feed answering 304 (or the same bytes as last time) is settled as `not-modified` (`unchanged`)
    and costs nothing more; one still backing off after failures is `backed-off`; one that fails is
    an `error` with a dead letter saying why and a later next attempt. The rest are read by the
    graph from the fetched bytes. `known(location)` is the state's row for an input.
    """
    feeds = [p for p in plan.read if is_url(p.path)]
    if not feeds:
        return plan
    keep = [p for p in plan.read if not is_url(p.path)]
    due: dict[str, tuple[PlannedInput, FeedStatus | None]] = {}
    for p in feeds:
        previous = None if full_refresh else _feed_status(p.path, known(p.location))
        if previous is not None and not previous.is_due(now):
            plan.settled.append(
                InputOutcome(
                    p.location,
                    "feed",
                    "backed-off",
                    error=previous.last_error,
                    next_attempt=_iso(previous.next_attempt_at),
                )
            )
            continue
        due[previous.url if previous else p.path] = (p, previous)
    validators = {url: prev.validators for url, (_, prev) in due.items() if prev is not None}
    results = fetch_many(list(due), validators=validators, settings=settings)
    for url, result in results.items():
        p, previous = due[url]
        status = after_fetch(previous, result, given_url=p.path)
        fingerprint = Fingerprint(
            sha256=status.body_sha256, etag=status.etag, last_modified=status.last_modified
        )
        moved = status.url if status.url != p.path else None
        if status.last_status == "ok":
            keep.append(
                dataclasses.replace(
                    p, fingerprint=fingerprint, fetched=fetched_input(p.path, result), moved_to=moved
                )
            )
        elif status.last_status == "error":
            plan.letters.append(fetch_failure(p.path, result))
            plan.settled.append(
                InputOutcome(p.location, "feed", "error", dead_letters=1, error=result.error,
                             moved_to=moved, next_attempt=_iso(status.next_attempt_at))
            )  # fmt: skip
        else:  # not-modified, or the same bytes again
            plan.settled.append(
                InputOutcome(p.location, "feed", status.last_status or "not-modified", bytes=len(result.body),
                             fingerprint=fingerprint, moved_to=moved)
            )  # fmt: skip
    plan.read = keep
    return plan


def _feed_status(url: str, row: dict[str, Any] | None) -> FeedStatus | None:
    """A feed's status as the state keeps it (its input row), for the next conditional fetch."""
    if row is None:
        return None
    return FeedStatus(
        given_url=url,
        url=row.get("moved_to") or url,
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        body_sha256=row.get("sha256"),
        last_status=row.get("last_outcome"),
        failures=int(row.get("failures") or 0),
        next_attempt_at=dt.datetime.fromisoformat(row["next_attempt"]) if row.get("next_attempt") else None,
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def outcome_of(read: PlannedInput, tally: dict[str, Any] | None) -> InputOutcome:
    """What reading one input came to, from the counts the writer kept for it."""
    t = tally or {}
    documents = int(t.get("documents") or 0)
    dead = int(t.get("dead_letters") or 0)
    outcome = ("error" if dead else "empty") if documents == 0 else "ok"
    errors = t.get("errors") or []
    error = (
        "; ".join(errors[:3]) + (f" (+{len(errors) - 3} more)" if len(errors) > 3 else "") if errors else None
    )
    return InputOutcome(
        location=read.location,
        kind=read.kind,
        outcome=outcome,
        bytes=t.get("bytes"),
        items=documents,
        new=int(t.get("new", 0)),
        changed=int(t.get("changed", 0)),
        unchanged=int(t.get("unchanged", 0)),
        duplicates=int(t.get("duplicates", 0)),
        dead_letters=dead,
        seconds=t.get("seconds"),
        error=error,
        fingerprint=read.fingerprint,
        moved_to=read.moved_to,
    )


def input_outcomes(
    plan: Plan, tallies: dict[str, dict[str, Any]], *, missing: Sequence[str] = (), errors: Sequence[Any] = ()
) -> list[InputOutcome]:
    """One outcome per input of the run: read ones from the writer's tallies, skipped ones unchanged."""
    outcomes = [outcome_of(p, tallies.get(p.path)) for p in plan.read] + list(plan.settled)
    outcomes += [
        InputOutcome(
            location=p.location,
            kind=p.kind,
            outcome="unchanged",
            bytes=p.fingerprint.size if p.fingerprint else None,
            fingerprint=p.fingerprint,
        )
        for p in plan.unchanged
    ]
    outcomes += [
        InputOutcome(
            location=m,
            kind="unknown",
            outcome="error",
            dead_letters=1,
            error="no such file, folder or glob match",
        )
        for m in missing
    ]
    outcomes += [
        InputOutcome(location=location(e.source), kind="list", outcome="error", dead_letters=1, error=e.error)
        for e in errors
    ]
    return outcomes
