"""--fetch-articles against a local server on 127.0.0.1: full text in, failures recorded, known items unasked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.article_files import read_article_file
from connectors.http import FetchSettings
from connectors.lake import State, VersionRow
from pipelines import identity
from pipelines.fetch_articles import (
    NOT_FETCHED,
    SHORTER_PAGE,
    FetchArticles,
    _FetchArticlesFn,
    feed_hash,
    with_failure,
    with_page,
)
from pipelines.parse import parse_document
from schemas import Caption, DeadLetter, Document, InputRead
from tests.local_server import LocalServer, Reply

PAGE = (Path(__file__).parent.parent / "sample_feeds" / "oslo_blackout.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = FetchSettings(retries=0, total_timeout=3.0, host_interval=0.0)
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
SUMMARY = "Rundt 60.000 kunder mistet strømmen mandag morgen."


def feed_item(url: str, **fields) -> Document:
    """A feed entry as connectors/feeds.py gives it: a summary and a link to the article page."""
    values = {
        "source": "http://127.0.0.1/feed.xml",
        "source_kind": "feed",
        "text": SUMMARY,
        "url": url,
        "guid": "urn:byavisen:1-4420",
        "title": "Strømbruddet i Oslo: Dette vet vi",
        "published_text": "Mon, 11 Mar 2024 07:12:00 GMT",
        "fetched_at": NOW,
        "position": 3,
    }
    return Document(**(values | fields))


def saved_page(**fields) -> Document:
    (page,) = read_article_file("https://byavisen.example/1-4420", PAGE, format="html")
    assert isinstance(page, Document)
    return dataclasses.replace(page, **fields)


@pytest.fixture
def server():
    local = LocalServer()
    local.routes["/robots.txt"] = lambda r: Reply(200, b"User-agent: *\nDisallow: /private/\n")
    for path in ("/news/blackout", "/news/blackout-2", "/private/blackout"):
        local.routes[path] = lambda r: Reply(200, PAGE, HTML)
    local.routes["/news/report.pdf"] = lambda r: Reply(
        200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"}
    )
    local.routes["/news/empty"] = lambda r: Reply(200, b"<html><body></body></html>", HTML)
    yield local
    local.close()


def fetch_all(elements, *, output=None, settings=FAST, forget=frozenset()) -> list:
    """What the step's DoFn yields for one group holding `elements` (setup and teardown around it)."""
    fn = _FetchArticlesFn(output=output, settings=settings, forget=forget)
    fn.setup()
    try:
        return list(fn.process(("host:0", elements)))
    finally:
        fn.teardown()


# --- the pure functions ----------------------------------------------------------------------------


def test_with_page_brings_the_full_text_captions_related_and_missing_stamps():
    item = feed_item("https://byavisen.example/1-4420", captions=(Caption("Kart over området."),))
    page = saved_page(fetched_at=NOW + dt.timedelta(seconds=5), warnings=("text repaired",))
    out = with_page(item, page)
    # The summary is the page's standfirst (`p.lede`), which the page reader sets apart from its text.
    assert out.text == page.text and out.standfirst == page.standfirst and SUMMARY in out.standfirst[0]
    assert out.captions == (Caption("Kart over området."), *page.captions) and len(page.captions) == 2
    assert out.related == ("Slik forbereder du deg på strømbrudd", "Rekordhøye strømpriser i februar")
    # The feed's identity and dates stay; the page fills in only what the feed lacks.
    for name in ("title", "guid", "url", "source", "source_kind", "position", "published_text"):
        assert getattr(out, name) == getattr(item, name), name
    assert (out.updated_text, out.author, out.lang) == (
        "2024-03-11T11:47:00+01:00",
        "Av Ingrid Solheim",
        "nb",
    )
    assert out.fetched_at == page.fetched_at  # the page's relative stamps count from its fetch
    assert out.warnings == ("article page: text repaired",)
    assert out.feed_hash == identity.source_hash(item.title, SUMMARY, None)


def test_with_page_keeps_what_the_feed_states():
    item = feed_item(
        "https://byavisen.example/1-4420",
        author="NTB",
        lang="no",
        updated_text="Mon, 11 Mar 2024 12:00:00 GMT",
        captions=(Caption(saved_page().captions[0].text, "NTB"),),
        related=("Rekordhøye strømpriser i februar",),
    )
    out = with_page(item, saved_page())
    assert (out.author, out.lang, out.updated_text) == ("NTB", "no", "Mon, 11 Mar 2024 12:00:00 GMT")
    assert [c.credit for c in out.captions] == ["NTB", "Terje Lunde / NTB"]  # a caption once, the feed's
    assert out.related == ("Rekordhøye strømpriser i februar", "Slik forbereder du deg på strømbrudd")


