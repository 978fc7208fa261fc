"""End-to-end throughput of `wirestream ingest` against the script a data engineer would write instead.

    .venv/bin/python bench/throughput.py 2000            # corpus of 2,000 inputs, both runs, figures
    .venv/bin/python bench/throughput.py 2000 --keep DIR # keep the corpus and outputs in DIR
    .venv/bin/python bench/throughput.py 2000 --ingest-args "--workers 2"   # options for each ingest

The corpus is built deterministically (seeded `random`) from text the project owns: the seed and case
articles in `sample_feeds/` and the sentences of `bench/language_corpus.py`, recombined into article
files in da/nb/nn/sv/en of realistic lengths (titles, bylines, `Publisert ... Oppdatert ...` stamps,
captions repeated by a "Vis mere" widget, sub-headings, paywall lines), about 3% exact repeats of an
earlier file, some HTML pages and a few large RSS feeds.

Both contenders run as child processes over the same corpus and are timed from start to exit, import
and model loading included (that is what a user waits for); peak RSS is the largest sum of the resident
memory of the child and all its descendants, polled every 50 ms. The output is read back with DuckDB
through `OUT/articles/**/*.parquet` with `hive_partitioning=true`, whatever the layout below that.
HTML pages and feeds are also ingested alone, for pages/s and items/s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from language_corpus import SENTENCES, WORD_PAIRS  # noqa: E402 - after the path setup above

WIRESTREAM = ROOT / ".venv" / "bin" / "wirestream"
PYTHON = ROOT / ".venv" / "bin" / "python"

# Shares of the corpus (of N inputs); the rest are plain-text article files.
HTML_SHARE = 0.04
REPEAT_SHARE = 0.03
ITEMS_PER_FEED = 250
INPUTS_PER_FEED = 1000  # one feed per this many inputs, at least one
# Languages of the article files, weighted roughly as a Nordic desk's wire mix.
LANG_WEIGHTS = {"da": 3, "nb": 4, "nn": 1, "sv": 3, "en": 2}

# Per language: byline opener, agency, stamp labels, month names, "show more" widget, boilerplate,
# photo credit word. Every phrase is one the structure and timestamp steps read.
HOUSE = {
    "da": ("Af", "Ritzau", "Publiceret", "Opdateret", "Vis mere", "Hold dig opdateret", "Foto"),
    "nb": ("Av", "NTB", "Publisert", "Oppdatert", "Vis mer", "Les hele saken med abonnement", "Foto"),
    "nn": ("Av", "NTB", "Publisert", "Oppdatert", "Vis meir", "Hald deg oppdatert", "Foto"),
    "sv": ("Av", "TT", "Publicerad", "Uppdaterad", "Visa mer", "Håll dig uppdaterad", "Foto"),
    "en": ("By", "Reuters", "Published", "Updated", "Show more", "Sign up for our newsletter", "Photo"),
}
MONTHS = {
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "nn": "januar februar mars april mai juni juli august september oktober november desember",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
NAMES = (
    *("Kari Nordmann", "Ola Berge", "Ingrid Solheim", "Mads Kjærgaard", "Sigrid Haugland"),
    *("Elin Lindqvist", "Johan Nilsson", "Anne Holm", "Peter Sørensen", "Emma Clarke"),
)


@dataclass
class Corpus:
    """Where the corpus lies and what it holds."""

    root: Path
    article_files: int = 0
    repeats: int = 0
    pages: int = 0
    feeds: int = 0
    feed_items: int = 0
    by_lang: dict[str, int] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        """Documents in the corpus: one per article file and page, one per feed item."""
        return self.article_files + self.repeats + self.pages + self.feed_items

    def input_bytes(self, sub: str = "") -> int:
        return sum(p.stat().st_size for p in (self.root / sub).rglob("*") if p.is_file())


# --- The corpus -------------------------------------------------------------------------------------


def _seed_paragraphs() -> dict[str, list[str]]:
    """Body paragraphs of the project's own articles, by language (from their expectations)."""
    found: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    for path in sorted((ROOT / "sample_feeds").rglob("*.txt")):
        expected = path.with_name(path.name.split(".")[0] + ".expected.json")
        lang = json.loads(expected.read_text(encoding="utf-8")).get("lang") if expected.exists() else None
        variant = path.name.split("_")[0]
        key = variant if variant in found else ("nb" if lang == "no" else lang)
        if key not in found:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            # Body-like lines only: long, no caption, no stamp (those are generated below).
            if len(line) > 80 and "Foto:" not in line and not re.match(r"\s*(Publi|Opp|Upp|Opd)", line):
                found[key].append(line.strip())
    return found


