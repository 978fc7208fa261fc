"""Copies: one wire story republished by many outlets gets one `cluster_id`.

An article's body paragraphs become a MinHash signature (pipelines/signatures.py). `CopyIndex`
finds, among the articles it holds, those whose estimated Jaccard similarity reaches a threshold
(LSH buckets offer candidates, their signatures decide) and gives a new article the cluster of its
closest match, or a new cluster named by its own `article_id`. Within one batch copies are linked
transitively (single link): A~B and B~C put all three in one cluster.

The rule for ids, so that they are deterministic and independent of input order:

- A batch is processed sorted by (published_at, article_id), so the first member of a new cluster is
  its earliest-published one (ties broken by article_id), and the same set of articles gives the same
  clusters in any order.
- A cluster keeps the id it was given: the id of its earliest member at the time it was formed.
  An article that arrives in a later run but was published earlier joins the existing cluster and does
  not rename it, because ids already written to the append-only lake never change. (`first seen` of a
  cluster is therefore min(published_at) over its members, not necessarily its id's article.)
- `rebuild` from lake rows that carry their `cluster_id` reproduces those ids exactly; from rows
  without one (a backfill) it assigns them as one batch.

Memory: the index holds compact arrays, not MinHash objects (pipelines/lsh.py: ~800 bytes per
article in all, 156 MiB at a day's 200,000), and only the articles added in the last `window` (by
the time they were added, so an old-dated article ingested today still matches a copy arriving
tomorrow): `expire` drops the rest. Exact repeats need no MinHash: `identity.content_hash` already
names the same content.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash

from pipelines.lsh import STORED, BandIndex, bands, stored
from pipelines.signatures import SCHEME, SEED, shingles, signature, words
from schemas import Article

__all__ = [
    "Assignment",
    "CopyIndex",
    "CopyOptions",
    "assign_articles",
    "bands",
    "exact_repeats",
    "shingles",
    "signature",
    "words",
]

FORMAT = 1  # on-disk layout of a saved index
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class CopyOptions:
    """How copies are found. The defaults are the ones bench/dedup_quality.py measured best.

    Attributes:
        threshold: estimated Jaccard similarity of shingle sets at or above which two bodies are copies.
        num_perm: MinHash size (permutations); more is more exact and more memory.
        shingle: words per shingle; shorter shingles make different stories on one event look alike.
        window: how long an added article stays matchable (by the time it was added).
    """

    threshold: float = 0.5
    num_perm: int = 128
    shingle: int = 3
    window: dt.timedelta = dt.timedelta(days=2)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be between 16 and 1024, got {self.num_perm}")
        if not 1 <= self.shingle <= 10:
            raise ValueError(f"shingle must be between 1 and 10 words, got {self.shingle}")
        if self.window <= dt.timedelta(0):
            raise ValueError(f"window must be positive, got {self.window}")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its cluster, the member it matched (None: it opened the cluster)."""

    article_id: str
    cluster_id: str
    match: str | None
    similarity: float


def _micros(when: dt.datetime) -> int:
    if when.tzinfo is None:
        raise ValueError(f"timestamp must be timezone-aware, got {when!r}")
    return (when - _EPOCH) // dt.timedelta(microseconds=1)