@pytest.mark.parametrize(
    ("feed_text", "page_text", "kept"),
    [
        (
            "A short summary.",
            "Title\n\nA short   summary.\n\nMore.",
            "page",
        ),  # contains it (whitespace aside)
        ("A summary the page words differently.", "A longer text that the page has instead of it.", "page"),
        ("A long summary that says more than the page does.", "Subscribe to read.", "feed"),
        ("", "The article.", "page"),
    ],
)
def test_with_page_takes_the_page_text_when_it_contains_or_outgrows_the_summary(feed_text, page_text, kept):
    item = feed_item("https://x.example/1", text=feed_text)
    out = with_page(item, Document(source="https://x.example/1", source_kind="file", text=page_text))
    assert out.text == (page_text if kept == "page" else feed_text)
    assert out.warnings == (() if kept == "page" else (SHORTER_PAGE,))
    assert out.fetched_at == NOW  # the page had no fetch time; the feed's stays
    assert out.feed_hash == identity.source_hash(item.title, feed_text, None)


def test_with_failure_keeps_the_item_and_says_why():
    item = feed_item("https://x.example/1", warnings=("feed is not well-formed",))
    out = with_failure(item, "robots.txt disallows this page")
    assert out == dataclasses.replace(
        item, warnings=("feed is not well-formed", "full article not fetched: robots.txt disallows this page")
    )


def test_the_version_stays_the_feeds_however_the_page_changes():
    item = feed_item("https://byavisen.example/1-4420")
    alone = parse_document(item, run_id="r", ingested_at=NOW)
    first = parse_document(with_page(item, saved_page()), run_id="r", ingested_at=NOW)
    changed_page = saved_page(text=saved_page().text + "\n\n1 234 kommentarer")
    second = parse_document(with_page(item, changed_page), run_id="r", ingested_at=NOW)
    assert alone.source_hash == first.source_hash == second.source_hash == feed_hash(item)
    assert first.article_id == second.article_id
    assert first.content_hash != second.content_hash  # the text did change; the version did not
    # And without a page, parse hashes the document's own text as before.
    assert alone.source_hash == identity.source_hash(item.title, item.text, item.updated_text)


# --- against the local server ----------------------------------------------------------------------


def test_a_served_page_brings_the_full_text_captions_and_stamps(server):
    item = feed_item(server.url("/news/blackout"))
    before = dt.datetime.now(dt.UTC)
    (out,) = fetch_all([item])
    assert out == with_page(item, saved_page(source=item.url, fetched_at=out.fetched_at))
    assert SUMMARY in out.standfirst[0] and "Passasjerer venter på Tøyen stasjon" in out.captions[1].text
    assert out.updated_text == "2024-03-11T11:47:00+01:00"
    assert out.fetched_at is not None and before <= out.fetched_at <= dt.datetime.now(dt.UTC)
    assert [r.path for r in server.requests] == ["/robots.txt", "/news/blackout"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/news/gone", "fetch failed after 1 attempt(s): HTTP 404 Not Found"),
        ("/private/blackout", "robots.txt disallows this page"),
        ("/news/report.pdf", "not an HTML page (Content-Type application/pdf)"),
        ("/news/empty", "no main text found in the HTML page"),
    ],
)
def test_a_page_that_cannot_be_had_keeps_the_feed_item_with_the_reason(server, path, reason):
    item = feed_item(server.url(path))
    assert fetch_all([item]) == [with_failure(item, reason)]
    assert fetch_all([item])[0].warnings == (NOT_FETCHED + reason,)
    if path.startswith("/private/"):
        assert server.requests_to(path) == []  # robots.txt said no: never asked


def test_a_site_whose_robots_txt_cannot_be_had_keeps_the_feed_item_and_says_so(server):
    down = feed_item("http://127.0.0.1:9/news/1")  # discard port: nothing listens
    assert fetch_all([down])[0].warnings == (
        NOT_FETCHED + "robots.txt could not be fetched (ConnectError: [Errno 111] Connection refused): "
        "the site is off limits (RFC 9309)",
    )
    server.routes["/robots.txt"] = lambda r: Reply(503, b"busy")
    busy = feed_item(server.url("/news/blackout"))
    assert fetch_all([busy]) == [
        with_failure(
            busy,
            "robots.txt could not be fetched (HTTP 503 Service Unavailable): the site is off limits (RFC 9309)",
        )
    ]
    assert server.requests_to("/news/blackout") == []


