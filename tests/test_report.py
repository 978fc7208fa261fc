"""The HTML report: built over a real lake, drawn in headless Chromium, its numbers read back."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import lxml.html
import pytest

from pipelines.cli import main
from pipelines.lake import open_lake
from pipelines.report import DAYS_SHOWN, HOURS_SHOWN, build_report
from pipelines.report_page import readable_time

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
# Where the rendered report and its screenshot are kept for a person to look at.
ARTIFACTS = Path(os.environ.get("WIRESTREAM_ARTIFACTS", ROOT / "build" / "test-artifacts"))

# Outcomes only live feeds produce (not-modified, HTTP errors) and a failed run: stand-in rows with the
# columns of the lake's own `inputs` and `runs` views (test_the_lakes_own_views_are_reported uses those).
INPUTS = """CREATE OR REPLACE VIEW inputs AS SELECT * FROM (VALUES
    ('20261130T060000Z-aaaa', 'https://www.nrk.no/toppsaker.rss', 'feed', 'ok', 52000, 40, 3, 1, 36, 0.8, NULL),
    ('20261130T070000Z-bbbb', 'https://www.nrk.no/toppsaker.rss', 'feed', 'not-modified', 0, 0, 0, 0, 0, 0.1, NULL),
    ('20261130T070000Z-bbbb', 'https://www.dr.dk/nyheder/service/feeds/allenyheder', 'feed', 'error', 0, 0, 0,
     0, 0, 5.0, 'HTTP 503 Service Unavailable'),
    ('20261130T070000Z-bbbb', 'sample_feeds/nordic_wire.rss', 'file', 'unchanged', 9000, 6, 0, 0, 6, 0.2, NULL)
) AS t(run_id, source, kind, outcome, bytes, items, new, changed, unchanged, seconds, error)"""
RUNS = """CREATE OR REPLACE VIEW runs AS SELECT run_id, started_at::TIMESTAMPTZ AS started_at,
    finished_at::TIMESTAMPTZ AS finished_at, status, seconds, inputs, articles, dead_letters FROM (VALUES
    ('20261130T060000Z-aaaa', '2026-11-30 06:00:00+00', '2026-11-30 06:00:41+00', 'ok', 41.0, 19, 33, 0),
    ('20261130T070000Z-bbbb', '2026-11-30 07:00:00+00', '2026-11-30 07:00:07+00', 'failed', 7.5, 3, 0, 1)
) AS t(run_id, started_at, finished_at, status, seconds, inputs, articles, dead_letters)"""


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    """sample_feeds/ and two bad files, ingested: articles, and dead letters for the report too."""
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLES, inputs / "sample_feeds")
    (inputs / "broken.jsonl").write_text('{"title": "ok", "body": "Fine text."}\n{not json\n{also not\n')
    (inputs / "empty.txt").write_text("")
    out = tmp_path_factory.mktemp("lake")
    assert main(["ingest", str(inputs), "--output", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def con(lake) -> duckdb.DuckDBPyConnection:
    con = open_lake(str(lake))
    con.execute(INPUTS)
    con.execute(RUNS)
    return con


def _charts(page: str) -> list[dict]:
    match = re.search(r'<script type="application/json" id="wirestream-charts">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-30T06:59:49.960256Z", "2026-11-30 06:59:49 UTC"),
        ("2024-03-11T07:12:00Z", "2024-03-11 07:12:00 UTC"),
        ("2024-03-11", "2024-03-11"),
        ("20261130T070000Z-bbbb", "20261130T070000Z-bbbb"),
    ],
)
def test_table_times_are_short(value, shown):
    assert readable_time(value) == shown


def test_an_empty_lake_gives_a_page_that_says_so(tmp_path):
    page = build_report(open_lake(str(tmp_path)))
    assert _charts(page) == []
    for sentence in (
        "No dated articles yet.",
        "No story has an update yet.",
        "No articles yet.",
        "No dead letters.",
        "No inputs recorded yet.",
        "No runs recorded yet.",
    ):
        assert sentence in page


def test_the_lakes_own_views_are_reported(lake):
    con = open_lake(str(lake))
    (run_id,) = con.execute("SELECT run_id FROM runs").fetchall()[0]
    page = build_report(con)
    assert run_id in page
    assert "empty.txt" in page  # its input row: an error outcome


def test_empty_inputs_and_runs_views_are_said_to_be_empty(tmp_path):
    con = open_lake(str(tmp_path))
    con.execute(INPUTS + " WHERE false")
    con.execute(RUNS + " WHERE false")
    page = build_report(con)
    assert "No inputs recorded yet." in page and "No runs recorded yet." in page


def test_the_page_needs_no_network(con):
    page = build_report(con)
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//script[@src] | //link[@href] | //img[@src] | //iframe") == []
    assert len(tree.xpath("//script")) == 3  # the charts' data, the Vega bundle, the drawing
    # Text from the data cannot end the script that carries it.
    assert all("</" not in json.dumps(c) for c in _charts(page))


def test_report_command_writes_the_file(lake, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(lake), "--out", str(out)]) == 0
    assert f"report written to {out}" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", str(tmp_path / "missing"), "--out", str(out)]) == 2


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("no Chromium: .ci/run installs Debian's chromium package before the tests")
    pytest.skip("no Chromium on this machine: apt-get install chromium (CI installs it and runs this test)")


def _chromium(url: str, profile: Path, *args: str) -> str:
    """Runs headless Chromium on `url` with `args`, offline and with a fresh profile; returns stdout."""
    command = [
        _browser(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        # No host resolves: the page must draw from what the file holds.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        # Virtual time runs the page's scripts to the end before the DOM is dumped or the shot taken.
        "--virtual-time-budget=30000",
        *args,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _bars(dom, chart: str) -> list[dict[str, str]]:
    """The bars of one chart, each as the fields its aria-label names (`field: value; ...`)."""
    labels = dom.xpath(f'//div[@data-chart="{chart}"]//*[@aria-roledescription="bar"]/@aria-label')
    return [dict(part.split(": ", 1) for part in label.split("; ")) for label in labels]


def _expected_per(con, unit: str, span: int, fmt: str) -> Counter:
    """(bucket as Vega writes it, lang) -> articles, from the lake, in the report's window."""
    rows = con.execute(
        f"SELECT date_trunc('{unit}', timezone('UTC', coalesce(published_at, updated_at))) AS b, lang "
        "FROM articles WHERE b IS NOT NULL"
    ).fetchall()
    step = dt.timedelta(hours=1) if unit == "hour" else dt.timedelta(days=1)
    start = max(b for b, _ in rows) - (span - 1) * step
    return Counter((b.strftime(fmt), lang) for b, lang in rows if b >= start)


