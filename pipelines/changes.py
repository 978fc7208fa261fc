"""What changed between two versions of a story, and a story's history as a readable diff.

`changes(previous, current)` compares two versions (Article records or their lake rows): the title,
the body paragraphs (added, removed, edited: difflib's SequenceMatcher over the paragraph lists, an
edited paragraph being one replaced by a paragraph similar enough to it), the captions (added,
removed, by their text) and the new update stamp. `CHANGES_TYPE` is its Arrow struct for the lake.
`render_history` prints a story version by version, and the other outlets that carried it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from schemas import Article

EDIT_RATIO = 0.5  # word-level similarity at or above which a replaced paragraph counts as edited

Record = Article | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Changes:
    """What a version changed since the previous version of its story."""

    title_changed: bool
    paragraphs_added: int
    paragraphs_removed: int
    paragraphs_edited: int
    captions_added: int
    captions_removed: int
    updated_at: dt.datetime | None

    def summary(self) -> str:
        """One line for people: `title changed, 1 paragraph added, 2 edited` (or `no change`)."""
        parts = ["title changed"] if self.title_changed else []
        for count, what in (
            (self.paragraphs_added, "added"),
            (self.paragraphs_removed, "removed"),
            (self.paragraphs_edited, "edited"),
        ):
            if count:
                parts.append(f"{count} paragraph{'s' if count != 1 else ''} {what}")
        for count, what in ((self.captions_added, "added"), (self.captions_removed, "removed")):
            if count:
                parts.append(f"{count} caption{'s' if count != 1 else ''} {what}")
        return ", ".join(parts) or "no change"


CHANGES_TYPE = pa.struct(
    [
        pa.field("title_changed", pa.bool_(), nullable=False),
        pa.field("paragraphs_added", pa.int32(), nullable=False),
        pa.field("paragraphs_removed", pa.int32(), nullable=False),
        pa.field("paragraphs_edited", pa.int32(), nullable=False),
        pa.field("captions_added", pa.int32(), nullable=False),
        pa.field("captions_removed", pa.int32(), nullable=False),
        pa.field("updated_at", pa.timestamp("us", tz="UTC")),
    ]
)


def to_struct(changes: Changes | None) -> dict[str, Any] | None:
    """The value for a `CHANGES_TYPE` column (None for a story's first version)."""
    return None if changes is None else asdict(changes)


def _get(record: Record, name: str) -> Any:
    return record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _texts(items: Sequence[Any] | None) -> list[str]:
    """Texts of paragraphs or captions, whether records or Parquet structs."""
    out = []
    for item in items or ():
        text = item.get("text") if isinstance(item, Mapping) else getattr(item, "text", item)
        if _norm(text):
            out.append(_norm(text))
    return out


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two paragraphs (difflib ratio over their words)."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _pair_edits(old: Sequence[str], new: Sequence[str], ratio: float) -> list[tuple[int | None, int | None]]:
    """Pairs a replaced block's paragraphs in order: (old, new) edited, (old, None), (None, new)."""
    pairs: list[tuple[int | None, int | None]] = []
    start = 0
    for i, text in enumerate(old):
        match = next((j for j in range(start, len(new)) if similarity(text, new[j]) >= ratio), None)
        if match is None:
            pairs.append((i, None))
            continue
        pairs.extend((None, j) for j in range(start, match))
        pairs.append((i, match))
        start = match + 1
    pairs.extend((None, j) for j in range(start, len(new)))
    return pairs


def _diff(
    old: Sequence[str], new: Sequence[str], ratio: float
) -> Iterator[tuple[str, int | None, int | None]]:
    """Paragraph operations: ("equal" | "edited" | "removed" | "added", old index, new index)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield from (("equal", i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        for i, j in _pair_edits(old[i1:i2], new[j1:j2], ratio):
            if i is not None and j is not None:
                yield ("edited", i1 + i, j1 + j)
            elif i is not None:
                yield ("removed", i1 + i, None)
            else:
                yield ("added", None, j1 + (j or 0))


def changes(previous: Record, current: Record, *, edit_ratio: float = EDIT_RATIO) -> Changes:
    """What `current` changed since `previous` (two versions of one story, records or lake rows)."""
    if not 0.0 < edit_ratio <= 1.0:
        raise ValueError(f"edit_ratio must be in (0, 1], got {edit_ratio}")
    ops = Counter(
        op
        for op, _, _ in _diff(
            _texts(_get(previous, "paragraphs")), _texts(_get(current, "paragraphs")), edit_ratio
        )
    )
    old_captions = Counter(_texts(_get(previous, "captions")))
    new_captions = Counter(_texts(_get(current, "captions")))
    return Changes(
        title_changed=_norm(_get(previous, "title")) != _norm(_get(current, "title")),
        paragraphs_added=ops["added"],
        paragraphs_removed=ops["removed"],
        paragraphs_edited=ops["edited"],
        captions_added=sum((new_captions - old_captions).values()),
        captions_removed=sum((old_captions - new_captions).values()),
        updated_at=_get(current, "updated_at"),
    )


# -- history ----------------------------------------------------------------------------------------


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "time unknown"


def outlet(record: Record) -> str:
    """Who carried it: the URL's host without `www.`, else the input's file name."""
    url = _get(record, "url")
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    source = str(_get(record, "source") or "?")
    return source.rsplit("/", 1)[-1]


def _stamp(record: Record) -> dt.datetime | None:
    return _get(record, "published_at") or _get(record, "ingested_at")


def word_diff(old: str, new: str) -> str:
    """One paragraph's edit with removed words as [-...-] and added words as {+...+}."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _version_diff(previous: Record, current: Record, edit_ratio: float) -> list[str]:
    lines = []
    old_title, new_title = _norm(_get(previous, "title")), _norm(_get(current, "title"))
    if old_title != new_title:
        lines += [f"  - title: {old_title}", f"  + title: {new_title}"]
    old, new = _texts(_get(previous, "paragraphs")), _texts(_get(current, "paragraphs"))
    unchanged = 0
    for op, i, j in _diff(old, new, edit_ratio):
        if op == "equal":
            unchanged += 1
            continue
        if unchanged:
            lines.append(f"    ({unchanged} unchanged paragraph{'s' if unchanged != 1 else ''})")
            unchanged = 0
        if op == "edited" and i is not None and j is not None:
            lines.append(f"  ~ ¶{j + 1}: {word_diff(old[i], new[j])}")
        elif op == "removed" and i is not None:
            lines.append(f"  - ¶{i + 1}: {old[i]}")
        elif j is not None:
            lines.append(f"  + ¶{j + 1}: {new[j]}")
    if unchanged:
        lines.append(f"    ({unchanged} unchanged paragraph{'s' if unchanged != 1 else ''})")
    old_captions, new_captions = (
        Counter(_texts(_get(previous, "captions"))),
        Counter(_texts(_get(current, "captions"))),
    )
    lines += [f"  - caption: {c}" for c in (old_captions - new_captions).elements()]
    lines += [f"  + caption: {c}" for c in (new_captions - old_captions).elements()]
    return lines


def render_history(
    versions: Sequence[Record], copies: Sequence[Record] = (), *, edit_ratio: float = EDIT_RATIO
) -> str:
    """A story's history: each version as a diff of title and paragraphs, then who carried it.

    Args:
        versions: the story's versions, oldest first (their `version` field, when present, numbers them).
        copies: the rows of the story's cluster (other outlets' copies, any version); listed by outlet
            with when each first carried it, earliest first.
    """
    if not versions:
        raise ValueError("render_history needs at least one version")
    first = versions[0]
    lines = [
        f"story {_get(first, 'story_id') or '?'}: {_norm(_get(versions[-1], 'title')) or '(no title)'}",
        f"{len(versions)} version{'s' if len(versions) != 1 else ''}, first from {outlet(first)}",
        "",
    ]
    for n, current in enumerate(versions, start=1):
        number = _get(current, "version") or n
        if n == 1:
            lines.append(f"version {number}  published {_when(_stamp(current))}")
            lines.append(f"  title: {_norm(_get(current, 'title'))}")
            lines += [
                f"  ¶{k}: {text}" for k, text in enumerate(_texts(_get(current, "paragraphs")), start=1)
            ]
            lines += [f"  caption: {text}" for text in _texts(_get(current, "captions"))]
        else:
            previous = versions[n - 2]
            change = changes(previous, current, edit_ratio=edit_ratio)
            stamp = _get(current, "updated_at") or _get(current, "ingested_at")
            lines.append(f"version {number}  updated {_when(stamp)}: {change.summary()}")
            lines += _version_diff(previous, current, edit_ratio)
        lines.append("")
    if copies:
        first_seen: dict[str, tuple[dt.datetime | None, Record]] = {}
        for record in copies:
            name, when = outlet(record), _stamp(record)
            seen = first_seen[name][0] if name in first_seen else None
            if name not in first_seen or (when is not None and (seen is None or when < seen)):
                first_seen[name] = (when, record)
        lines.append(f"carried by {len(first_seen)} outlet{'s' if len(first_seen) != 1 else ''}:")
        ordered = sorted(
            first_seen.items(), key=lambda kv: (kv[1][0] is None, kv[1][0] or dt.datetime.min, kv[0])
        )
        width = max(len(name) for name in first_seen)
        for name, (when, record) in ordered:
            title = _norm(_get(record, "title"))
            lines.append(f"  {_when(when)}  {name:<{width}}  {title}".rstrip())
    return "\n".join(lines).rstrip() + "\n"