def _paragraph(rng: random.Random, lang: str, seeds: list[str]) -> str:
    """One body paragraph: one to three project sentences, now and then a seed article's line."""
    if seeds and rng.random() < 0.25:
        return rng.choice(seeds)
    return " ".join(rng.sample(SENTENCES[lang], rng.randint(1, 3)))


def _title(rng: random.Random, lang: str) -> str:
    """A headline: a sentence cut to a few words, no full stop (how the structure step tells titles)."""
    words = rng.choice(SENTENCES[lang]).rstrip(".").split()
    return " ".join(words[: rng.randint(5, 10)]).rstrip(",")


def _stamp(rng: random.Random, lang: str, label: str, day: int, month: int) -> str:
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    month_name = MONTHS[lang].split()[month - 1]
    if lang == "en":
        return f"{label} {hour:02d}:{minute:02d} BST, {day} {month_name} 2024"
    if rng.random() < 0.5:
        return f"{label}: {day:02d}.{month:02d}.24 kl. {hour:02d}:{minute:02d}"
    return f"{label} {day}. {month_name} 2024 kl. {hour:02d}.{minute:02d}"


def _caption(rng: random.Random, lang: str) -> str:
    """A photo caption with its credit, repeated by the site's "show more" widget."""
    _, agency, _, _, show_more, _, credit_word = HOUSE[lang]
    text = rng.choice(SENTENCES[lang])
    credit = f"{rng.choice(NAMES)} / {agency}"
    caption = f"{text} {credit_word}: {credit}"
    return f"{caption} {show_more} {caption}" if rng.random() < 0.8 else caption


def article_text(rng: random.Random, lang: str, seeds: list[str]) -> str:
    """One plain-text article in `lang`, shaped like the seeds (one paragraph a line, blank lines)."""
    opener, agency, published, updated, _, boilerplate, _ = HOUSE[lang]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    lines = []
    if rng.random() < 0.2:
        lines.append(f" date 2024-{month:02d} {_title(rng, lang)}")
    else:
        lines.append(_title(rng, lang))
    lines.append(_paragraph(rng, lang, []))  # the lede
    lines.append(f"{opener} {rng.choice(NAMES)}, {agency}")
    stamp = _stamp(rng, lang, published, day, month)
    if rng.random() < 0.6:
        stamp += " " + _stamp(rng, lang, updated, day, month)
    lines.append(stamp)
    # Lengths like the wire's: mostly 5-15 paragraphs, now and then a long read.
    count = min(60, max(3, int(rng.lognormvariate(2.2, 0.6))))
    for i in range(count):
        roll = rng.random()
        if roll < 0.12:
            lines.append(_caption(rng, lang))
        elif roll < 0.18 and i > 1:
            lines.append(rng.choice(WORD_PAIRS[lang]).capitalize())  # a sub-heading
        else:
            lines.append(_paragraph(rng, lang, seeds))
    if rng.random() < 0.3:
        lines.append(boilerplate)
    return "\n\n".join(lines) + "\n"


def html_page(rng: random.Random, lang: str, seeds: list[str], index: int) -> str:
    """An article page with chrome, JSON-LD dates, a figure with a credit, and a body."""
    title = _title(rng, lang)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    stamp = f"2024-{month:02d}-{day:02d}T{rng.randint(6, 20):02d}:{rng.randint(0, 59):02d}:00+01:00"
    body = "\n".join(f"<p>{escape(_paragraph(rng, lang, seeds))}</p>" for _ in range(rng.randint(4, 14)))
    caption = escape(rng.choice(SENTENCES[lang]))
    ld = json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": stamp}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} – Byavisen</title>
<link rel="canonical" href="https://byavisen.example/{lang}/{index}">
<meta property="article:published_time" content="{stamp}">
<script type="application/ld+json">{ld}</script></head>
<body><header><nav><ul><li><a href="/">Forside</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{escape(title)}</h1>
<p class="byline">{HOUSE[lang][0]} {rng.choice(NAMES)}</p>
<figure><img src="/img/{index}.jpg"><figcaption>{caption} <span class="credit">{HOUSE[lang][6]}: {rng.choice(NAMES)}</span></figcaption></figure>
{body}
</article></main><footer>© Byavisen</footer></body></html>
"""


def rss_feed(rng: random.Random, seeds: dict[str, list[str]], items: int, index: int) -> tuple[str, int]:
    """An RSS 2.0 feed of `items` entries in mixed languages, bodies in `content:encoded`."""
    entries = []
    for i in range(items):
        lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
        paragraphs = "".join(
            f"<p>{escape(_paragraph(rng, lang, seeds[lang]))}</p>" for _ in range(rng.randint(2, 8))
        )
        entries.append(
            f"""<item><title>{escape(_title(rng, lang))}</title>
