"""Benchmark of the language detectors on project-written text and the seed articles.

Run: `.venv/bin/python bench/bench_language.py` (about a minute on 2 cores). Each detector runs in its
own process so the RSS delta is its own (libraries, models, one pass over the corpus). Prints, per
detector: accuracy on sentences, word pairs, 3-sentence passages and seed paragraphs (raw, and after
`detect_article`'s paragraph rule), the da-read-as-no and nb-read-as-da rates, accuracy by length,
sentences per second (single thread), build seconds and RSS delta. Figures, not pass/fail:
the decision they support is written up in bench/LANGUAGE.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from language_corpus import SENTENCES, WORD_PAIRS  # noqa: E402  (needs the path set just above)

from pipelines import language  # noqa: E402  (needs the path set just above)
from pipelines.language.detectors import LinguaDetector  # noqa: E402
from pipelines.language.text import clean, letter_count  # noqa: E402

# The seeds' languages, from their hand-written expectations in sample_feeds/.
SEEDS = {
    seed.name: json.loads(seed.with_suffix(".expected.json").read_text(encoding="utf-8"))["lang"]
    for seed in sorted((Path(__file__).resolve().parent.parent / "sample_feeds").glob("00*.txt"))
}
SPANISH_TWEETS = ("Me uno junto al pueblo", "Hoy #2Feb vamos")
BUCKETS = ((0, 20), (20, 60), (60, 200), (200, 10**9))
NAMES = ("langdetect", "cld2", "lingua", "lingua-low", "auto")
TIMING_ROUNDS = 3


def _rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def seed_paragraphs() -> dict[str, list[str]]:
    """Seed file -> its non-empty paragraphs (one a line; blank lines separate nothing more)."""
    root = ROOT / "sample_feeds"
    return {
        name: [
            line.strip() for line in (root / name).read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        for name in SEEDS
    }


def paragraph_truth(name: str, paragraph: str) -> str:
    """The language a seed paragraph is in: its article's, except the two Spanish tweets in 002."""
    return "es" if paragraph.startswith(SPANISH_TWEETS) else SEEDS[name]


def _passages() -> list[tuple[str, str]]:
    """Three consecutive sentences of one language joined: long text, like an article's body."""
    out = []
    for key, sentences in SENTENCES.items():
        for i in range(0, len(sentences) - 2, 3):
            out.append((key, " ".join(sentences[i : i + 3])))
    return out


def _build(name: str) -> language.Detector:
    """The detector under test (`lingua-low` is lingua's low accuracy mode, not offered by the API)."""
    if name == "lingua-low":
        return LinguaDetector(language.DEFAULT_LANGUAGES, low_accuracy=True)
    return language.make_detector(name)


