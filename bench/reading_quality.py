"""Scores wirestream's reading of real pages against hand-written expectations, next to trafilatura's.

    .venv/bin/python bench/reading_quality.py                 # the per-field table
    .venv/bin/python bench/reading_quality.py --show body     # ... and every page that misses on body
    .venv/bin/python bench/reading_quality.py --pages DIR     # another labelled set (held-out pages)

The labelled set is `bench/reading/pages/<stem>.<ext>` with `<stem>.expected.json` beside it (format
and rules in bench/reading/README.md). wirestream reads each page through the production path
(`connectors.sources.read_source` as `wirestream ingest` reads an article file, then
`pipelines.graph.understand`); trafilatura reads the HTML pages with `bare_extraction` (its date comes
from htmldate). Fields, each a mean over the pages that have it:

- title: exact after whitespace normalisation;
- bylines: F1 of the sets of names (wirestream's `byline` split into names, plus its `agencies`;
  trafilatura's `author` split on `;` and `,`);
- captions: recall (each expected caption found exactly once) and leak (the share of expected
  captions whose text also stands in the body);
- published / updated: equal to the minute in UTC (None must match None);
- language: wirestream only;
- body: F1 over 4-word shingles per page, and the share of pages matched exactly.

trafilatura has no caption list and no update time: those cells are "-". Everything is deterministic:
a fixed ingestion time, the production detector (seeded), pages in name order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ROOT / "bench" / "reading" / "pages"
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
KEYS = {
    "origin",
    "url",
    "lang",
    "title",
    "bylines",
    "captions",
    "published_at",
    "updated_at",
    "body",
    "notes",
}
REQUIRED = KEYS - {"notes"}
FIELDS = (
    "title",
    "bylines",
    "captions",
    "leak",
    "published",
    "published_day",
    "updated",
    "language",
    "body",
    "exact",
)
SHINGLE = 4

# Words that join two names in a printed byline ("Kari Nordmann og Ola Hansen"), in our languages.
_JOINERS = re.compile(r"\s*(?:[,;&/|]|\b(?:and|og|och|ja|og|und|et|y|e|sekä)\b)\s*", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


# --- metrics: pure functions, tested in tests/test_reading_quality.py --------------------------------


def normalise(text: str | None) -> str:
    """Whitespace collapsed, Unicode NFC; None -> ""."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-word shingles of `text` (case-folded words; a shorter text is one shingle)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_f1(expected: str, got: str, size: int = SHINGLE) -> float:
    """F1 of the shingle multisets of two texts; two empty texts agree (1.0)."""
    want, have = shingles(expected, size), shingles(got, size)
    if not want and not have:
        return 1.0
    common = sum((want & have).values())
    if not common:
        return 0.0
    return 2 * common / (sum(want.values()) + sum(have.values()))