<link>https://wire.example/{index}/{i}</link><guid isPermaLink="false">wire-{index}-{i}</guid>
<pubDate>Mon, {rng.randint(1, 28):02d} Mar 2024 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00 +0100</pubDate>
<dc:language>{lang}</dc:language>
<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"""
        )
    return (
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire {index}</title><link>https://wire.example/</link><description>Siste nytt</description>
{chr(10).join(entries)}
</channel></rss>
""",
        items,
    )


def build_corpus(root: Path, n: int, *, seed: int = 0) -> Corpus:
    """Writes N inputs under `root` (articles/, pages/, feeds/); the same N and seed give the same bytes."""
    rng = random.Random(seed)
    seeds = _seed_paragraphs()
    corpus = Corpus(root)
    for sub in ("articles", "pages", "feeds"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    feeds = max(1, n // INPUTS_PER_FEED)
    pages = max(1, round(n * HTML_SHARE))
    files = max(1, n - feeds - pages)
    repeats = round(files * REPEAT_SHARE)
    langs = list(LANG_WEIGHTS)
    weights = list(LANG_WEIGHTS.values())
    written: list[bytes] = []
    for i in range(files - repeats):
        lang = rng.choices(langs, weights=weights)[0]
        data = article_text(rng, lang, seeds[lang]).encode("utf-8")
        (root / "articles" / f"{lang}_{i:06d}.txt").write_bytes(data)
        written.append(data)
        corpus.by_lang[lang] = corpus.by_lang.get(lang, 0) + 1
    corpus.article_files = len(written)
    for i in range(repeats):  # the same bytes under another name: a wire story syndicated twice
        (root / "articles" / f"repeat_{i:06d}.txt").write_bytes(rng.choice(written))
    corpus.repeats = repeats
    for i in range(pages):
        lang = rng.choices(langs, weights=weights)[0]
        (root / "pages" / f"{lang}_{i:06d}.html").write_text(
            html_page(rng, lang, seeds[lang], i), encoding="utf-8"
        )
    corpus.pages = pages
    for i in range(feeds):
        text, items = rss_feed(rng, seeds, ITEMS_PER_FEED, i)
        (root / "feeds" / f"wire_{i:03d}.rss").write_text(text, encoding="utf-8")
        corpus.feed_items += items
    corpus.feeds = feeds
    return corpus


# --- The naive baseline (run as a child process: `throughput.py --baseline CORPUS OUT`) -------------

_TAG = re.compile(r"<[^>]+>")
_CAPTION = re.compile(r"^(?P<text>.+?)\s*(?:Foto|Photo|Bild|Kuva)\s*:\s*(?P<credit>[^:]{1,80})$")
_SHOW_MORE = re.compile(r"\s+(?:Vis mere|Vis meir|Vis mer|Visa mer|Show more)\s+")
_STAMP = re.compile(
    r"(?P<label>Publisert|Publiceret|Publicerad|Published|Oppdatert|Opdateret|Uppdaterad|Updated)"
    r":?\s+(?P<value>[^A-Z]{6,40}?\d{2}[:.]\d{2})",
)


def run_baseline(corpus: Path, out: Path) -> None:
    """One loop: read, langdetect (seeded), regexes for captions and stamps, one pyarrow write."""
    import feedparser
    import pyarrow as pa
    import pyarrow.parquet as pq
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    rows: dict[str, list] = {k: [] for k in ("source", "title", "body", "lang", "captions", "stamps")}

    def add(source: str, title: str, text: str) -> None:
        paragraphs, captions, stamps = [], [], []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            found = _STAMP.findall(line)
            if found:
                stamps.extend(f"{label} {value}" for label, value in found)
                continue
            pieces = _SHOW_MORE.split(line)
            if (match := _CAPTION.match(pieces[0])) is not None:
                captions.append(match["text"])
                continue
            paragraphs.append(line)
        body = "\n\n".join(paragraphs)
        try:
            lang = detect(body or title)
        except LangDetectException:
            lang = "und"
        for key, value in zip(rows, (source, title, body, lang, captions, stamps), strict=True):
            rows[key].append(value)

    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".rss":
            for entry in feedparser.parse(raw.encode("utf-8")).entries:
                html = entry.get("content", [{}])[0].get("value", "")
                add(str(path), entry.get("title", ""), _TAG.sub("\n", html))
        elif path.suffix == ".html":
            title = re.search(r"<title>(.*?)</title>", raw)
            add(str(path), title[1] if title else "", _TAG.sub("\n", raw))
        else:
            title, _, body = raw.partition("\n")
            add(str(path), title, body)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), out / "articles" / "part-0.parquet")


