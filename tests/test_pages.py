"""Article pages fetched from a local server on 127.0.0.1: robots.txt first, then the HTML reader."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.http import FetchSettings
from connectors.pages import read_page
from connectors.polite import RobotsRules
from schemas.article import DeadLetter, Document
from tests.local_server import LocalServer, Reply

PAGE = (Path(__file__).parent.parent / "sample_feeds" / "oslo_blackout.html").read_bytes()
FAST = FetchSettings(retries=0, total_timeout=3.0)


@pytest.fixture
def server():
    local = LocalServer()
    local.routes["/robots.txt"] = lambda r: Reply(200, b"User-agent: *\nDisallow: /private/\n")
    local.routes["/news/blackout"] = lambda r: Reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
    local.routes["/private/blackout"] = lambda r: Reply(200, PAGE, {"Content-Type": "text/html"})
    local.routes["/news/report.pdf"] = lambda r: Reply(
        200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"}
    )
    yield local
    local.close()


def test_page_is_fetched_and_read_like_a_saved_page(server):
    from connectors.article_files import read_article_file

    (saved,) = read_article_file("oslo_blackout.html", PAGE)
    before = datetime.now(UTC)
    page = read_page(server.url("/news/blackout"), robots=RobotsRules(settings=FAST), settings=FAST)
    assert isinstance(page, Document) and isinstance(saved, Document)
    assert (page.text, page.title, page.captions, page.published_text) == (
        saved.text,
        saved.title,
        saved.captions,
        saved.published_text,
    )
    assert page.source == server.url("/news/blackout")
    assert page.fetched_at is not None and before <= page.fetched_at <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("path", "step", "error"),
    [
        ("/private/blackout", "fetch", "robots.txt disallows this page"),
        ("/news/gone", "fetch", "fetch failed after 1 attempt(s): HTTP 404 Not Found"),
        ("/news/report.pdf", "read", "not an HTML page (Content-Type application/pdf)"),
    ],
)
def test_a_page_that_cannot_be_had_is_a_dead_letter_saying_why(server, path: str, step: str, error: str):
    dead = read_page(server.url(path), robots=RobotsRules(settings=FAST), settings=FAST)
    assert isinstance(dead, DeadLetter)
    assert (dead.step, dead.source, dead.error) == (step, server.url(path), error)
    if path.startswith("/private/"):
        assert server.requests_to(path) == []  # robots.txt said no: never requested