def name_key(name: str) -> str:
    """A name compared case-blind and accent-blind on its words (`Ola  Nordmann` = `ola nordmann`)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).replace(".", " ").split())


def name_f1(expected: Iterable[str], got: Iterable[str]) -> float:
    """F1 of two sets of names (see `name_key`); two empty sets agree (1.0)."""
    want = {name_key(n) for n in expected if name_key(n)}
    have = {name_key(n) for n in got if name_key(n)}
    if not want and not have:
        return 1.0
    common = len(want & have)
    if not common:
        return 0.0
    return 2 * common / (len(want) + len(have))


def split_names(byline: str | None) -> list[str]:
    """A printed byline -> its names (`A, B og C` -> [A, B, C]); a leading `By`/`Av` is dropped."""
    text = re.sub(
        r"^\s*(?:(?:by|av|af|från|von|door|por|kirjoittanut)(?:\s*:)?\s+|(?:authors?|forfatter|tekst|text|teksti)\s*:\s*)",
        "",
        byline or "",
        flags=re.IGNORECASE,
    )
    return [part.strip() for part in _JOINERS.split(text) if part and part.strip()]


def same_minute(expected: str | None, got: dt.datetime | None) -> bool:
    """True if `got` (aware) is the expected `YYYY-MM-DDTHH:MMZ` to the minute, or both are missing.

    A page that states only a day is labelled `YYYY-MM-DD`: then any moment that is that day somewhere
    on Earth (UTC-12 to UTC+14) matches, since the page does not say which zone or hour.
    """
    if expected is None or got is None:
        return expected is None and got is None
    got = got.astimezone(dt.UTC)
    if len(expected) == len("YYYY-MM-DD"):
        start = dt.datetime.strptime(expected, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        return start - dt.timedelta(hours=14) <= got < start + dt.timedelta(hours=36)
    want = dt.datetime.strptime(expected, "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.UTC)
    return got.replace(second=0, microsecond=0) == want


def caption_scores(
    expected: Sequence[str], got: Sequence[str], body: str, expected_body: str = ""
) -> tuple[int, int]:
    """(captions found exactly once, captions whose text leaks into the body) for one page.

    A caption leaks when its text stands in the body more often than in the expected body (a
    caption whose sentence also opens a paragraph of the article is no leak).
    """
    found = leaked = 0
    have = Counter(normalise(text) for text in got)
    flat, want_flat = normalise(body), normalise(expected_body)
    for text in expected:
        key = normalise(text)
        found += have[key] == 1
        leaked += bool(key) and flat.count(key) > want_flat.count(key)
    return found, leaked


# --- reading a page both ways -----------------------------------------------------------------------


@dataclass
class Reading:
    """What one system read off one page (None where the system has no such field)."""

    title: str | None = None
    names: list[str] = field(default_factory=list)
    captions: list[str] | None = None
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    has_updated: bool = True
    lang: str | None = None
    body: str = ""
    failed: str | None = None


def load_expected(path: Path) -> dict:
    """The sidecar, checked strictly: an unknown or missing key is an error, not a silent skip."""
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown, missing = set(data) - KEYS, REQUIRED - set(data)
    if unknown or missing:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    for caption in data["captions"]:
        if set(caption) != {"text", "credit"}:
            raise ValueError(f"{path.name}: a caption has keys {sorted(caption)}, wants text and credit")
    return data


def page_of(sidecar: Path) -> Path:
    """The page file beside a sidecar (same stem, any other extension)."""
    stem = sidecar.name.removesuffix(".expected.json")
    found = [p for p in sidecar.parent.glob(stem + ".*") if p != sidecar and not p.name.endswith(".json")]
    if len(found) != 1:
        raise ValueError(f"{sidecar.name}: expected one page file beside it, found {[p.name for p in found]}")
    return found[0]


def read_wirestream(page: Path, detector) -> Reading:
    """The production reading: an article file through read_source and `understand`."""
    from connectors.sources import read_source
    from pipelines.graph import understand
    from schemas import DeadLetter

    items = list(read_source(str(page), "article"))
    documents = [item for item in items if not isinstance(item, DeadLetter)]
    if not documents:
        return Reading(failed="; ".join(item.error for item in items) or "no document")
    article = understand(documents[0], detector, run_id="reading-bench", ingested_at=NOW)
    if isinstance(article, DeadLetter):
        return Reading(failed=f"{article.step}: {article.error}")
    names = split_names(article.byline)
    names += [agency for agency in article.agencies if name_key(agency) not in {name_key(n) for n in names}]
    lang = article.lang_variant if article.lang_variant else article.lang
    return Reading(
        title=article.title,
        names=names,
        captions=[caption.text for caption in article.captions],
        published=article.published_at,
        updated=article.updated_at,
        lang=lang,
        body=article.body,
    )


def read_trafilatura(page: Path) -> Reading:
    """trafilatura's reading of an HTML page: title, author, date (htmldate), text; no captions."""
    import trafilatura

    document = trafilatura.bare_extraction(page.read_bytes(), with_metadata=True, include_comments=False)
    result = document.as_dict() if document is not None and not isinstance(document, dict) else document
    if not result:
        return Reading(failed="no extraction", captions=None, has_updated=False)
    published = None
    if result.get("date"):
        day = dt.datetime.strptime(result["date"], "%Y-%m-%d")
        published = day.replace(tzinfo=dt.UTC)
    author = result.get("author") or ""
    return Reading(
        title=result.get("title"),
        names=[n.strip() for n in re.split(r"[;,]", author) if n.strip()],
        captions=None,
        published=published,
        has_updated=False,
        lang=None,
        body=result.get("text") or "",
    )


# --- scoring ----------------------------------------------------------------------------------------


def lang_matches(expected: str, got: str | None) -> bool:
    """`no` accepts either written standard; `nb`/`nn` want the variant itself."""
    if got is None:
        return False
    if expected == "no":
        return got in {"no", "nb", "nn"}
    return got == expected


def score(expected: dict, reading: Reading) -> dict[str, float | None]:
    """Per-field scores of one reading of one page (None: the system has no such field)."""
    captions = [c["text"] for c in expected["captions"]]
    found, leaked = caption_scores(captions, reading.captions or [], reading.body, expected["body"])
    scores: dict[str, float | None] = {
        "title": float(normalise(expected["title"]) == normalise(reading.title)),
        "bylines": name_f1(expected["bylines"], reading.names),
        "captions": (found / len(captions) if captions else None) if reading.captions is not None else None,
        "leak": leaked / len(captions) if captions else None,
        "published": float(same_minute(expected["published_at"], reading.published)),
        "published_day": float(same_minute(_day(expected["published_at"]), reading.published)),
        "updated": float(same_minute(expected["updated_at"], reading.updated))
        if reading.has_updated
        else None,
        "language": float(lang_matches(expected["lang"], reading.lang)) if reading.lang is not None else None,
        "body": shingle_f1(expected["body"], reading.body),
        "exact": float(_paragraphs(expected["body"]) == _paragraphs(reading.body)),
    }
    return scores