def test_the_report_draws_in_chromium_with_the_lake_s_numbers(con, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "report.html"
    page.write_text(build_report(con), encoding="utf-8")
    dom = lxml.html.fromstring(_chromium(page.as_uri(), tmp_path / "p1", "--dump-dom"))

    # Every chart drew (as SVG), none failed.
    assert dom.xpath("//body/@data-charts") == ["drawn"]
    charts = dom.xpath("//div[@data-chart]")
    assert len(charts) == len(_charts(page.read_text(encoding="utf-8"))) >= 12
    assert [c.get("data-rendered") for c in charts] == ["yes"] * len(charts)
    assert all(c.xpath(".//svg") for c in charts)

    # Articles per day and per hour by language: every bar, with its count.
    for unit, span, fmt in (("day", DAYS_SHOWN, "%b %d, %Y"), ("hour", HOURS_SHOWN, "%b %d, %Y %H:%M")):
        drawn = Counter()
        for bar in _bars(dom, f"per-{unit}-by-lang"):
            drawn[(bar[f"{unit} (UTC)"], bar["lang"])] += int(bar["articles"])
        assert drawn == _expected_per(con, unit, span, fmt)
        assert sum(int(b["articles"]) for b in _bars(dom, f"per-{unit}-by-source")) == sum(drawn.values())

    # Top sources, agencies, dead letters by step and reason.
    sources = Counter(Path(s).name for (s,) in con.execute("SELECT source FROM articles").fetchall())
    drawn_sources = {b["source"]: int(b["articles"]) for b in _bars(dom, "top-sources")}
    assert drawn_sources == dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:15])
    agencies = Counter(a for (a,) in con.execute("SELECT unnest(agencies) FROM articles").fetchall())
    assert {b["agency"]: int(b["articles"]) for b in _bars(dom, "agencies")} == agencies
    dead = {(b["step"], b["reason"]): int(b["inputs"]) for b in _bars(dom, "dead-letters")}
    assert dead == {
        ("read", "empty file"): 1,
        (
            "read",
            "line N: not valid JSON: Expecting property name enclosed in double quotes: line N column N (char N)",
        ): 2,
    }

    # The update timeline: the most-updated stories by title, a mark for publication and each update.
    titles = dom.xpath('//div[@data-chart="update-timeline"]//*[@aria-roledescription="title"]/@aria-label')
    assert titles[0].startswith("Title text '1. ") and len(titles) == 10
    marks = dom.xpath('//div[@data-chart="update-timeline"]//*[@aria-roledescription="point"]')
    assert len(marks) == 2 * len(titles)  # every story in the sample has one update
    assert "Title text '9. Store opptøyer i Venezuela'" in titles

    # Each input's last status and the run history.
    last = {b["outcome"]: int(b["inputs"]) for b in _bars(dom, "input-outcomes")}
    assert last == {"error": 1, "not-modified": 1, "unchanged": 1}
    row = dom.xpath(
        '//table[@data-table="inputs"]//tr[td="https://www.dr.dk/nyheder/service/feeds/allenyheder"]'
    )
    assert [td.text_content() for td in row[0]][2::8] == ["error", "HTTP 503 Service Unavailable"]
    runs = {b["run"]: int(b["articles"]) for b in _bars(dom, "run-articles")}
    assert runs == {"20261130T060000Z-aaaa": 33, "20261130T070000Z-bbbb": 0}

    shot = ARTIFACTS / "report.png"
    _chromium(page.as_uri(), tmp_path / "p2", f"--screenshot={shot}", "--window-size=1200,5600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 100_000
    print(f"report screenshot: {shot}")