# --- Timing -----------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss: int
    returncode: int


def _tree_rss(process) -> int:
    """Resident bytes of a process and all its descendants (0 for those already gone)."""
    import psutil

    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def timed(command: list[str], *, log: Path) -> Run:
    """Runs `command` to its end, timing it and polling the peak RSS of its process tree."""
    import psutil

    with log.open("wb") as sink:
        started = time.perf_counter()
        # Run from the log's folder, not from here: `python -m` puts its working directory first on
        # sys.path, which would time this checkout instead of the one `--wirestream` names.
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=log.parent)
        process = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            with contextlib.suppress(psutil.NoSuchProcess):  # the child exited between poll and read
                peak = max(peak, _tree_rss(process))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    return Run(seconds, peak, child.returncode)


@dataclass(frozen=True)
class Wirestream:
    """The command timed: `PROGRAM ingest INPUTS --output OUT EXTRA...`."""

    program: list[str]
    extra: list[str]

    def ingest(self, inputs: Path, out: Path) -> list[str]:
        return [*self.program, "ingest", str(inputs), "--output", str(out), *self.extra]


def ingest(inputs: Path, out: Path, log: Path, command: Wirestream) -> Run:
    run = timed(command.ingest(inputs, out), log=log)
    if run.returncode != 0:
        sys.exit(f"wirestream ingest failed ({run.returncode}); see {log}:\n{log.read_text()[-2000:]}")
    return run


def output_figures(out: Path) -> dict[str, object]:
    """Rows, files, bytes and the three query times of an output, read the generic way."""
    import duckdb

    files = list(out.glob("articles/**/*.parquet"))
    source = f"read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
    con = duckdb.connect()
    timings = {}
    queries = {
        "count(*)": f"SELECT count(*) FROM {source}",
        "GROUP BY lang, date": f"SELECT lang, date, count(*) FROM {source} GROUP BY lang, date",
        "ILIKE text search": f"SELECT count(*) FROM {source} WHERE body ILIKE '%strøm%'",
    }
    results = {}
    for name, sql in queries.items():
        if name == "GROUP BY lang, date" and "date" not in _columns(con, source):
            sql = f"SELECT lang, count(*) FROM {source} GROUP BY lang"  # the baseline has no date
        started = time.perf_counter()
        results[name] = con.execute(sql).fetchall()
        timings[name] = time.perf_counter() - started
    return {
        "rows": results["count(*)"][0][0],
        "groups": len(results["GROUP BY lang, date"]),
        "matches": results["ILIKE text search"][0][0],
        "files": len(files),
        "article_bytes": sum(p.stat().st_size for p in files),
        "all_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        "queries": timings,
    }