def measure(name: str) -> dict[str, object]:
    """Runs one detector over everything and returns its figures."""
    rss_before = _rss_mb()
    started = time.perf_counter()
    detector = _build(name)
    build_s = time.perf_counter() - started

    def lang_of(text: str) -> str:
        return detector.detect(text)[0]

    items = {
        "sentences": [(k, s) for k, ss in SENTENCES.items() for s in ss],
        "pairs": [(k, s) for k, ss in WORD_PAIRS.items() for s in ss],
        "passages": _passages(),
    }
    figures: dict[str, object] = {"build_s": build_s}
    by_bucket: dict[str, list[int]] = {f"{lo}-{hi}": [0, 0] for lo, hi in BUCKETS}
    da_as_no = [0, 0]
    nb_as_da = [0, 0]
    misses: list[str] = []
    for kind, rows in items.items():
        right = 0
        for key, text in rows:
            want = language.normalise(key)[0]
            got = lang_of(text)
            right += got == want
            if got != want and kind != "passages":
                misses.append(f"{kind} {key}->{got}: {text[:60]}")
            letters = letter_count(clean(text))
            for lo, hi in BUCKETS:
                if lo <= letters < hi:
                    by_bucket[f"{lo}-{hi}"][0] += got == want
                    by_bucket[f"{lo}-{hi}"][1] += 1
            if kind != "passages" and key == "da":
                da_as_no[0] += got == "no"
                da_as_no[1] += 1
            if kind != "passages" and key == "nb":
                nb_as_da[0] += got == "da"
                nb_as_da[1] += 1
        figures[kind] = right / len(rows)

    raw_right = rule_right = total = articles_right = 0
    for seed, paragraphs in seed_paragraphs().items():
        article = language.detect_article(paragraphs, detector)
        articles_right += article.lang == SEEDS[seed]
        for paragraph, ruled in zip(paragraphs, article.paragraphs, strict=True):
            want = paragraph_truth(seed, paragraph)
            got = lang_of(paragraph)
            raw_right += got == want
            rule_right += ruled == want
            total += 1
            letters = letter_count(clean(paragraph))
            for lo, hi in BUCKETS:
                if lo <= letters < hi:
                    by_bucket[f"{lo}-{hi}"][0] += got == want
                    by_bucket[f"{lo}-{hi}"][1] += 1
    figures["paragraphs_raw"] = raw_right / total
    figures["paragraphs_rule"] = rule_right / total
    figures["articles"] = f"{articles_right}/{len(SEEDS)}"
    figures["da_as_no"] = da_as_no[0] / da_as_no[1]
    figures["nb_as_da"] = nb_as_da[0] / nb_as_da[1]
    figures["buckets"] = {k: (v[0] / v[1] if v[1] else None, v[1]) for k, v in by_bucket.items()}
    figures["misses"] = misses

    sentences = [s for ss in SENTENCES.values() for s in ss]
    started = time.perf_counter()
    for _ in range(TIMING_ROUNDS):
        for sentence in sentences:
            detector.detect(sentence)
    figures["sentences_per_s"] = TIMING_ROUNDS * len(sentences) / (time.perf_counter() - started)
    figures["rss_mb"] = _rss_mb() - rss_before
    return figures


def main() -> None:
    """Runs every detector in its own process and prints the table."""
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    verbose = "-v" in sys.argv
    results = {}
    for name in NAMES:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], check=True, capture_output=True, text=True
        )
        results[name] = json.loads(done.stdout)
    n_sentences = sum(len(v) for v in SENTENCES.values())
    n_pairs = sum(len(v) for v in WORD_PAIRS.values())
    n_paragraphs = sum(len(v) for v in seed_paragraphs().values())
    print(
        f"corpus: {n_sentences} sentences, {n_pairs} word pairs, {len(_passages())} passages "
        f"({len(SENTENCES)} languages), {n_paragraphs} seed paragraphs in {len(SEEDS)} articles\n"
    )
    header = (
        "| detector | sentences | word pairs | passages | paragraphs raw | paragraphs rule | articles "
        "| da->no | nb->da | sentences/s | build s | RSS MB |"
    )
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for name, f in results.items():
        print(
            f"| {name} | {f['sentences']:.1%} | {f['pairs']:.1%} | {f['passages']:.1%} "
            f"| {f['paragraphs_raw']:.1%} | {f['paragraphs_rule']:.1%} | {f['articles']} "
            f"| {f['da_as_no']:.1%} | {f['nb_as_da']:.1%} | {f['sentences_per_s']:,.0f} "
            f"| {f['build_s']:.2f} | {f['rss_mb']:.0f} |"
        )
    print("\naccuracy by letters in the text (all items, raw detector; count in brackets)\n")
    print(
        "| detector | " + " | ".join(f"{lo}-{hi if hi < 10**9 else ''} letters" for lo, hi in BUCKETS) + " |"
    )
    print("|---|" + "---|" * len(BUCKETS))
    for name, f in results.items():
        cells = [f"{acc:.1%} ({n})" if acc is not None else "-" for acc, n in f["buckets"].values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if verbose:
        for name, f in results.items():
            print(f"\nmisses {name}:")
            for miss in f["misses"]:
                print("  " + miss)


if __name__ == "__main__":
    main()
