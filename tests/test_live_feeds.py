"""Live feeds against a local server: conditional GETs, versions of a changed item, back-off, moves."""

import datetime as dt
from pathlib import Path

from connectors.http import FetchSettings
from pipelines.lake import open_lake
from pipelines.run import Settings, run_batch
from tests.local_server import LocalServer, Reply, conditional

FEEDS = 24
FAST = FetchSettings(host_interval=0.0, retries=0, total_timeout=5.0, workers=8)


def rss(n: int, titles: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>https://outlet{n}.example/{i}</link><guid>o{n}-{i}</guid>"
        f"<pubDate>Mon, 11 Mar 2024 0{i}:00:00 +0100</pubDate>"
        f"<description>Teksten i sak {i} fra kilde {n} handler om {t.lower()} og mer til.</description></item>"
        for i, t in enumerate(titles)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kilde {n}</title><language>no</language>{items}</channel></rss>'.encode()


class Feeds:
    """A few dozen feeds that answer 304 to a matching If-None-Match, like real servers."""

    def __init__(self, server: LocalServer):
        self.server = server
        self.bodies = {f"/feed/{n}.xml": rss(n, ["Storm i nord", "Valg i sør"]) for n in range(FEEDS)}
        for path in self.bodies:
            server.routes[path] = self.answer

    def answer(self, request) -> Reply:
        body = self.bodies[request.path]
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        return conditional(etag, body, {"Content-Type": "application/rss+xml"})(request)

    def urls(self) -> list[tuple[str, str]]:
        return [(self.server.url(p), "feed") for p in sorted(self.bodies)]


def run(out: Path, feeds, **kw) -> dict:
    return run_batch(feeds, Settings(output=str(out), fetch=FAST, progress="quiet"), **kw)


def test_first_run_writes_all_then_conditional_requests_write_nothing_then_a_change_is_version_2(
    tmp_path, server
):
    feeds = Feeds(server)
    out = tmp_path / "lake"
    first = run(out, feeds.urls())
    assert (first["new"], first["inputs_by_outcome"]) == (2 * FEEDS, {"ok": FEEDS})
    con = open_lake(str(out))
    assert con.execute("SELECT count(*) FROM articles WHERE fetched_at IS NOT NULL").fetchall() == [
        (2 * FEEDS,)
    ]

    server.requests.clear()
    second = run(out, feeds.urls())
    assert (second["articles"], second["inputs_by_outcome"]) == (0, {"not-modified": FEEDS})
    assert len(server.requests) == FEEDS
    assert all("if-none-match" in r.headers for r in server.requests)

    feeds.bodies["/feed/3.xml"] = rss(3, ["Storm i nord", "Valg i sør: ny måling"])
    third = run(out, feeds.urls())
    assert (third["new"], third["changed"], third["unchanged"]) == (0, 1, 1)
    assert third["inputs_by_outcome"] == {"not-modified": FEEDS - 1, "ok": 1}
    versions = (
        open_lake(str(out))
        .execute("SELECT version, title FROM articles WHERE guid = 'o3-1' ORDER BY version")
        .fetchall()
    )
    assert versions == [(1, "Valg i sør"), (2, "Valg i sør: ny måling")]
    outcomes = (
        open_lake(str(out))
        .execute("SELECT outcome, count(*) FROM inputs GROUP BY ALL ORDER BY ALL")
        .fetchall()
    )
    assert outcomes == [("not-modified", 2 * FEEDS - 1), ("ok", FEEDS + 1)]


def test_a_failing_feed_is_a_dead_letter_then_backed_off_across_runs(tmp_path, server):
    server.routes["/down.xml"] = lambda request: Reply(503, b"down for maintenance")
    feeds = [(server.url("/down.xml"), "feed")]
    out = tmp_path / "lake"
    first = run(out, feeds)
    assert (first["inputs_by_outcome"], first["dead_letters"]) == ({"error": 1}, 1)
    letters = open_lake(str(out)).execute("SELECT step, error FROM dead_letters").fetchall()
    assert letters[0][0] == "fetch" and "503" in letters[0][1]
    asked = len(server.requests)
    second = run(out, feeds)  # within the back-off: not asked again
    assert second["inputs_by_outcome"] == {"backed-off": 1}
    assert len(server.requests) == asked
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)  # past the first back-off (5 minutes)
    third = run_batch(feeds, Settings(output=str(out), fetch=FAST, progress="quiet"), now=later)
    assert third["inputs_by_outcome"] == {"error": 1}
    assert len(server.requests) == asked + 1
    (failures,) = (
        open_lake(str(out)).execute("SELECT count(*) FROM inputs WHERE outcome = 'error'").fetchall()[0]
    )
    assert failures == 2


def test_a_permanent_redirect_moves_the_feed(tmp_path, server):
    server.routes["/old.xml"] = lambda request: Reply(301, b"", {"Location": server.url("/new.xml")})
    server.routes["/new.xml"] = lambda request: Reply(200, rss(1, ["Flyttet"]), {"ETag": '"v1"'})
    out = tmp_path / "lake"
    assert run(out, [(server.url("/old.xml"), "feed")])["new"] == 1
    server.requests.clear()
    assert run(out, [(server.url("/old.xml"), "feed")])["articles"] == 0
    assert [r.path for r in server.requests] == ["/new.xml"]  # the stored URL, not the old one again


PAGE = """<!DOCTYPE html><html lang="no"><head><title>Storm i nord</title></head><body><article>
<h1>Storm i nord</h1><p>Stormen traff Nord-Norge natt til mandag, og flere hundre husstander mistet strømmen.</p>
<figure><img src="a.jpg"><figcaption>Trær over veien ved Bodø. Foto: Kari Nordmann / NTB</figcaption></figure>
<p>Meteorologene venter at vinden løyer utover dagen, men varsler ny storm til helgen.</p>
<p>Veivesenet ber bilister om å holde seg hjemme til ryddearbeidet er ferdig.</p></article></body></html>"""


def test_fetch_articles_brings_the_full_text_once(tmp_path, server):
    body = rss(0, ["Storm i nord", "Valg i sør"]).replace(
        b"https://outlet0.example/0", server.url("/a/0").encode()
    )
    body = body.replace(b"https://outlet0.example/1", server.url("/a/1").encode())
    server.routes["/feed.xml"] = lambda request: Reply(200, body, {"Content-Type": "application/rss+xml"})
    server.routes["/a/0"] = lambda request: Reply(
        200, PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"}
    )
    feeds, out = [(server.url("/feed.xml"), "feed")], tmp_path / "lake"
    settings = Settings(output=str(out), fetch=FAST, progress="quiet", fetch_articles=True)
    assert run_batch(feeds, settings)["new"] == 2
    con = open_lake(str(out))
    full, failed = con.execute("SELECT body, len(captions), warnings FROM articles ORDER BY guid").fetchall()
    assert "varsler ny storm til helgen" in full[0] and full[1] == 1
    assert not failed[0].count("ny storm") and any("full article not fetched" in w for w in failed[2])
    pages = len(server.requests_to("/a/0")) + len(server.requests_to("/a/1"))
    assert run_batch(feeds, settings)["articles"] == 0
    assert len(server.requests_to("/a/0")) + len(server.requests_to("/a/1")) == pages  # nothing refetched