class CopyIndex:
    """Articles' signatures with an LSH index over them (pipelines/lsh.py), and each one's cluster.

    Row i of the index is one article: its id, its cluster, when it was published and added (int64
    microseconds) and, in the BandIndex, its stored signature.
    """

    def __init__(self, options: CopyOptions | None = None) -> None:
        self.options = options or CopyOptions()
        self._bands = BandIndex(threshold=self.options.threshold, num_perm=self.options.num_perm)
        self._ids: list[str] = []
        self._clusters: list[str] = []
        self._row: dict[str, int] = {}
        self._published = array("q")
        self._added = array("q")

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row

    def cluster_of(self, article_id: str) -> str:
        """The cluster of an article the index holds (KeyError if it holds none by that id)."""
        return self._clusters[self._row[article_id]]

    def _rank(self, row: int, similarity: float) -> tuple[float, int, str]:
        """Orders matches: the most similar first, then the earliest published, then the smaller id."""
        return (-similarity, self._published[row], self._ids[row])

    def match(self, sig: MinHash | np.ndarray) -> tuple[str, float] | None:
        """The closest member at or above the threshold, with its similarity; None if there is none.

        Ties go to the earliest-published member (then the smaller article_id), so the answer does not
        depend on the order members were added in.
        """
        rows, similarity = self._bands.similar(stored(sig, self.options.num_perm))
        if not rows.size:
            return None
        row, sim = min(zip(rows.tolist(), similarity.tolist(), strict=True), key=lambda m: self._rank(*m))
        return self._ids[row], sim

    # -- adding --------------------------------------------------------------------------------

    def add(
        self,
        article_id: str,
        published_at: dt.datetime,
        sig: MinHash | np.ndarray,
        *,
        cluster_id: str | None = None,
        added_at: dt.datetime | None = None,
    ) -> str:
        """Adds one article and returns its cluster id (a batch of one: see `assign`).

        Args:
            article_id: the article (version) id; adding an id the index holds returns its cluster.
            published_at: when it was published (aware); orders members for ids and tie-breaks.
            sig: its `signature` (or the signature's hash values).
            cluster_id: a cluster already known for it (a later version of a known story, or a row read
                back from the lake): taken as is, without matching.
            added_at: when it entered the index (for the window); defaults to `published_at`.
        """
        if cluster_id is None:
            return self.assign([(article_id, published_at, sig)], added_at=added_at)[0].cluster_id
        if article_id not in self._row:
            published = _micros(published_at)
            self._append(
                article_id,
                cluster_id,
                stored(sig, self.options.num_perm),
                published,
                _micros(added_at) if added_at else published,
            )
        return self.cluster_of(article_id)

    def assign(
        self,
        items: Iterable[tuple[str, dt.datetime, MinHash | np.ndarray]],
        *,
        added_at: dt.datetime | None = None,
    ) -> list[Assignment]:
        """Adds a batch of (article_id, published_at, signature); returns where each went.

        Within the batch, copies are linked transitively (single link: A~B and B~C put A, B and C in
        one cluster). A linked group that matches articles the index held before joins the cluster of
        its closest such match (clusters already named never merge or change their id); otherwise it
        becomes a new cluster named by its earliest-published member (ties: the smaller article_id).
        The result does not depend on the order of `items`. Ids the index already holds keep their
        cluster. Assignments come in (published_at, article_id) order, one per distinct article id.
        """
        unique = {article_id: (published, sig) for article_id, published, sig in items}
        ordered = sorted(unique.items(), key=lambda item: (_micros(item[1][0]), item[0]))
        known = {a for a, _ in ordered if a in self._row}
        fresh = [(a, p, stored(s, self.options.num_perm)) for a, (p, s) in ordered if a not in self._row]
        first = len(self._ids)
        values = np.stack([v for _, _, v in fresh]) if fresh else np.empty((0, self.options.num_perm), STORED)
        keys = self._bands.keys(values)
        index, rows, similarity = self._bands.batch_edges(values, keys)
        for i, (article_id, published, v) in enumerate(fresh):
            micros = _micros(published)
            self._append(article_id, "", v, micros, _micros(added_at) if added_at else micros, keys[i])
        parent = list(range(len(fresh)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        rank = self._rank
        best: dict[int, tuple[int, float]] = {}  # fresh index -> its closest other member
        older: list[tuple[int, int, float]] = []  # (fresh index, older row, similarity)
        for i, row, sim in zip(index.tolist(), rows.tolist(), similarity.tolist(), strict=True):
            if i not in best or rank(row, sim) < rank(*best[i]):
                best[i] = (row, sim)
            if row >= first:
                a, b = root(i), root(row - first)
                parent[max(a, b)] = min(a, b)  # the root stays the earliest member
            else:
                older.append((i, row, sim))
        group_target: dict[int, tuple[int, float]] = {}  # group root -> the group's closest older member
        for i, row, sim in older:
            r = root(i)
            if r not in group_target or rank(row, sim) < rank(*group_target[r]):
                group_target[r] = (row, sim)
        for i in range(len(fresh)):
            r = root(i)
            self._clusters[first + i] = (
                self._clusters[group_target[r][0]] if r in group_target else fresh[r][0]
            )
        by_fresh = {article_id: i for i, (article_id, _, _) in enumerate(fresh)}
        out = []
        for article_id, _ in ordered:
            if article_id in known:
                out.append(Assignment(article_id, self.cluster_of(article_id), None, 1.0))
                continue
            row, sim = best.get(by_fresh[article_id], (-1, 1.0))
            out.append(
                Assignment(article_id, self.cluster_of(article_id), self._ids[row] if row >= 0 else None, sim)
            )
        return out

    def _append(
        self,
        article_id: str,
        cluster_id: str,
        values: np.ndarray,
        published: int,
        added: int,
        keys: np.ndarray | None = None,
    ) -> None:
        self._row[article_id] = len(self._ids)
        self._ids.append(article_id)
        self._clusters.append(cluster_id)
        self._published.append(published)
        self._added.append(added)
        self._bands.append(values, keys)

    # -- window, size, persistence ------------------------------------------------------------

    def expire(self, now: dt.datetime) -> int:
        """Drops members added before `now - window`; returns how many were dropped."""
        added = np.frombuffer(self._added, dtype=np.int64)
        keep = np.flatnonzero(added >= _micros(now - self.options.window))
        dropped = len(self) - keep.size
        if dropped:
            self._rebuild_from(
                [self._ids[i] for i in keep.tolist()],
                [self._clusters[i] for i in keep.tolist()],
                self._bands.values[keep],
                np.frombuffer(self._published, dtype=np.int64)[keep],
                added[keep],
            )
        return dropped

    def _rebuild_from(
        self,
        ids: list[str],
        clusters: list[str],
        values: np.ndarray,
        published: np.ndarray,
        added: np.ndarray,
    ) -> None:
        self._row = {article_id: i for i, article_id in enumerate(ids)}
        # A cluster named by a member shares that member's id string instead of holding a copy.
        self._ids, self._clusters = ids, [ids[self._row[c]] if c in self._row else c for c in clusters]
        self._published = array("q", np.asarray(published, dtype=np.int64).tobytes())
        self._added = array("q", np.asarray(added, dtype=np.int64).tobytes())
        self._bands = BandIndex.from_values(
            values, threshold=self.options.threshold, num_perm=self.options.num_perm
        )

    def nbytes(self) -> int:
        """Bytes the index holds: the LSH arrays, times, id strings, lists and the id lookup."""
        strings = {id(s): sys.getsizeof(s) for s in (*self._ids, *self._clusters)}
        lists = sys.getsizeof(self._ids) + sys.getsizeof(self._clusters) + sys.getsizeof(self._row)
        times = sys.getsizeof(self._published) + sys.getsizeof(self._added)
        return self._bands.nbytes() + times + sum(strings.values()) + lists

    def save(self, directory: str | os.PathLike[str], *, run_id: str | None = None) -> None:
        """Writes the index to `directory` (atomically: a reader sees the old index or the new one).

        `run_id` names the run whose articles it holds last, so that a later run can tell an index
        that lags behind the state (a crash between the state's commit and this file) and rebuild it.
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        n = len(self._ids)
        meta = {"format": FORMAT, "seed": SEED, "scheme": SCHEME, "members": n, "run_id": run_id}
        meta |= _options_json(self.options)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".index.", suffix=".npz")
        with os.fdopen(fd, "wb") as file:
            np.savez(
                file,
                ids=_pack(self._ids),
                clusters=_pack(self._clusters),
                values=self._bands.values,
                published=np.frombuffer(self._published, dtype=np.int64),
                added=np.frombuffer(self._added, dtype=np.int64),
                meta=np.array(json.dumps(meta)),
            )
        os.replace(tmp, folder / "index.npz")

    @staticmethod
    def saved_run(directory: str | os.PathLike[str]) -> str | None:
        """The `run_id` a saved index was written with (None: no index, or saved without one)."""
        path = Path(directory) / "index.npz"
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as saved:
            run_id = json.loads(str(saved["meta"])).get("run_id")
        return str(run_id) if run_id is not None else None

    @classmethod
    def load(cls, directory: str | os.PathLike[str], options: CopyOptions | None = None) -> CopyIndex:
        """Reads an index `save` wrote; an empty index if there is none yet.

        Raises:
            ValueError: the saved index was built with another signature (num_perm, shingle, seed or
                scheme): its signatures cannot be compared with new ones; rebuild it from the lake.
        """
        index = cls(options)
        path = Path(directory) / "index.npz"
        if not path.exists():
            return index
        with np.load(path, allow_pickle=False) as saved:
            meta = json.loads(str(saved["meta"]))
            wanted = {"format": FORMAT, "seed": SEED, "scheme": SCHEME} | {
                k: v for k, v in _options_json(index.options).items() if k in ("num_perm", "shingle")
            }
            differs = {k: (meta.get(k), v) for k, v in wanted.items() if meta.get(k) != v}
            if differs:
                raise ValueError(f"copy index at {path} was built with other settings {differs}: rebuild it")
            index._rebuild_from(
                _unpack(saved["ids"], meta["members"]),
                _unpack(saved["clusters"], meta["members"]),
                saved["values"],
                saved["published"],
                saved["added"],
            )
        return index

    @classmethod
    def rebuild(cls, rows: Iterable[Mapping[str, Any]], options: CopyOptions | None = None) -> CopyIndex:
        """An index from lake rows alone: `article_id`, `published_at`, `paragraphs`.

        A row's `cluster_id`, when present, is kept as it is (ids already written never change); rows
        without one are assigned as one batch. A row without `published_at` uses `ingested_at`;
        `ingested_at` also stands for when it was added (the window). Pass the rows of the window
        only (`WHERE ingested_at >= now() - window`): older ones would be held until `expire`.
        Each row's signature is kept as its stored 16-bit values, not as a MinHash object.
        """
        index = cls(options)
        Entry = tuple[str, dt.datetime, np.ndarray, str | None, dt.datetime | None]
        known: list[Entry] = []
        fresh: list[Entry] = []
        for row in rows:
            published = row.get("published_at") or row.get("ingested_at")
            if published is None:
                raise ValueError(f"row {row.get('article_id')!r} has neither published_at nor ingested_at")
            sig = stored(
                signature(
                    row.get("paragraphs") or (),
                    num_perm=index.options.num_perm,
                    shingle=index.options.shingle,
                ),
                index.options.num_perm,
            )
            entry = (row["article_id"], published, sig, row.get("cluster_id"), row.get("ingested_at"))
            (known if entry[3] else fresh).append(entry)
        for article_id, published, sig, cluster_id, added in sorted(
            known, key=lambda e: (_micros(e[1]), e[0])
        ):
            index.add(article_id, published, sig, cluster_id=cluster_id, added_at=added)
        index.assign((article_id, published, sig) for article_id, published, sig, _, _ in fresh)
        for article_id, _, _, _, added in fresh:
            if added is not None:
                index._added[index._row[article_id]] = _micros(added)
        return index


def _pack(strings: list[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, newline-separated (ids never hold a newline)."""
    if any("\n" in s for s in strings):
        raise ValueError("an article or cluster id holds a newline")
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(packed: np.ndarray, count: int) -> list[str]:
    strings = packed.tobytes().decode("utf-8").split("\n") if count else []
    if len(strings) != count:
        raise ValueError(f"saved copy index is damaged: {len(strings)} ids for {count} members")
    return strings


def exact_repeats(articles: Iterable[Article]) -> dict[str, str]:
    """Articles whose readable content (`content_hash`: title and body) an earlier one already has.

    Returns {repeat's article_id: the kept article's id}; the kept one is the earliest published
    (then the smaller article_id), so the answer does not depend on input order. Versions of one
    story never repeat each other (the versions step has numbered only changed content).
    """
    kept: dict[str, Article] = {}
    repeats: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: (_micros(a.published_at or a.ingested_at), a.article_id)):
        first = kept.setdefault(article.content_hash, article)
        if first is not article:
            repeats[article.article_id] = first.article_id
    return repeats


def assign_articles(
    index: CopyIndex,
    articles: Iterable[Article],
    *,
    story_clusters: Mapping[str, str] | None = None,
    added_at: dt.datetime | None = None,
    signatures: Mapping[str, MinHash | np.ndarray] | None = None,
) -> dict[str, Assignment]:
    """Gives a run's articles their clusters; returns them by article_id.

    A version of a story the state already knows (`story_clusters`: story_id -> cluster_id) keeps that
    story's cluster without matching; of a new story's versions in this run, the first (by update
    stamp) is matched and the later ones follow it. Every version is added, so a copy resembling any of them is found.
    An article without `published_at` is placed by `ingested_at`. `signatures` (article_id -> its
    `signature` or hash values, computed in parallel before the batch meets) saves computing them
    here; an article missing from it is signed here.
    """
    known = story_clusters or {}
    versions: dict[str, list[Article]] = {}
    for article in articles:
        versions.setdefault(article.story_id, []).append(article)
    for group in versions.values():
        # versions in the order they were written: by update stamp (the first has none or the earliest)
        group.sort(key=lambda a: (a.updated_at or a.published_at or a.ingested_at, a.article_id))
    opts = index.options

    given = signatures or {}

    def sig(article: Article) -> MinHash | np.ndarray:
        found = given.get(article.article_id)
        if found is not None:
            return found
        return signature(article.paragraphs, num_perm=opts.num_perm, shingle=opts.shingle)

    out = {
        a.article_id: a
        for a in index.assign(
            (
                (g[0].article_id, g[0].published_at or g[0].ingested_at, sig(g[0]))
                for s, g in versions.items()
                if s not in known
            ),
            added_at=added_at,
        )
    }
    for story, group in versions.items():
        cluster = known.get(story) or out[group[0].article_id].cluster_id
        for article in group if story in known else group[1:]:
            index.add(
                article.article_id,
                article.published_at or article.ingested_at,
                sig(article),
                cluster_id=cluster,
                added_at=added_at,
            )
            out[article.article_id] = Assignment(article.article_id, cluster, None, 1.0)
    return out


def _options_json(options: CopyOptions) -> dict[str, Any]:
    values = asdict(options)
    values["window"] = options.window.total_seconds()
    return values