def _day(stamp: str | None) -> str | None:
    """The UTC day of an expected time (`2020-01-19T12:25Z` -> `2020-01-19`)."""
    return stamp[:10] if stamp else None


def _paragraphs(text: str) -> list[str]:
    """Paragraphs with whitespace normalised and a list item's bullet (`- `, `• `) dropped."""
    found = (re.sub(r"^[-•*]\s+", "", normalise(p)) for p in re.split(r"\n\s*\n", text))
    return [p for p in found if p]


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None, or None."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _show(
    field_name: str, stem: str, expected: dict, name: str, reading: Reading, value: float | None
) -> None:
    """Prints what one system got wrong on one page for one field."""
    print(f"\n--- {stem} [{name}] {field_name} = {_cell(value)}")
    if field_name == "title":
        print(f"  want: {normalise(expected['title'])!r}\n  got:  {normalise(reading.title)!r}")
    elif field_name == "bylines":
        print(f"  want: {expected['bylines']}\n  got:  {reading.names}")
    elif field_name in {"captions", "leak"}:
        have = Counter(normalise(t) for t in reading.captions or [])
        flat = normalise(reading.body)
        for caption in expected["captions"]:
            key = normalise(caption["text"])
            leak = flat.count(key) > normalise(expected["body"]).count(key)
            print(f"  want: {key[:120]!r} found {have[key]}x, leaks into body: {leak}")
        extra = [t for t in have if t not in {normalise(c["text"]) for c in expected["captions"]}]
        for text in extra:
            print(f"  extra: {text[:120]!r}")
    elif field_name in {"published", "published_day", "updated"}:
        got = reading.updated if field_name == "updated" else reading.published
        want = expected["updated_at" if field_name == "updated" else "published_at"]
        print(f"  want: {want}\n  got:  {got.isoformat() if got else None}")
    elif field_name == "language":
        print(f"  want: {expected['lang']}  got: {reading.lang}")
    else:
        want, have = _paragraphs(expected["body"]), _paragraphs(reading.body)
        wanted = set(want)
        for paragraph in want:
            if paragraph not in set(have):
                print(f"  missing: {paragraph[:160]!r}")
        for paragraph in have:
            if paragraph not in wanted:
                print(f"  extra:   {paragraph[:160]!r}")


def run(pages: Path, show: str | None) -> dict[str, dict[str, float | None]]:
    """Scores every labelled page in `pages`; prints the table (and failures of `show`); returns means."""
    from pipelines.language import make_detector

    detector = make_detector("auto")
    sidecars = sorted(pages.glob("*.expected.json"))
    if not sidecars:
        raise SystemExit(f"no *.expected.json in {pages}")
    per_system: dict[str, list[dict[str, float | None]]] = {"wirestream": [], "trafilatura": []}
    html_only: list[dict[str, float | None]] = []
    for sidecar in sidecars:
        expected, page = load_expected(sidecar), page_of(sidecar)
        stem = sidecar.name.removesuffix(".expected.json")
        readings = {"wirestream": read_wirestream(page, detector)}
        if page.suffix.lower() in {".html", ".htm"}:
            readings["trafilatura"] = read_trafilatura(page)
        for name, reading in readings.items():
            if reading.failed:
                print(f"{stem} [{name}] failed: {reading.failed}")
            scores = score(expected, reading)
            per_system[name].append(scores)
            if name == "wirestream" and "trafilatura" in readings:
                html_only.append(scores)
            if show and show in scores and scores[show] is not None:
                bad = scores[show] > 0 if show == "leak" else scores[show] < 1  # type: ignore[operator]
                if bad:
                    _show(show, stem, expected, name, reading, scores[show])
    columns = {
        "wirestream (all)": per_system["wirestream"],
        "wirestream (HTML)": html_only,
        "trafilatura (HTML)": per_system["trafilatura"],
    }
    means = {name: {f: mean(s[f] for s in rows) for f in FIELDS} for name, rows in columns.items()}
    counts = {name: len(rows) for name, rows in columns.items()}
    print(
        f"\n{len(sidecars)} labelled pages in {pages.relative_to(ROOT) if pages.is_relative_to(ROOT) else pages}"
    )
    print("| field | " + " | ".join(f"{name} n={counts[name]}" for name in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    labels = {
        "captions": "captions found once (recall)",
        "leak": "caption leak into body (lower is better)",
        "body": "body F1 (4-word shingles)",
        "exact": "body exact",
        "published": "published (to the minute)",
        "published_day": "published (the day only)",
        "updated": "updated (to the minute)",
        "bylines": "bylines F1",
    }
    for f in FIELDS:
        print(f"| {labels.get(f, f)} | " + " | ".join(_cell(means[name][f]) for name in columns) + " |")
    return means


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of pages and sidecars")
    parser.add_argument("--show", choices=FIELDS, help="print each page that misses on this field")
    args = parser.parse_args(argv)
    run(args.pages.resolve(), args.show)


if __name__ == "__main__":
    main()
