"""LSH over stored MinHash values: which held rows may be copies of new ones, and how similar they are.

`BandIndex` keeps, per row, the low 16 bits of each MinHash value (b-bit minwise hashing: two
unrelated values agree by chance once in 65,536, which moves a similarity estimate by 0.00002) and
the row's band keys. Band keys of older rows sit in one sorted uint32 array searched with
`np.searchsorted`; those of rows added since the last merge wait in a small dict. No MinHash objects
and no per-band sets are kept: datasketch's MinHashLSH holds ~7.8 kB per article (1.5 GiB at a day's
200,000 articles, bench/DEDUP.md), this ~550 bytes.
"""

from __future__ import annotations

import math
import sys

import numpy as np
from datasketch import MinHash

from pipelines.signatures import SCHEME, SEED

STORED = np.uint16  # what the index keeps of each MinHash value: its low 16 bits
EMPTY = np.uint16(0xFFFF)  # the (low bits of the) value of every slot of a MinHash that saw no shingle
# Rows whose band keys wait in a dict before a merge into the sorted arrays: a dict entry costs about
# 140 bytes against 8 in the arrays, and a merge (np.insert) costs ~30 ms at 200,000 rows.
PENDING_ROWS = 4096
# Most rows one bucket offers as candidates (the oldest ones): a thousand identical short bodies
# must not make a million comparisons; identical rows are in one cluster anyway.
BUCKET_CAP = 64
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) for the band-key hash
_CHUNK = 16384  # rows per step when band keys are computed for many rows at once
_EDGE_CHUNK = 1024  # batch rows whose candidate pairs are gathered and deduplicated together


def stored(sig: MinHash | np.ndarray, num_perm: int) -> np.ndarray:
    """What the index keeps of a signature (or of hash values): the low 16 bits of each value."""
    values = sig.hashvalues if isinstance(sig, MinHash) else sig
    if isinstance(sig, MinHash) and (sig.seed != SEED or sig.scheme != SCHEME):
        raise ValueError(
            f"signature made with seed {sig.seed} / {sig.scheme}, the index needs {SEED} / {SCHEME}"
        )
    if len(values) != num_perm:
        raise ValueError(f"signature has {len(values)} permutations, the index uses {num_perm}")
    return (np.asarray(values) & 0xFFFF).astype(STORED)


def is_empty(values: np.ndarray) -> np.ndarray:
    """Rows of stored values that saw no shingle (an article with no body words)."""
    return np.all(values == EMPTY, axis=-1)


def bands(threshold: float, num_perm: int, *, recall: float = 0.99) -> tuple[int, int]:
    """LSH bands and rows per band: the most selective banding that still offers a pair at exactly
    the threshold as a candidate with probability `recall` (1 - (1 - t^r)^b >= recall), with no
    more bands than that needs.

    Candidates are checked against the threshold afterwards, so a false candidate costs one
    comparison while a missed one loses a copy for good. (datasketch's MinHashLSH optimum balances
    the two, which at 0.5 and 128 permutations offers only 87% of the pairs at the threshold.)
    """
    best = (num_perm, 1)
    for r in range(1, num_perm + 1):
        miss = 1 - threshold**r  # a pair at the threshold misses one band
        if miss <= 0:
            return (1, r)
        b = math.ceil(math.log(1 - recall) / math.log(miss)) if miss < 1 else num_perm + 1
        if b * r <= num_perm:
            best = (b, r)
    return best


def band_keys(values: np.ndarray, b: int, r: int) -> np.ndarray:
    """(n, num_perm) stored values -> (n, b) uint32 keys, one per band (band number mixed in).

    32 bits are enough: two unrelated bands share a key once in four billion, and a shared key only
    makes a candidate, which is then checked against the full signature.
    """
    n = values.shape[0]
    keys = np.broadcast_to(np.arange(1, b + 1, dtype=np.uint64) * _MIX, (n, b)).copy()
    for j in range(r):
        keys = (keys ^ values[:, j : b * r : r].astype(np.uint64)) * _MIX
        keys ^= keys >> np.uint64(29)
    return (keys >> np.uint64(32)).astype(np.uint32)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """`np.unique` by sorting: numpy 2's hash-based unique took 6.5 s where this takes 0.5 s (11
    million int64 pair ids)."""
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if values.size else values