def test_an_item_the_lake_holds_sends_no_request(server, tmp_path):
    held = feed_item(server.url("/news/blackout"))
    new = feed_item(server.url("/news/blackout-2"), guid="urn:byavisen:2")
    changed = feed_item(server.url("/news/blackout"), text=SUMMARY + " Oppdatert.")
    # The lake holds `held` as parse names it after its page was fetched: the feed's hash.
    article = parse_document(with_page(held, saved_page()), run_id="r", ingested_at=NOW)
    keys = identity.identity_keys(guid=held.guid, url=held.url, source=held.source, position=held.position)
    with State.open(str(tmp_path)) as state:
        state.begin_run("20261130T120000Z-0001", kind="ingest", started_at=NOW)
        row = VersionRow(article.story_id, 1, article.source_hash, article.content_hash, article.article_id, held.source, "2024-03-11", keys)  # fmt: skip
        state.commit_run("20261130T120000Z-0001", seconds=1.0, versions=[row])
    out = fetch_all([held, new], output=str(tmp_path))
    assert held in out  # untouched: AssignVersions skips it as unchanged
    assert [r.path for r in server.requests] == ["/robots.txt", "/news/blackout-2"]
    # A changed version of the held story is fetched; a full refresh of its feed fetches it again.
    assert fetch_all([changed], output=str(tmp_path))[0].text == saved_page().text
    assert fetch_all([held], output=str(tmp_path), forget=frozenset({held.source}))[0].feed_hash is not None
    assert len(server.requests_to("/news/blackout")) == 2


def test_items_linking_to_one_page_share_one_request(server):
    a = feed_item(server.url("/news/blackout"))
    b = feed_item(server.url("/news/blackout"), source="http://127.0.0.1/other.xml", guid="urn:other")
    out = fetch_all([a, b])
    assert [(o.source, o.guid, o.text) for o in out] == [
        (a.source, a.guid, saved_page().text),
        (b.source, b.guid, saved_page().text),
    ]
    assert len(server.requests_to("/news/blackout")) == 1


def test_a_lake_without_state_yet_fetches_everything(server, tmp_path):
    item = feed_item(server.url("/news/blackout"))
    (out,) = fetch_all([item], output=str(tmp_path / "new-lake"))
    assert out.text == saved_page().text


def test_everything_but_feed_items_with_a_web_link_passes_untouched(server):
    dead = DeadLetter(step="read", source="x.rss", error="not a readable feed", traceback="", payload="")
    tally = InputRead(source="x.rss", kind="feed", bytes=10, documents=0, seconds=0.1)
    file_doc = Document(source="a.html", source_kind="file", text="Text.", url=server.url("/news/blackout"))
    no_link = feed_item(None)
    not_web = feed_item("urn:isbn:0451450523")
    elements = [dead, tally, file_doc, no_link, not_web]
    assert fetch_all(elements) == elements
    assert server.requests == []


def test_one_request_at_a_time_per_host_with_the_interval_and_hosts_side_by_side(server):
    server.routes["/slow"] = lambda r: (time.sleep(0.1), Reply(200, PAGE, HTML))[1]
    # Two host names for the one loopback server: 127.0.0.1 and localhost.
    items = [feed_item(server.url(f"/slow?{i}"), guid=f"a{i}") for i in range(3)] + [
        feed_item(server.url(f"/news/blackout?{i}", host="localhost"), guid=f"b{i}") for i in range(3)
    ]
    started = time.monotonic()
    out = fetch_all(items, settings=dataclasses.replace(FAST, host_interval=0.2))
    elapsed = time.monotonic() - started
    assert [o.text for o in out] == [saved_page().text] * 6
    for host in ("127.0.0.1", "localhost"):
        asked = [r for r in server.requests if r.headers["host"].startswith(host)]
        gaps = [b.at - a.at for a, b in itertools.pairwise(asked)]
        assert len(asked) == 4 and min(gaps) >= 0.2, gaps  # robots.txt, then 3 pages
    # Side by side: ~3 intervals + 3 slow answers on the slower host, not both hosts in a row.
    assert elapsed < 1.6, elapsed


def test_fetch_articles_under_a_pipeline(server):
    item = feed_item(server.url("/news/blackout"))
    gone = feed_item(server.url("/news/gone"), guid="urn:gone", position=4)
    dead = DeadLetter(step="read", source="x.rss", error="not a readable feed", traceback="", payload="", failed_at=NOW)  # fmt: skip
    tally = InputRead(source="x.rss", kind="feed", bytes=10, documents=2, seconds=0.1)
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([item, gone, dead, tally])
            | FetchArticles(output=None, settings=FAST)
            # The page's fetch time is the clock's; everything else is exact.
            | beam.Map(lambda e: dataclasses.replace(e, fetched_at=None) if isinstance(e, Document) else e)
        )
        assert_that(
            out,
            equal_to(
                [
                    with_page(dataclasses.replace(item, fetched_at=None), saved_page(source=item.url)),
                    with_failure(
                        dataclasses.replace(gone, fetched_at=None),
                        "fetch failed after 1 attempt(s): HTTP 404 Not Found",
                    ),
                    dead,
                    tally,
                ]
            ),
            label="Records",
        )


def test_groups_are_checked():
    with pytest.raises(ValueError, match="groups must be >= 1"):
        FetchArticles(output=None, groups=0)
