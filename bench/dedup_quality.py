"""Quality of copy detection (pipelines/copies.py) on labelled copies built from text the project owns.

Originals ("bases"): the five seeds (sample_feeds/0*.txt, all on the same day's events in Venezuela),
the nine cases in sample_feeds/cases/, and short wire items made from bench/language_corpus.py, whose
sentences are parallel translations: the same item in nb, nn, da, sv, en and de is six different bases
(a Danish and a Norwegian rewrite of one item must stay apart).

Copies: each base rewritten the way outlets do it (re-headlined; captions, byline, related links and
stamps inserted; paragraphs reordered, trimmed from the end or the top, dropped from the middle; one
paragraph rewritten or translated; scattered word edits; combinations; two background paragraphs
borrowed from another story of the same kind: for a seed, another seed of the same event), with two
random seeds each.
Every base and copy is written as a text file's bytes and read the way production reads it
(`read_article_file` -> `parse_document`), so inserted captions and bylines are really set aside.
`kept` is the share of the original body's words still in the copy's body (matched paragraph by
paragraph with difflib), measured on what the parser produced.

Everything goes into one `CopyIndex` as one batch (copies published from an hour before to ten hours
after their original). Reported per setting: precision over all pairs put in one cluster; recall of
(original, copy) pairs with kept >= 0.7 (the target) and with 0.5 <= kept < 0.7 (for information);
the same recall counting only the
(original, copy) pair's own similarity, without the help of other copies ("pairs>=70%"); merges of
different seeds (same event: must be 0) and of one corpus item's language versions.

    .venv/bin/python bench/dedup_quality.py            # the grid
    .venv/bin/python bench/dedup_quality.py --quick    # the defaults only
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import itertools
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from language_corpus import SENTENCES  # noqa: E402

from connectors.article_files import read_article_file  # noqa: E402 - after the path setup above
from pipelines.copies import CopyIndex, CopyOptions, signature, words  # noqa: E402
from pipelines.parse import parse_document  # noqa: E402
from schemas import Article  # noqa: E402

T0 = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)
CORPUS_LANGS = ("nb", "nn", "da", "sv", "en", "de")
ITEM_SIZE = 8  # sentences (one a paragraph) per corpus wire item
CAPTIONS = (
    "Demonstranter samlet i sentrum tirsdag kveld. Foto: Ola Nordmann / NTB",
    "Politiet sperret av området rundt plassen. Foto: Kari Holm / Ritzau Scanpix",
)
BYLINE = "Av Kari Nordmann, NTB"
RELATED = "LES OGSÅ: Slik gikk det forrige gang"
STAMP = "Publisert 30.11.2026 kl. 09:10, oppdatert kl. 11:42"
FILLER = SENTENCES["fi"] + SENTENCES["nl"]  # unrelated text for a rewritten paragraph


@dataclass(frozen=True, slots=True)
class Base:
    name: str
    group: str  # "seed", "case" or "item<k>" (one corpus item in several languages)
    lang: str
    title: str
    paragraphs: tuple[str, ...]
    translations: dict[str, tuple[str, ...]] | None = None  # corpus items: the same item in other languages


@dataclass(frozen=True, slots=True)
class Doc:
    doc_id: str
    base: str
    edit: str
    kept: float
    published_at: dt.datetime
    paragraphs: tuple[str, ...]


def read(name: str, text: str) -> Article:
    """Reads text the way production reads an article file."""
    documents = list(read_article_file(f"{name}.txt", text.encode("utf-8")))
    document = documents[0]
    if len(documents) != 1 or not hasattr(document, "text"):
        raise ValueError(f"{name}: not one readable document: {documents}")
    return parse_document(document, run_id="bench", ingested_at=T0)


def bases() -> list[Base]:
    found = []
    for path in sorted((ROOT / "sample_feeds").glob("0*.txt")) + sorted(
        (ROOT / "sample_feeds/cases").glob("*.txt")
    ):
        article = read(path.stem, path.read_text(encoding="utf-8"))
        group = "seed" if path.parent.name == "sample_feeds" else "case"
        found.append(
            Base(
                path.stem,
                group,
                path.stem[:2],
                article.title or "",
                tuple(p.text for p in article.paragraphs),
            )
        )
    for item in range(len(SENTENCES["nb"]) // ITEM_SIZE):
        versions = {lang: SENTENCES[lang][item * ITEM_SIZE : (item + 1) * ITEM_SIZE] for lang in CORPUS_LANGS}
        for lang in CORPUS_LANGS:
            title = " ".join(versions[lang][0].split()[:5]).rstrip(",.")
            found.append(Base(f"item{item}_{lang}", f"item{item}", lang, title, versions[lang], versions))
    return found


def compose(title: str, paragraphs: list[str], *, furniture: bool = False) -> str:
    """An outlet's text file: title, then (with furniture) byline, stamp, captions and a related link."""
    lines = [title]
    if furniture:
        lines += [BYLINE, STAMP]
    body = list(paragraphs)
    if furniture:
        body.insert(min(2, len(body)), CAPTIONS[0])
        body.insert(min(5, len(body)), RELATED)
        body.insert(min(7, len(body)), CAPTIONS[1])
    return "\n\n".join(lines + body)