class BandIndex:
    """Stored MinHash values by row, and the LSH buckets over them."""

    def __init__(self, *, threshold: float, num_perm: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.b, self.r = bands(threshold, num_perm)
        self._n = 0
        self._values = np.empty((0, num_perm), dtype=STORED)
        self._sorted_keys = np.empty(0, dtype=np.uint32)
        self._sorted_rows = np.empty(0, dtype=np.int32)
        self._merged = 0
        self._pending: dict[int, list[int]] = {}

    @classmethod
    def from_values(cls, values: np.ndarray, *, threshold: float, num_perm: int) -> BandIndex:
        """An index over rows of stored values (a loaded or expired index), merged in one go."""
        index = cls(threshold=threshold, num_perm=num_perm)
        index._values = np.ascontiguousarray(values, dtype=STORED)
        index._n = len(index._values)
        index._merge()
        return index

    def __len__(self) -> int:
        return self._n

    @property
    def values(self) -> np.ndarray:
        """The stored values of every row (a view)."""
        return self._values[: self._n]

    def keys(self, values: np.ndarray) -> np.ndarray:
        """Band keys of rows of stored values."""
        return band_keys(values, self.b, self.r)

    def append(self, values: np.ndarray, keys: np.ndarray | None = None) -> int:
        """Adds one row of stored values (with its band keys, if computed already); returns its row."""
        row = self._n
        if row == len(self._values):  # grow by a quarter: doubling would leave half a day unused
            self._values = np.resize(self._values, (row + max(1024, row // 4), self.num_perm))
        self._values[row] = values
        self._n += 1
        if not is_empty(values):  # an article with no body words is never offered as a match
            for key in (self.keys(values[None, :])[0] if keys is None else keys).tolist():
                self._pending.setdefault(key, []).append(row)
        if self._n - self._merged >= PENDING_ROWS:
            self._merge()
        return row

    def similar(self, values: np.ndarray, *, exclude: int = -1) -> tuple[np.ndarray, np.ndarray]:
        """Rows at or above the threshold for one row of stored values, with their similarity."""
        none = (np.empty(0, dtype=np.int32), np.empty(0))
        if not self._n or is_empty(values):
            return none
        keys = self.keys(values[None, :])[0]
        rows = np.unique(self._held_pairs(keys, np.zeros(keys.size, np.int64))[1]).astype(np.int32)
        rows = rows[rows != exclude]
        similarity = (self._values[rows] == values).mean(axis=1)
        keep = similarity >= self.threshold
        return rows[keep], similarity[keep]

    def batch_edges(self, values: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (batch index, row, similarity) at or above the threshold for a batch about to be
        appended as rows len(self), len(self) + 1, ...: with the rows held, and within the batch (both
        ways, a batch row numbered as it will be). Sorted by batch index, then row.

        Candidates are gathered for `_EDGE_CHUNK` batch rows at a time: against a full index every
        row brings up to `BUCKET_CAP` candidates per band, and 10,000 rows at once made 11 million
        candidate pairs (a gigabyte of index arrays) before duplicates were dropped.
        """
        first, (m, b) = self._n, keys.shape
        live = np.flatnonzero(~is_empty(values))
        inner_i, inner_row = self._inner_pairs(keys[live].ravel(), np.repeat(live, b), first)
        span = first + m
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for chunk in np.array_split(live, max(1, -(-live.size // _EDGE_CHUNK))):
            if not chunk.size:
                continue
            held_i, held_row = self._held_pairs(keys[chunk].ravel(), np.repeat(chunk, b))
            pairs_i, pairs_row = [held_i], [held_row]
            inside = (inner_i >= chunk[0]) & (inner_i <= chunk[-1])
            pairs_i.append(inner_i[inside])
            pairs_row.append(inner_row[inside])
            pair_id = _sorted_unique(
                np.concatenate(pairs_i).astype(np.int64) * span + np.concatenate(pairs_row)
            )
            if not pair_id.size:
                continue
            i, row = pair_id // span, pair_id % span
            similarity = np.empty(i.size)
            new = row >= first
            for part, pool, offset in ((~new, self._values, 0), (new, values, first)):
                for sub in np.array_split(np.flatnonzero(part), max(1, int(part.sum()) // 65536)):
                    similarity[sub] = (pool[row[sub] - offset] == values[i[sub]]).mean(axis=1)
            keep = similarity >= self.threshold
            found.append((i[keep], row[keep], similarity[keep]))
        if not found:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        return (
            np.concatenate([f[0] for f in found]),
            np.concatenate([f[1] for f in found]),
            np.concatenate([f[2] for f in found]),
        )

    def _held_pairs(self, keys: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, held row) for every held row sharing one of `keys` (`owner[i]` is the owner of
        `keys[i]`), at most BUCKET_CAP rows per key: the oldest of a sorted bucket, the first pending."""
        pairs_i: list[np.ndarray] = [np.empty(0, np.int64)]
        pairs_row: list[np.ndarray] = [np.empty(0, np.int64)]
        if self._sorted_keys.size and keys.size:
            lo = np.searchsorted(self._sorted_keys, keys, side="left")
            hi = np.minimum(np.searchsorted(self._sorted_keys, keys, side="right"), lo + BUCKET_CAP)
            counts = hi - lo
            hit = np.flatnonzero(counts > 0)
            if hit.size:
                counts = counts[hit]
                ends = np.cumsum(counts)
                at = np.repeat(lo[hit] - (ends - counts), counts) + np.arange(int(ends[-1]))
                pairs_i.append(np.repeat(owner[hit], counts).astype(np.int64))
                pairs_row.append(self._sorted_rows[at].astype(np.int64))
        if self._pending:
            for h, key in enumerate(keys.tolist()):
                if key in self._pending:
                    rows = np.asarray(self._pending[key][:BUCKET_CAP], dtype=np.int64)
                    pairs_i.append(np.full(rows.size, owner[h], dtype=np.int64))
                    pairs_row.append(rows)
        return np.concatenate(pairs_i), np.concatenate(pairs_row)

    @staticmethod
    def _inner_pairs(flat: np.ndarray, owner: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray]:
        """(batch index, row) of batch rows sharing a band key, both ways, at most a star per huge bucket."""
        pairs_i: list[np.ndarray] = [np.empty(0, np.int64)]
        pairs_row: list[np.ndarray] = [np.empty(0, np.int64)]
        order = np.argsort(flat, kind="stable")
        sorted_flat, sorted_owner = flat[order], owner[order]
        starts = np.flatnonzero(np.r_[True, sorted_flat[1:] != sorted_flat[:-1]]) if flat.size else flat
        sizes = np.diff(np.r_[starts, flat.size]) if flat.size else flat
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            group = sorted_owner[start : start + size]
            if size > BUCKET_CAP:  # a huge bucket: each member is compared with the first only
                pairs_i += [group[1:], group[:1].repeat(size - 1)]
                pairs_row += [group[:1].repeat(size - 1) + first, group[1:] + first]
                continue
            a, z = np.meshgrid(group, group, indexing="ij")
            other = a != z
            pairs_i.append(a[other])
            pairs_row.append(z[other] + first)
        return np.concatenate(pairs_i).astype(np.int64), np.concatenate(pairs_row).astype(np.int64)

    def _merge(self) -> None:
        """Moves the band keys of rows added since the last merge into the sorted array.

        Works in chunks and sorts (key << 32 | row) as one uint64 array, so that merging a whole
        loaded index needs about twice the size of the result, not five times.
        """
        parts = []
        for start in range(self._merged, self._n, _CHUNK):
            chunk = self._values[start : min(start + _CHUNK, self._n)]
            live = np.arange(start, start + len(chunk), dtype=np.uint64)[~is_empty(chunk)]
            keys = self.keys(chunk[live - np.uint64(start)]).astype(np.uint64)
            parts.append(((keys << np.uint64(32)) | live[:, None]).ravel())
        if parts:
            merged = np.concatenate(parts)
            del parts
            merged.sort()
            new_keys = (merged >> np.uint64(32)).astype(np.uint32)
            new_rows = (merged & np.uint64(0xFFFFFFFF)).astype(np.int32)
            del merged
            if self._sorted_keys.size:
                at = np.searchsorted(self._sorted_keys, new_keys, side="right")
                self._sorted_keys = np.insert(self._sorted_keys, at, new_keys)
                self._sorted_rows = np.insert(self._sorted_rows, at, new_rows)
            else:
                self._sorted_keys, self._sorted_rows = new_keys, new_rows
        self._merged = self._n
        self._pending = {}

    def nbytes(self) -> int:
        """Bytes held: the arrays (with their headroom) and the pending dict."""
        pending = sys.getsizeof(self._pending) + sum(
            sys.getsizeof(k) + sys.getsizeof(v) for k, v in self._pending.items()
        )
        return self._values.nbytes + self._sorted_keys.nbytes + self._sorted_rows.nbytes + pending
