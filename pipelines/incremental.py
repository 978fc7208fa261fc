"""Which inputs a run reads, and what each one came to: the rows of the `inputs` view.

A file whose size and mtime match the state is unchanged without being opened; one whose mtime
moved but whose bytes hash the same is unchanged too (a `touch`, a copy that kept the content).
Everything else is read; the versions step then skips, item by item, what the lake already holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors.fingerprint import hash_file, stat_file
from connectors.lake import Fingerprint, InputOutcome
from schemas.ids import location


@dataclass(frozen=True, slots=True)
class PlannedInput:
    """One input of a run: where it is, what kind, and what it looks like now (None: unknown)."""

    path: str
    kind: str
    location: str
    fingerprint: Fingerprint | None


@dataclass
class Plan:
    """The inputs a run reads, and those it skips as unchanged."""

    read: list[PlannedInput] = field(default_factory=list)
    unchanged: list[PlannedInput] = field(default_factory=list)

    @property
    def items(self) -> list[tuple[str, str]]:
        return [(p.path, p.kind) for p in self.read]


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
        if "://" in path:
            plan.read.append(PlannedInput(path, kind, where, None))
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
    )


def input_outcomes(
    plan: Plan, tallies: dict[str, dict[str, Any]], *, missing: Sequence[str] = (), errors: Sequence[Any] = ()
) -> list[InputOutcome]:
    """One outcome per input of the run: read ones from the writer's tallies, skipped ones unchanged."""
    outcomes = [outcome_of(p, tallies.get(p.path)) for p in plan.read]
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
