"""Article pages fetched from the web -> Documents: robots.txt first, then the fetch, then the HTML reader.

For `--fetch-articles`: a feed item mostly carries a summary, its link the full article. A page is
fetched only when robots.txt allows it (connectors/polite.py `RobotsRules`), with the same settings and
caps as feeds, and read by the same HTML reader as saved pages. What cannot be fetched or read is a
DeadLetter saying why, for the caller to record on the feed item (which is kept).
"""

from __future__ import annotations

from datetime import datetime

import httpx

from connectors.article_files import read_article_file
from connectors.http import FetchSettings, fetch, fetch_failure
from connectors.polite import RobotsRules
from schemas.article import DeadLetter, Document

# Content types read as a page; anything else (PDF, images, feeds) is not an article page.
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def read_page(
    url: str,
    *,
    robots: RobotsRules,
    settings: FetchSettings | None = None,
    client: httpx.Client | None = None,
    fetched_at: datetime | None = None,
) -> Document | DeadLetter:
    """Returns the Document of the article page at `url`, or a DeadLetter (step "fetch" or "read").

    The Document carries the page's text, captions, stamps and metadata, `source` = `url`, and the
    fetch time (unless `fetched_at` is given).
    """
    if not robots.allowed(url):
        return DeadLetter(step="fetch", source=url, error=robots.refusal(url), traceback="", payload="")
    result = fetch(url, settings=settings, client=client)
    if result.status != "ok":
        return fetch_failure(url, result)
    content_type = (result.content_type or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return DeadLetter(
            step="read",
            source=url,
            error=f"not an HTML page (Content-Type {content_type})",
            traceback="",
            payload=DeadLetter.excerpt(result.body),
        )
    (record,) = read_article_file(url, result.body, fetched_at=fetched_at or result.fetched_at, format="html")
    return record