def trim_end(paragraphs: list[str], keep: float) -> list[str]:
    total = sum(len(words(p)) for p in paragraphs)
    out, count = [], 0
    for p in paragraphs:
        if out and count + len(words(p)) > keep * total + 1:
            break
        out.append(p)
        count += len(words(p))
    return out


def rewrite(paragraph: str, rng: random.Random, share: float) -> str:
    """Replaces `share` of a paragraph's words with unrelated words (a rewrite or changed figures)."""
    ws = paragraph.split()
    pool = " ".join(FILLER).split()
    for i in rng.sample(range(len(ws)), max(1, round(share * len(ws)))):
        ws[i] = rng.choice(pool)
    return " ".join(ws)


def edits(base: Base, rng: random.Random, donor: Base) -> list[tuple[str, str, list[str], bool]]:
    """(edit name, title, paragraphs, furniture) for every kind of copy of one base.

    `donor` is another story of the same kind (another seed: the same event) whose first two
    paragraphs a "background" copy borrows: a copy of this base that must not pull in the donor.
    """
    ps = list(base.paragraphs)
    n = len(ps)
    retitle = f"{base.title} – dette vet vi"
    middle = ps[1:-1]
    rng.shuffle(middle)
    longest = max(range(n), key=lambda i: len(ps[i]))
    out = [
        ("retitled", retitle, ps, False),
        ("furniture", base.title, ps, True),
        ("reordered", base.title, [ps[0], *middle, ps[-1]] if n > 2 else ps[::-1], False),
        ("reordered+furniture", retitle, [ps[0], *middle, ps[-1]] if n > 2 else ps[::-1], True),
    ]
    for keep in (0.9, 0.8, 0.7, 0.6, 0.5):
        out.append((f"trim_end_{keep:.0%}", base.title, trim_end(ps, keep), False))
    out.append(("trim_top_80%", base.title, trim_end(ps[::-1], 0.8)[::-1], False))
    dropped = set(rng.sample(range(n), max(1, n // 5)))
    out.append(("drop_middle", base.title, [p for i, p in enumerate(ps) if i not in dropped], False))
    out.append(
        (
            "rewrite_one",
            base.title,
            [rewrite(p, rng, 0.5) if i == longest else p for i, p in enumerate(ps)],
            False,
        )
    )
    if base.translations:
        other = rng.choice([lang for lang in base.translations if lang != base.lang])
        i = rng.randrange(n)
        out.append(
            (
                "translate_one",
                base.title,
                [base.translations[other][i] if j == i else p for j, p in enumerate(ps)],
                False,
            )
        )
    else:
        i = rng.randrange(n)
        out.append(
            (
                "translate_one",
                base.title,
                [rng.choice(SENTENCES["en"]) if j == i else p for j, p in enumerate(ps)],
                False,
            )
        )
    for share in (0.02, 0.05, 0.1):
        out.append((f"word_edits_{share:.0%}", base.title, [rewrite(p, rng, share) for p in ps], False))
    combo = [rewrite(p, rng, 0.5) if i == longest else p for i, p in enumerate(trim_end(ps, 0.85))]
    out.append(("combo", retitle, combo, True))
    heavy = [rewrite(p, rng, 0.03) for p in trim_end(ps, 0.75)]
    out.append(("combo_heavy", retitle, heavy, True))
    out.append(("background", base.title, [*ps, *donor.paragraphs[:2]], False))
    return out


def kept_share(original: tuple[str, ...], copy: tuple[str, ...]) -> float:
    """Share of the original body's words found in the copy, each original paragraph at its best match."""
    total = matched = 0
    copy_words = [words(p) for p in copy]
    for p in original:
        ws = words(p)
        total += len(ws)
        best = 0
        for cw in copy_words:
            if cw == ws:
                best = len(ws)
                break
            blocks = difflib.SequenceMatcher(None, ws, cw, autojunk=False).get_matching_blocks()
            best = max(best, sum(b.size for b in blocks))
        matched += best
    return matched / total if total else 0.0


def donor_of(base: Base, all_bases: list[Base]) -> Base:
    """The next story of the same kind: the next seed, the next case, the next item in this language."""
    if base.group.startswith("item"):
        same = [b for b in all_bases if b.group.startswith("item") and b.lang == base.lang]
    else:
        same = [b for b in all_bases if b.group == base.group]
    return same[(same.index(base) + 1) % len(same)]


def corpus(copies_per_edit: int = 2) -> list[Doc]:
    docs = []
    all_bases = bases()
    for b, base in enumerate(all_bases):
        rng = random.Random(b)
        published = T0 + dt.timedelta(hours=b)
        docs.append(Doc(base.name, base.name, "original", 1.0, published, base.paragraphs))
        for copy in range(copies_per_edit):
            for edit, title, paragraphs, furniture in edits(
                base, random.Random(f"{base.name}/{copy}"), donor_of(base, all_bases)
            ):
                article = read(f"{base.name}_{edit}_{copy}", compose(title, paragraphs, furniture=furniture))
                body = tuple(p.text for p in article.paragraphs)
                leaked = {CAPTIONS[0], CAPTIONS[1], BYLINE, RELATED, STAMP} & set(body)
                if leaked:
                    print(f"  note: {base.name}/{edit}: furniture left in the body: {sorted(leaked)}")
                offset = dt.timedelta(minutes=rng.randrange(-60, 600))
                docs.append(
                    Doc(
                        f"{base.name}~{edit}~{copy}",
                        base.name,
                        edit,
                        kept_share(base.paragraphs, body),
                        published + offset,
                        body,
                    )
                )
    return docs


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall_70: float
    recall_50: float
    pair_recall_70: float
    same_event_merges: int
    language_merges: int
    false_pairs: int
    seconds: float


def evaluate(docs: list[Doc], base_of: dict[str, Base], options: CopyOptions) -> Score:
    start = time.perf_counter()
    index = CopyIndex(options)
    sigs = [signature(d.paragraphs, num_perm=options.num_perm, shingle=options.shingle) for d in docs]
    index.assign((d.doc_id, d.published_at, s) for d, s in zip(docs, sigs, strict=True))
    seconds = time.perf_counter() - start
    cluster = {d.doc_id: index.cluster_of(d.doc_id) for d in docs}
    sig_of = {d.doc_id: s for d, s in zip(docs, sigs, strict=True)}
    target = [d for d in docs if d.edit != "original" and d.kept >= 0.7]
    pair_recall = sum(sig_of[d.doc_id].jaccard(sig_of[d.base]) >= options.threshold for d in target) / len(
        target
    )
    members: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        members[cluster[d.doc_id]].append(d)
    together = same = 0
    same_event: set[frozenset[str]] = set()
    languages: set[frozenset[str]] = set()
    for group in members.values():
        together += len(group) * (len(group) - 1) // 2
        per_base = Counter(d.base for d in group)
        same += sum(k * (k - 1) // 2 for k in per_base.values())
        for a, b in itertools.combinations(sorted(per_base), 2):
            ga, gb = base_of[a].group, base_of[b].group
            if ga == gb == "seed":
                same_event.add(frozenset((a, b)))
            if ga == gb and ga.startswith("item"):
                languages.add(frozenset((a, b)))

    def recall(lo: float, hi: float) -> float:
        pairs = [d for d in docs if d.edit != "original" and lo <= d.kept < hi]
        return (
            sum(cluster[d.doc_id] == cluster[d.base] for d in pairs) / len(pairs) if pairs else float("nan")
        )

    return Score(
        precision=same / together if together else 1.0,
        recall_70=recall(0.7, 1.01),
        recall_50=recall(0.5, 0.7),
        pair_recall_70=pair_recall,
        same_event_merges=len(same_event),
        language_merges=len(languages),
        false_pairs=together - same,
        seconds=seconds,
    )


def jaccard_report(docs: list[Doc], base_of: dict[str, Base], options: CopyOptions) -> None:
    """Highest estimated similarity between originals that must stay apart, per kind of pair."""
    originals = [d for d in docs if d.edit == "original"]
    sigs = {
        d.doc_id: signature(d.paragraphs, num_perm=options.num_perm, shingle=options.shingle)
        for d in originals
    }
    worst: dict[str, tuple[float, str]] = {}
    for a, b in itertools.combinations(originals, 2):
        ba, bb = base_of[a.base], base_of[b.base]
        if ba.group == bb.group == "seed":
            kind = "seed vs seed (same event)"
        elif ba.group == bb.group != "case":
            kind = "same item, " + "/".join(sorted((ba.lang, bb.lang)))
        else:
            kind = "unrelated"
        j = sigs[a.doc_id].jaccard(sigs[b.doc_id])
        if j > worst.get(kind, (-1.0, ""))[0]:
            worst[kind] = (j, f"{a.doc_id} / {b.doc_id}")
    ranked = sorted(worst.items(), key=lambda kv: -kv[1][0])
    for kind, (j, pair) in ranked:
        if j >= 0.01:
            print(f"  max J {j:.2f}  {kind:<28} {pair}")
    print(f"  ({sum(j < 0.01 for _, (j, _) in ranked)} more kinds of pair below 0.01)")


def per_edit(docs: list[Doc], options: CopyOptions) -> None:
    """Recall and mean kept share per kind of edit, at one setting."""
    index = CopyIndex(options)
    index.assign(
        (
            d.doc_id,
            d.published_at,
            signature(d.paragraphs, num_perm=options.num_perm, shingle=options.shingle),
        )
        for d in docs
    )
    rows: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for d in docs:
        if d.edit != "original":
            rows[d.edit].append((d.kept, index.cluster_of(d.doc_id) == index.cluster_of(d.base)))
    print(
        f"\nper edit at threshold {options.threshold}, shingle {options.shingle}, num_perm {options.num_perm}:"
    )
    print(f"  {'edit':<22} {'copies':>6} {'kept':>6} {'joined':>7}")
    for edit, values in rows.items():
        kept = sum(k for k, _ in values) / len(values)
        joined = sum(j for _, j in values) / len(values)
        print(f"  {edit:<22} {len(values):>6} {kept:>6.2f} {joined:>7.1%}")


def memory(count: int, options: CopyOptions, *, batch: int = 10_000, copy_share: float = 0.15) -> None:
    """Index size and timings for `count` articles added in hourly-sized batches, saved and loaded.

    Hash values are synthetic: uniform uint32 for unrelated articles (what MinHash gives for
    unrelated sets) and, for `copy_share` of them, an earlier one with 30% of its values redrawn (a
    copy at J ~ 0.7). `signature` itself is timed on real-size text (15 paragraphs of 25 words).
    """
    rng = np.random.default_rng(0)
    text_rng = random.Random(0)
    vocabulary = sorted({w for lang in SENTENCES.values() for s in lang for w in s.split()})
    texts = [[" ".join(text_rng.choices(vocabulary, k=25)) for _ in range(15)] for _ in range(500)]
    start = time.perf_counter()
    for t in texts:
        signature(t, num_perm=options.num_perm, shingle=options.shingle)
    per_signature = (time.perf_counter() - start) / len(texts)
    values = rng.integers(0, 2**32 - 1, size=(count, options.num_perm), dtype=np.uint32)
    copies = np.flatnonzero(rng.random(count) < copy_share)
    copies = copies[copies > 0]
    for i in copies.tolist():
        values[i] = values[rng.integers(0, i)]
        redraw = rng.random(options.num_perm) < 0.3
        values[i, redraw] = rng.integers(0, 2**32 - 1, size=int(redraw.sum()), dtype=np.uint32)
    ids = [f"{i:032x}" for i in range(count)]
    times = [T0 + dt.timedelta(seconds=86400 * i / count) for i in range(count)]
    index = CopyIndex(options)
    start = time.perf_counter()
    joined = 0
    for lo in range(0, count, batch):
        assigned = index.assign(
            zip(ids[lo : lo + batch], times[lo : lo + batch], values[lo : lo + batch], strict=True)
        )
        joined += sum(a.cluster_id != a.article_id for a in assigned)
    assign_seconds = time.perf_counter() - start
    size = index.nbytes()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        index.save(folder)
        save_seconds = time.perf_counter() - start
        file_size = (Path(folder) / "index.npz").stat().st_size
        start = time.perf_counter()
        loaded = CopyIndex.load(folder, options)
        load_seconds = time.perf_counter() - start
    assert len(loaded) == count
    print(
        f"\nindex of {count:,} articles (shingle {options.shingle}, num_perm {options.num_perm}, threshold {options.threshold}):"
    )
    print(f"  signature():       {per_signature * 1e3:.2f} ms per article (15 paragraphs of 25 words)")
    print(
        f"  assign:            {assign_seconds:.1f} s in batches of {batch:,} ({count / assign_seconds:,.0f} articles/s)"
    )
    print(f"  joined a cluster:  {joined:,} (synthetic copies: {copies.size:,})")
    print(f"  index size:        {size / 2**20:.1f} MiB ({size / count:.0f} bytes per article)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"  process peak RSS:  {rss:.0f} MiB (with the bench's own arrays)")
    print(
        f"  saved file:        {file_size / 2**20:.1f} MiB, save {save_seconds:.2f} s, load {load_seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the default settings")
    parser.add_argument("--memory", type=int, metavar="N", help="only measure the index at N articles")
    args = parser.parse_args()
    if args.memory:
        memory(args.memory, CopyOptions())
        return
    docs = corpus()
    base_of = {b.name: b for b in bases()}
    target = [d for d in docs if d.edit != "original" and d.kept >= 0.7]
    print(
        f"{len(base_of)} originals, {len(docs) - len(base_of)} copies ({len(target)} keep >= 70% of the text)"
    )
    defaults = CopyOptions()
    print(f"\nsimilarity between originals that must stay apart (shingle {defaults.shingle}):")
    jaccard_report(docs, base_of, defaults)
    grid = (
        [(defaults.shingle, defaults.num_perm)]
        if args.quick
        else [(s, p) for s in (2, 3, 4, 5) for p in (64, 128)]
    )
    thresholds = [defaults.threshold] if args.quick else [0.3, 0.4, 0.5, 0.6, 0.7]
    print(
        f"\n{'shingle':>7} {'perm':>5} {'thresh':>6} {'precision':>9} {'recall>=70%':>11} "
        f"{'recall 50-70%':>13} {'pairs>=70%':>10} {'seeds merged':>12} {'langs merged':>12} {'false pairs':>11} {'secs':>5}"
    )
    for (shingle, num_perm), threshold in itertools.product(grid, thresholds):
        options = CopyOptions(threshold=threshold, num_perm=num_perm, shingle=shingle)
        s = evaluate(docs, base_of, options)
        print(
            f"{shingle:>7} {num_perm:>5} {threshold:>6.2f} {s.precision:>9.3f} {s.recall_70:>11.3f} "
            f"{s.recall_50:>13.3f} {s.pair_recall_70:>10.3f} {s.same_event_merges:>12} {s.language_merges:>12} {s.false_pairs:>11} {s.seconds:>5.1f}"
        )
    per_edit(docs, defaults)


if __name__ == "__main__":
    main()
