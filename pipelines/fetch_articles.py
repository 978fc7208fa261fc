"""`--fetch-articles`: a feed item's link fetched and read, so the lake holds the full article.

Feeds mostly carry a summary. For each feed item the lake does not hold yet, its page is fetched
(robots.txt respected, one request at a time per host with `FetchSettings.host_interval` between
them) and read by the HTML reader (connectors/pages.py `read_page`); `with_page` folds the page
into the item. When the page cannot be had, `with_failure` keeps the item as the feed gave it, with
a warning saying why: a failed page never loses the item.

The version stays the feed's. `with_page` sets `Document.feed_hash` to the source hash of the item
as the feed gave it, and parse names the version by that hash instead of one over the enriched
text: the same feed item fetched twice is the same version however its page changed in between
(ads, comment counts, a new related link), and an item the lake already holds is recognised
before any request is sent. The flip side: an item whose page failed is written with the feed's
text and the failure, and is not fetched again until the feed changes the item.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import apache_beam as beam
import httpx
from apache_beam.metrics import Metrics

from connectors.http import FetchSettings, make_client
from connectors.lake import NoState, State
from connectors.pages import read_page

# The per-host scheduler fetch_many uses: one request in flight per host, an interval between them.
from connectors.polite import RobotsRules, _HostScheduler, host_of
from pipelines import identity
from pipelines.deadletters import describe
from schemas import Document

NOT_FETCHED = "full article not fetched: "
SHORTER_PAGE = "article page text is shorter than the feed's and does not contain it: feed text kept"


def feed_hash(item: Document) -> str:
    """The source hash naming the item's version: the feed's, however the item was enriched since."""
    return item.feed_hash or identity.source_hash(item.title, item.text, item.updated_text)


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def with_page(item: Document, page: Document) -> Document:
    """The feed item with its article page's full text, captions and related links folded in.

    The page's text replaces the feed's when it (with its standfirst) contains it or is longer (a page
    shorter than the summary is a teaser or a wall: the feed's text is kept, with a warning); the
    page's standfirst and printed stamps come with it. Title, guid, url, source, position and the
    feed's dates stay the feed's; the page's dates, author and language fill in only what the feed
    lacks. `feed_hash` keeps the version the feed's (module docstring).
    """
    # The feed's summary is often the page's standfirst, which the page reader sets apart from its text.
    feed_words, page_words = _words(item.text), _words(" ".join((*page.standfirst, page.text)))
    use_page = bool(page_words) and (feed_words in page_words or len(page_words) > len(feed_words))
    notes: tuple[str, ...] = tuple(f"article page: {w}" for w in page.warnings)
    if page_words and not use_page:
        notes += (SHORTER_PAGE,)
    known_captions = {c.text for c in item.captions}
    return dataclasses.replace(
        item,
        text=page.text if use_page else item.text,
        standfirst=page.standfirst if use_page else item.standfirst,
        stamps=item.stamps + page.stamps if use_page else item.stamps,
        author=item.author or page.author,
        lang=item.lang or page.lang,
        published_text=item.published_text or page.published_text,
        updated_text=item.updated_text or page.updated_text,
        captions=item.captions + tuple(c for c in page.captions if c.text not in known_captions),
        related=item.related + tuple(r for r in page.related if r not in item.related),
        # Relative stamps in the page's text ("2 hours ago") were written relative to the page fetch.
        fetched_at=(page.fetched_at or item.fetched_at) if use_page else item.fetched_at,
        warnings=item.warnings + notes,
        feed_hash=feed_hash(item),
    )


def with_failure(item: Document, reason: str) -> Document:
    """The feed item as the feed gave it, with a warning saying why its page was not had."""
    return dataclasses.replace(item, warnings=(*item.warnings, NOT_FETCHED + reason))


def wants_page(element: Any) -> bool:
    """True for a feed item with an http(s) link: the elements this step fetches a page for."""
    return (
        isinstance(element, Document)
        and element.source_kind == "feed"
        and bool(element.url)
        and urlsplit(element.url or "").scheme in ("http", "https")
    )


def key_by_host(element: Any, groups: int) -> tuple[str, Any]:
    """(group key, element): feed items by the host of their link, so one group owns each host."""
    if wants_page(element):
        return f"host:{zlib.crc32(host_of(element.url).encode()) % groups}", element
    return f"pass:{zlib.crc32(str(getattr(element, 'source', '')).encode()) % 16}", element


class _FetchArticlesFn(beam.DoFn):
    """Fetches one group's pages with one client, one robots.txt cache and the lake's state (per worker)."""

    def __init__(self, *, output: str | None, settings: FetchSettings, forget: frozenset[str]):
        self._output = output
        self._settings = settings
        self._forget = forget
        self._client: httpx.Client | None = None
        self._robots: RobotsRules | None = None
        self._state: State | None = None
        self._origins: set[str] = set()  # origins whose robots.txt this worker has asked for
        self._lock: threading.Lock | None = None  # made in setup(): a lock does not pickle
        self._fetched = Metrics.counter("wirestream", "pages_fetched")
        self._failed = Metrics.counter("wirestream", "pages_failed")
        self._known = Metrics.counter("wirestream", "pages_not_needed")

    def setup(self) -> None:
        self._client = make_client(self._settings)
        self._robots = RobotsRules(settings=self._settings, client=self._client)
        self._origins = set()
        self._lock = threading.Lock()
        if self._output is not None:
            try:
                self._state = State.open(self._output, readonly=True)
            except NoState:
                self._state = None  # a lake being created: every item is new

    def teardown(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._state is not None:
            self._state.close()

    def process(self, group: tuple[str, Iterable[Any]]) -> Iterator[Any]:
        _, elements = group
        waiting: dict[str, list[Document]] = {}  # url -> the items linking to it (fetched once)
        for element in elements:
            if not wants_page(element):
                yield element
            elif self._holds(element):
                self._known.inc()
                yield element  # AssignVersions skips it as unchanged: no request for it
            else:
                waiting.setdefault(element.url or "", []).append(element)
        for url, page in self._pages(list(waiting)):
            for item in waiting.pop(url):
                if isinstance(page, Document):
                    self._fetched.inc()
                    yield with_page(item, page)
                else:
                    self._failed.inc()
                    yield with_failure(item, page)

    def _holds(self, item: Document) -> bool:
        """True when the lake already holds this version of the item (as AssignVersions will find)."""
        if self._state is None:
            return False
        keys = identity.identity_keys(
            guid=item.guid, url=item.url, source=item.source, position=item.position
        )
        known = self._state.find_story(keys, ignore_sources=self._forget)
        return known is not None and feed_hash(item) in known.source_hashes

    def _pages(self, urls: Sequence[str]) -> Iterator[tuple[str, Document | str]]:
        """(url, its page or why it could not be had) as each arrives; hosts side by side, each
        host's pages one at a time. Yielded as they come, so a group's pages are not all held at once."""
        if not urls:
            return
        scheduler = _HostScheduler(urls, self._settings.host_interval)
        arrived: queue.SimpleQueue[tuple[str, Document | str] | None] = queue.SimpleQueue()

        def work() -> None:
            try:
                while (index := scheduler.take()) is not None:
                    try:
                        arrived.put((urls[index], self._page(urls[index])))
                    finally:
                        scheduler.done(urls[index])
            finally:
                arrived.put(None)  # this thread is done

        threads = min(self._settings.workers, len({host_of(u) for u in urls}))
        with ThreadPoolExecutor(threads) as pool:
            futures = [pool.submit(work) for _ in range(threads)]
            running = threads
            while running:
                got = arrived.get()
                if got is None:
                    running -= 1
                else:
                    yield got
            for future in futures:
                future.result()  # a thread that died re-raises its (programming) error here

    def _page(self, url: str) -> Document | str:
        """The page at `url` or the reason it could not be had (runs in the host's turn)."""
        assert self._robots and self._client and self._lock, "setup() makes them"
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            first = origin not in self._origins
            self._origins.add(origin)
        if first and self._robots.allowed(url):
            # robots.txt is a request to the host too: the page waits its interval after it.
            time.sleep(self._settings.host_interval)
        try:
            page = read_page(url, robots=self._robots, settings=self._settings, client=self._client)
        except Exception as exc:  # noqa: BLE001 - recorded on the feed item, which is kept
            return describe(exc)
        return page if isinstance(page, Document) else page.error


class FetchArticles(beam.PTransform):
    """Feed item -> the item with its article page's full text, or with the failure recorded on it.

    Items the lake already holds (same feed version) pass untouched and cost no request; anything
    that is not a feed item with an http(s) link (file documents, dead letters, tallies) passes too.

    Args:
        output: the lake whose state says which versions exist (None: every item is new).
        settings: how to fetch (timeouts, size cap, `host_interval`, `workers` threads per group).
        forget: input locations a full refresh re-reads (their versions do not count, as in
            AssignVersions, so their items get their pages again).
        groups: how many groups hosts are spread over; each group is fetched by one worker with
            one pool of `settings.workers` threads. 1 keeps the most hosts side by side; more
            spreads the reading of pages (about 5 ms of CPU each, measured) over Beam workers.
    """

    def __init__(
        self,
        *,
        output: str | None,
        settings: FetchSettings | None = None,
        forget: Collection[str] = (),
        groups: int = 1,
    ):
        super().__init__()
        if groups < 1:
            raise ValueError(f"groups must be >= 1, got {groups}")
        self._groups = groups
        self._fn = _FetchArticlesFn(
            output=output, settings=settings or FetchSettings(), forget=frozenset(forget)
        )

    def expand(self, documents):
        return (
            documents
            | "KeyByHost" >> beam.Map(key_by_host, self._groups)
            | "GroupByHost" >> beam.GroupByKey()
            | "Fetch" >> beam.ParDo(self._fn)
        )
