"""Input expansion (files, folders, globs) and reading one source, including every sample input."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.sources import (
    ARTICLE_EXTENSIONS,
    FEED_EXTENSIONS,
    Inputs,
    expand_inputs,
    read_source,
    sniff_feed,
)
from schemas.article import DeadLetter

SAMPLES = Path(__file__).parent.parent / "sample_feeds"
FEED_FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
SEEDS = sorted(SAMPLES.glob("0*.txt"))
RSS = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title><item><title>a</title><description>A.</description></item></channel></rss>\n'


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _tree(
        tmp_path,
        {
            "a.txt": b"Tekst.\n",
            "feed.txt": RSS,  # a feed saved as .txt
            "b/c.rss": RSS,
            "b/page.html": b"<html><body><p>Side.</p></body></html>",
            "b/items.jsonl": b'{"body": "x"}\n',
            "b/image.png": b"\x89PNG\r\n\x1a\n\x00",
            "b/c.expected.json": b"{}",
            "b/noext": b"text",
            "README.md": b"# Notes\n",
            ".DS_Store": b"\x00\x01",
            ".git/config": b"[core]\n",
        },
    )
    return tmp_path


def test_folder_expansion_with_skipped_files_and_reasons(folder: Path):
    inputs = expand_inputs([str(folder)])
    assert inputs == Inputs(
        files=(
            (
                f"{folder}/README.md",
                "article",
            ),  # .md is an article format: a README in an input folder is read
            (f"{folder}/a.txt", "article"),
            (f"{folder}/b/c.rss", "feed"),
            (f"{folder}/b/items.jsonl", "article"),
            (f"{folder}/b/page.html", "article"),
            (f"{folder}/feed.txt", "feed"),
        ),
        skipped=(
            (f"{folder}/.DS_Store", "hidden"),
            (f"{folder}/.git", "hidden"),
            (f"{folder}/b/c.expected.json", "not an input format (.json)"),
            (f"{folder}/b/image.png", "not an input format (.png)"),
            (f"{folder}/b/noext", "not an input format (no extension)"),
        ),
        missing=(),
    )


def test_glob_expansion(folder: Path):
    inputs = expand_inputs([f"{folder}/b/*", f"{folder}/**/*.txt"])
    assert inputs.files == (
        (f"{folder}/a.txt", "article"),
        (f"{folder}/b/c.rss", "feed"),
        (f"{folder}/b/items.jsonl", "article"),
        (f"{folder}/b/page.html", "article"),
        (f"{folder}/feed.txt", "feed"),
    )
    assert [reason for _, reason in inputs.skipped] == [
        "not an input format (.json)",
        "not an input format (.png)",
        "not an input format (no extension)",
    ]
    assert inputs.missing == ()


def test_missing_inputs(folder: Path):
    inputs = expand_inputs(
        [str(folder / "nope.rss"), f"{folder}/*.atom", str(folder / "a.txt"), str(folder / "nope.rss")]
    )
    assert inputs.files == ((f"{folder}/a.txt", "article"),)
    assert inputs.missing == (str(folder / "nope.rss"), f"{folder}/*.atom")


def test_explicit_files_are_always_read(folder: Path):
    inputs = expand_inputs([str(folder / "b/noext"), str(folder / ".DS_Store"), str(folder / "b/image.png")])
    assert inputs.files == (
        (f"{folder}/.DS_Store", "article"),
        (f"{folder}/b/image.png", "article"),
        (f"{folder}/b/noext", "article"),
    )
    assert inputs.skipped == ()


def test_a_file_reached_twice_is_listed_once(folder: Path):
    inputs = expand_inputs([str(folder / "a.txt"), str(folder), f"{folder}/*.txt"])
    assert [path for path, _ in inputs.files].count(f"{folder}/a.txt") == 1
    assert inputs == expand_inputs([str(folder / "a.txt"), str(folder), f"{folder}/*.txt"])  # deterministic


@pytest.mark.parametrize(
    ("head", "is_feed"),
    [
        (RSS, True),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"><title/>',
            True,
        ),
        (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x" xmlns="http://purl.org/rss/1.0/">', True),
        ("<rss version='2.0'>".encode("utf-16"), True),
        (b'<feed xmlns="http://example.org/not-atom">', False),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description/>", False),
        (b'<!DOCTYPE html><html><link type="application/rss+xml" href="/rss"><p>&lt;rss</p>', False),
        (b"Plain text that mentions <rss> later.", False),
        (b"", False),
        # An internal DTD subset has `>` inside it (a billion-laughs feed saved as .txt is still a feed).
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><rss version="2.0">',
            True,
        ),
    ],
)
def test_sniff_feed(head: bytes, is_feed: bool):
    assert sniff_feed(head) is is_feed


@pytest.mark.parametrize("path", sorted(FEED_FIXTURES.iterdir()), ids=lambda p: p.name)
def test_feed_fixtures_sniff_as_feeds_unless_they_are_not(path: Path):
    not_feeds = {"not_xml.xml", "html_page.xml"}
    assert sniff_feed(path.read_bytes()[:4096]) is (path.name not in not_feeds)


def test_read_source_missing_file(tmp_path: Path):
    path = str(tmp_path / "gone.txt")
    (dead,) = read_source(path, "article")
    assert isinstance(dead, DeadLetter)
    assert (dead.step, dead.source, dead.payload) == ("read", path, "")
    assert dead.error == "cannot read file: No such file or directory"
    assert "FileNotFoundError" in dead.traceback


def test_read_source_directory(tmp_path: Path):
    (dead,) = read_source(str(tmp_path), "feed")
    assert isinstance(dead, DeadLetter)
    assert dead.error == "cannot read file: Is a directory"


def test_read_source_permission_denied(tmp_path: Path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    real_open = open

    # chmod 0 does not stop root (CI runs as root), so the denial is simulated at open().
    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    (dead,) = read_source(str(path), "article")
    assert dead.error == "cannot read file: Permission denied"


def test_read_source_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        list(read_source("x.txt", "podcast"))


def test_read_source_sniffed_feed(folder: Path):
    (document,) = read_source(str(folder / "feed.txt"), "feed")
    assert (document.source_kind, document.title, document.text) == ("feed", "a", "A.")


def test_extensions():
    assert FEED_EXTENSIONS == (".xml", ".rss", ".atom", ".rdf")
    assert ARTICLE_EXTENSIONS == (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson")


SAMPLE_INPUTS = expand_inputs([str(SAMPLES)])


@pytest.mark.parametrize(("path", "kind"), SAMPLE_INPUTS.files, ids=lambda v: Path(v).name)
def test_every_sample_input_reads_cleanly(path: str, kind: str):
    records = list(read_source(path, kind))
    assert [r for r in records if isinstance(r, DeadLetter)] == []
    assert records
    for document in records:
        assert document.text.strip()
        assert document.warnings == ()


def test_sample_inputs_cover_every_format():
    names = {Path(path).name: kind for path, kind in SAMPLE_INPUTS.files}
    for name, kind in {
        "nordic_wire.rss": "feed",
        "world_updates.atom": "feed",
        "ntb_rdf.rdf": "feed",
        "oslo_blackout.html": "article",
        "wire_items.jsonl": "article",
    }.items():
        assert names[name] == kind
    assert len(SEEDS) == 5
    assert {reason for _, reason in SAMPLE_INPUTS.skipped} <= {"not an input format (.json)"}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_text_is_preserved(seed: Path):
    (document,) = read_source(str(seed), "article")
    raw = seed.read_bytes().decode("utf-8")
    assert document.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    assert (document.source_kind, document.title, document.published_text) == ("file", None, None)


LISTS = Path(__file__).parent / "fixtures" / "lists"
OPML_URLS = [
    "https://www.nrk.no/toppsaker.rss",
    "https://www.bt.no/rss.xml",
    "https://www.svt.se/nyheter/rss.xml",
]
LIST_URLS = [
    "https://www.nrk.no/toppsaker.rss",
    "https://www.dr.dk/nyheder/service/feeds/allenyheder",
    "http://yle.fi/uutiset/rss/paauutiset.rss",
]


def test_url_inputs_are_feeds():
    inputs = expand_inputs(["https://www.nrk.no/toppsaker.rss", "http://127.0.0.1:8080/feed"])
    assert inputs.files == (
        ("http://127.0.0.1:8080/feed", "feed"),
        ("https://www.nrk.no/toppsaker.rss", "feed"),
    )
    assert (inputs.missing, inputs.errors) == ((), ())


def test_opml_with_nested_outlines_expands_to_its_feed_urls():
    inputs = expand_inputs([str(LISTS / "nordic.opml")])
    assert sorted(inputs.files) == sorted((url, "feed") for url in OPML_URLS)
    assert inputs.errors == ()


def test_url_list_file_with_comments_expands_to_its_urls(tmp_path: Path):
    inputs = expand_inputs([str(LISTS / "feeds.urls")])
    assert sorted(inputs.files) == sorted((url, "feed") for url in LIST_URLS)
    # A .txt whose every line is a URL is a list too; one with prose is an article.
    _tree(
        tmp_path,
        {
            "feeds.txt": b"https://a.example/rss\n# c\nhttps://b.example/rss\n",
            "note.txt": b"https://a.example/rss is down\n",
        },
    )
    assert expand_inputs([str(tmp_path)]).files == (
        (f"{tmp_path}/note.txt", "article"),
        ("https://a.example/rss", "feed"),
        ("https://b.example/rss", "feed"),
    )


def test_opml_listed_feed_and_url_given_twice_are_listed_once():
    inputs = expand_inputs(
        [str(LISTS / "nordic.opml"), str(LISTS / "feeds.urls"), "https://www.nrk.no/toppsaker.rss"]
    )
    assert sorted(url for url, _ in inputs.files) == sorted(set(OPML_URLS + LIST_URLS))


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        (
            "broken.opml",
            b"<opml><body><outline xmlUrl='https://a.example/rss'>",
            "not a well-formed OPML file",
        ),
        (
            "local.opml",
            b"<opml><body><outline text='x' xmlUrl='file:///etc/passwd'/></body></opml>",
            "1 entry not read: outline 'x': xmlUrl 'file:///etc/passwd' is not an http(s) URL",
        ),
        ("empty.opml", b"<opml><body><outline text='folder'/></body></opml>", "no feed URLs in the list"),
        (
            "bad.urls",
            b"https://a.example/rss\nnot a url\n",
            "1 entry not read: line 2: not an http(s) URL: 'not a url'",
        ),
        (
            "laughs.opml",
            b'<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="ftp://x/&b;"/></body></opml>',
            "1 entry not read: outline '': xmlUrl 'ftp://x/' is not an http(s) URL",
        ),
    ],
)
def test_a_list_that_cannot_be_read_whole_is_a_dead_letter(
    tmp_path: Path, name: str, data: bytes, error: str
):
    path = tmp_path / name
    path.write_bytes(data)
    inputs = expand_inputs([str(path)])
    (dead,) = inputs.errors
    assert (dead.step, dead.source) == ("list", str(path))
    assert dead.error.startswith(error), dead.error
    if name == "bad.urls":
        assert inputs.files == (("https://a.example/rss", "feed"),)  # the good lines are kept


def test_gzip_compressed_feed_and_article_files_are_read(tmp_path: Path):
    import gzip

    _tree(
        tmp_path,
        {
            "wire.xml.gz": gzip.compress(RSS),
            "items.jsonl.gz": gzip.compress(b'{"guid": "j1", "body": "Hei fra NTB."}\n'),
            "saved.xml": gzip.compress(RSS),  # gzip under a plain .xml name: detected by its magic
        },
    )
    inputs = expand_inputs([str(tmp_path)])
    assert inputs.files == (
        (f"{tmp_path}/items.jsonl.gz", "article"),
        (f"{tmp_path}/saved.xml", "feed"),
        (f"{tmp_path}/wire.xml.gz", "feed"),
    )
    texts = [[getattr(r, "text", r) for r in read_source(path, kind)] for path, kind in inputs.files]
    assert texts == [["Hei fra NTB."], ["A."], ["A."]]


def test_gzip_bomb_and_truncated_gzip_are_dead_letters(tmp_path: Path, monkeypatch):
    import gzip

    from connectors import sources

    bomb = tmp_path / "bomb.xml.gz"
    bomb.write_bytes(gzip.compress(b"<" * 5_000_000))
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(gzip.compress(RSS)[:-12])
    monkeypatch.setattr(sources, "MAX_DECOMPRESSED", 1_000_000)
    (bomb_dead,) = read_source(str(bomb), "feed")
    (cut_dead,) = read_source(str(cut), "feed")
    assert bomb_dead.error == "gzip data expands beyond the cap of 1000000 bytes"
    assert cut_dead.error == "truncated gzip data"


def test_url_source_is_fetched_and_stamped_with_the_fetch_time(server):
    import gzip
    from datetime import UTC, datetime

    from tests.local_server import Reply

    server.routes["/feed.rss"] = lambda r: Reply(200, RSS, {"Content-Type": "application/rss+xml"})
    server.routes["/saved.xml.gz"] = lambda r: Reply(
        200, gzip.compress(RSS), {"Content-Type": "application/gzip"}
    )
    before = datetime.now(UTC)
    (document,) = read_source(server.url("/feed.rss"), "feed")
    assert (document.source, document.source_kind, document.text) == (server.url("/feed.rss"), "feed", "A.")
    assert document.fetched_at is not None and before <= document.fetched_at <= datetime.now(UTC)
    given = datetime(2024, 3, 11, 9, 0, tzinfo=UTC)
    (stamped,) = read_source(server.url("/feed.rss"), "feed", fetched_at=given)
    assert stamped.fetched_at == given
    (unzipped,) = read_source(server.url("/saved.xml.gz"), "feed")
    assert unzipped.text == "A."


def test_url_source_that_fails_is_a_dead_letter_saying_why(server):
    from connectors.http import FetchSettings
    from tests.local_server import Reply

    server.routes["/down"] = lambda r: Reply(503, b"<html>maintenance</html>")
    server.routes["/page"] = lambda r: Reply(
        200, b"<!DOCTYPE html><html><head><title>Log in</title></head></html>"
    )
    settings = FetchSettings(retries=1, backoff=0.01)
    (down,) = read_source(server.url("/down"), "feed", settings=settings)
    assert (down.step, down.source, down.error) == (
        "fetch",
        server.url("/down"),
        "fetch failed after 2 attempt(s): HTTP 503 Service Unavailable",
    )
    (page,) = read_source(server.url("/page"), "feed", settings=settings)
    assert (page.step, page.error) == ("read", "not a readable feed: an HTML page, not a feed (Log in)")


def test_cli_ingests_feed_urls_from_an_opml_file_and_routes_failures(server, tmp_path: Path):
    """End to end: an OPML naming two live feeds and a dead one -> articles and dead letters in the lake."""
    import duckdb

    from pipelines.cli import main
    from tests.local_server import Reply

    nordic = (SAMPLES / "nordic_wire.rss").read_bytes()
    server.routes["/nordic.rss"] = lambda r: Reply(200, nordic)
    server.routes["/gone.rss"] = lambda r: Reply(410, b"gone")
    opml = tmp_path / "desk.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Desk">'
        f'<outline xmlUrl="{server.url("/nordic.rss")}"/><outline xmlUrl="{server.url("/gone.rss")}"/>'
        f'<outline text="bad" xmlUrl="file:///etc/passwd"/></outline></body></opml>'
    )
    out = tmp_path / "lake"
    assert main(["ingest", str(opml), "--output", str(out)]) == 0
    sources = duckdb.sql(
        f"SELECT DISTINCT source FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    assert sources == [(server.url("/nordic.rss"),)]
    letters = duckdb.sql(
        f"SELECT step, source, error FROM read_parquet('{out}/dead_letters/*.parquet') ORDER BY step"
    ).fetchall()
    assert letters == [
        ("fetch", server.url("/gone.rss"), "fetch failed after 1 attempt(s): HTTP 410 Gone"),
        (
            "list",
            str(opml),
            "1 entry not read: outline 'bad': xmlUrl 'file:///etc/passwd' is not an http(s) URL",
        ),
    ]


def test_a_server_clock_far_from_ours_is_reported_on_each_item(server):
    from tests.local_server import Reply

    server.routes["/skewed.rss"] = lambda r: Reply(200, RSS, {"Date": "Mon, 11 Mar 2024 08:00:00 GMT"})
    server.routes["/on-time.rss"] = lambda r: Reply(200, RSS)
    (skewed,) = read_source(server.url("/skewed.rss"), "feed")
    (on_time,) = read_source(server.url("/on-time.rss"), "feed")
    assert on_time.warnings == ()
    (warning,) = skewed.warnings
    assert warning.startswith("server Date 2024-03-11T08:00:00+00:00 is -")
    assert warning.endswith(
        "s from this machine's clock at fetch time; relative stamps were read against this machine's clock"
    )


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html>" + b" \n" * 2000 + b"<html><head><title>Side</title>",  # a page's blank lines
        b"\n" * 4000,
        b"<?xml version='1.0'?>" + b"<!-- x -->  \n" * 300 + b"<rss version='2.0'>",
    ],
)
def test_telling_a_file_s_kind_does_not_backtrack_over_blank_runs(head: bytes, tmp_path: Path):
    """A page opening with a few dozen blank characters took minutes to be told from OPML (a regular
    expression that tried every cut of the blank run). An alarm turns a relapse into a failure."""
    import signal

    def _too_slow(*_):
        raise TimeoutError("telling the kind backtracks over blank runs")

    path = tmp_path / "page.html"
    path.write_bytes(head)
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(10)
    try:
        listed = expand_inputs([str(path)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert list(listed.files) == [(str(path), "feed" if b"<rss" in head else "article")]