def _columns(con, source: str) -> set[str]:
    return {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=2000, help="inputs in the corpus (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep corpus and outputs")
    parser.add_argument("--corpus-only", action="store_true", help="only build the corpus (with --keep)")
    parser.add_argument("--no-parts", action="store_true", help="skip the pages-only and feeds-only runs")
    parser.add_argument(
        "--big-feed", type=float, metavar="MB", help="also time one feed of about MB megabytes alone"
    )
    parser.add_argument(
        "--wirestream",
        metavar="COMMAND",
        default=str(WIRESTREAM),
        help="the command to time (default .venv/bin/wirestream); e.g. another checkout's: "
        "'env PYTHONPATH=OTHER .venv/bin/python -m pipelines.cli'",
    )
    parser.add_argument(
        "--ingest-args",
        metavar="ARGS",
        default="",
        help="more arguments for every `ingest` timed, e.g. '--workers 2' or '--runner dask --dask-workers 2'",
    )
    parser.add_argument("--baseline", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.baseline:  # the child process of the baseline run
        run_baseline(Path(args.baseline[0]), Path(args.baseline[1]))
        return
    if not WIRESTREAM.exists():
        sys.exit(f"{WIRESTREAM} not found: run `make install` first")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="wirestream-bench-"))
    try:
        if work.exists() and args.keep:
            shutil.rmtree(work)
        started = time.perf_counter()
        corpus = build_corpus(work / "corpus", args.n, seed=args.seed)
        built = time.perf_counter() - started
        if args.corpus_only:
            print(f"corpus: {work / 'corpus'} ({corpus.articles} articles, built in {built:.1f} s)")
            return
        command = Wirestream(shlex.split(args.wirestream), shlex.split(args.ingest_args))
        report(work, corpus, built, parts=not args.no_parts, command=command)
        if args.big_feed:
            big_feed(work, args.big_feed, seed=args.seed, command=command)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(work: Path, corpus: Corpus, built: float, *, parts: bool, command: Wirestream) -> None:
    """Runs both contenders and prints the figures."""
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    base = timed(
        [str(PYTHON), __file__, "--baseline", str(corpus.root), str(work / "baseline")],
        log=logs / "baseline.log",
    )
    if base.returncode != 0:
        sys.exit(f"baseline failed; see {logs / 'baseline.log'}")
    ours = ingest(corpus.root, work / "out", logs / "wirestream.log", command)
    base_out = output_figures(work / "baseline")
    out = output_figures(work / "out")

    size = corpus.input_bytes()
    langs = ", ".join(f"{k} {v}" for k, v in sorted(corpus.by_lang.items()))
    print(f"corpus: {corpus.articles:,} articles in {corpus.article_files + corpus.repeats:,} article files")
    print(f"  ({langs}; {corpus.repeats} exact repeats), {corpus.pages} HTML pages, {corpus.feeds} feeds of")
    print(f"  {ITEMS_PER_FEED} items; {_mb(size)} in; built in {built:.1f} s; {os.cpu_count()} cores")
    print()
    print(f"{'run':<22}{'seconds':>9}{'articles/s':>12}{'peak RSS':>12}{'rows':>8}{'files':>7}{'out/in':>8}")
    for name, run, figures in (("naive baseline", base, base_out), ("wirestream ingest", ours, out)):
        rate = corpus.articles / run.seconds
        ratio = figures["article_bytes"] / size  # type: ignore[operator]
        print(
            f"{name:<22}{run.seconds:>9.2f}{rate:>12,.0f}{_mb(run.peak_rss):>12}"
            f"{figures['rows']:>8,}{figures['files']:>7,}{ratio:>8.2f}"
        )
    print(f"wirestream / baseline: {base.seconds / ours.seconds:.2f}x the baseline's articles/s")
    print(
        f"wirestream output: {_mb(out['article_bytes'])} of articles ({out['files']} files), "  # type: ignore[arg-type]
        f"{_mb(out['all_bytes'])} in all, against {_mb(size)} of input"  # type: ignore[arg-type]
    )
    print()
    print(f"{'DuckDB query over the output':<32}{'wirestream':>12}{'baseline':>12}")
    for name in out["queries"]:  # type: ignore[attr-defined]
        print(f"{name:<32}{out['queries'][name]:>11.3f}s{base_out['queries'][name]:>11.3f}s")  # type: ignore[index]
    if not parts:
        return
    print()
    print(f"{'alone':<22}{'seconds':>9}{'per second':>16}{'peak RSS':>12}")
    pages = ingest(corpus.root / "pages", work / "out-pages", logs / "pages.log", command)
    feeds = ingest(corpus.root / "feeds", work / "out-feeds", logs / "feeds.log", command)
    print(
        f"{'HTML pages':<22}{pages.seconds:>9.2f}{corpus.pages / pages.seconds:>10,.0f} pages{_mb(pages.peak_rss):>12}"
    )
    print(
        f"{'feeds':<22}{feeds.seconds:>9.2f}{corpus.feed_items / feeds.seconds:>10,.0f} items{_mb(feeds.peak_rss):>12}"
        f"  ({corpus.feeds} feeds, {_mb(corpus.input_bytes('feeds'))})"
    )


def big_feed(work: Path, megabytes: float, *, seed: int, command: Wirestream) -> None:
    """Times the ingest of one feed of about `megabytes` alone (the issue's target: 50 MB in 30 s)."""
    folder = work / "big-feed"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    items = max(1, int(megabytes * 1e6 / 1250))  # ~1,250 bytes an item in this corpus
    text, _ = rss_feed(rng, _seed_paragraphs(), items, 0)
    path = folder / "big.rss"
    path.write_text(text, encoding="utf-8")
    run = ingest(folder, work / "out-big-feed", work / "logs" / "big-feed.log", command)
    size = path.stat().st_size
    print(
        f"{'one big feed':<22}{run.seconds:>9.2f}{items / run.seconds:>10,.0f} items{_mb(run.peak_rss):>12}"
        f"  ({items:,} items, {_mb(size)})"
    )


if __name__ == "__main__":
    main()
