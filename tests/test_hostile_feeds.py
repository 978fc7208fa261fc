"""Hostile and broken feeds: each crafted fixture ends in seconds with its readable items or a dead letter.

One fixture per case in tests/fixtures/hostile, its expectation beside it in `<case>.expected.json`:
`titles` (the Documents' titles, in order), `texts` (their texts), `absent` (strings no output may
contain: an entity expansion, a local file's content), `warning` (in every Document's warnings),
`dead_letter` (the one DeadLetter's error contains it).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from connectors.feeds import read_feed
from schemas.article import DeadLetter, Document

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
KEYS = {"titles", "texts", "absent", "warning", "dead_letter"}
SECONDS = 5.0


def _cases() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if not p.name.endswith(".expected.json"))


def _expected(path: Path) -> dict:
    expected = json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text("utf-8"))
    assert set(expected) <= KEYS, f"unknown expectation keys {set(expected) - KEYS}"
    return expected


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.name)
def test_hostile_feed(path: Path):
    expected = _expected(path)
    data = path.read_bytes()
    started = time.monotonic()
    records = list(read_feed(str(path), data))
    assert time.monotonic() - started < SECONDS
    documents = [r for r in records if isinstance(r, Document)]
    dead = [r for r in records if isinstance(r, DeadLetter)]
    if "dead_letter" in expected:
        assert documents == []
        assert [d.step for d in dead] == ["read"]
        assert expected["dead_letter"] in dead[0].error, dead[0].error
        return
    assert dead == []
    assert [d.title for d in documents] == expected["titles"]
    if "texts" in expected:
        assert [d.text for d in documents] == expected["texts"]
    everything = repr(documents)
    for text in expected.get("absent", []):
        assert text not in everything
    assert "\ufffd" not in everything
    for document in documents:
        if "warning" in expected:
            assert any(expected["warning"] in w for w in document.warnings), document.warnings
        else:
            assert document.warnings == ()


def _rss(items: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_ten_thousand_items_are_all_read_in_seconds():
    items = "".join(
        f"<item><title>Sak {n}</title><guid>g{n}</guid><description>Tekst {n} om Økern.</description></item>"
        for n in range(10_000)
    )
    started = time.monotonic()
    documents = list(read_feed("many.rss", _rss(items)))
    assert time.monotonic() - started < 30
    assert [d.guid for d in documents] == [f"g{n}" for n in range(10_000)]
    assert documents[-1].text == "Tekst 9999 om Økern."


def test_deeply_nested_elements_end_in_seconds():
    depth = 50_000
    nested = "<x>" * depth + "dypt" + "</x>" * depth
    items = f"<item><title>Dyp</title><guid>d</guid><description>ok</description>{nested}</item>"
    items += "<item><title>Flat</title><guid>f</guid><description>ok</description></item>"
    started = time.monotonic()
    records = list(read_feed("deep.rss", _rss(items)))
    assert time.monotonic() - started < SECONDS
    assert [getattr(r, "title", None) for r in records] == ["Dyp", "Flat"]


def test_deeply_nested_html_in_content_ends_in_seconds():
    depth = 20_000
    html = "<div>" * depth + "innerst" + "</div>" * depth
    items = f"<item><title>Dyp HTML</title><guid>h</guid><description><![CDATA[{html}]]></description></item>"
    items += "<item><title>Flat</title><guid>f</guid><description>ok</description></item>"
    started = time.monotonic()
    records = list(read_feed("deep_html.rss", _rss(items)))
    assert time.monotonic() - started < SECONDS
    assert [type(r).__name__ for r in records] == ["Document", "Document"]
    assert records[1].text == "ok"


def test_a_huge_internal_subset_costs_milliseconds_not_a_loop_per_character():
    declarations = "".join(f'<!ENTITY e{n} "v{n}"><!-- ] > -->' for n in range(100_000))
    references = "".join(f"&e{n};" for n in range(0, 100_000, 10_000))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{declarations}]><rss version="2.0"><channel><title>t</title>'
        f"<item><title>x</title><description>{references}</description></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    (document,) = read_feed("subset.rss", data)
    assert time.monotonic() - started < SECONDS
    assert document.text == "v0v10000v20000v30000v40000v50000v60000v70000v80000v90000"
    assert document.warnings == (
        "DOCTYPE internal subset removed: 100000 entity declaration(s) never expanded",
    )


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss SYSTEM "{base}/rss.dtd">',
        '<!DOCTYPE rss [<!ENTITY ext SYSTEM "{base}/entity.txt">]>',
        '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{base}/remote.dtd"> %remote;]>',
        '<!DOCTYPE rss PUBLIC "-//x//DTD x//EN" "{base}/public.dtd" [<!ENTITY ext SYSTEM "{base}/e.txt">]>',
    ],
)
def test_no_parser_ever_fetches_a_dtd_entity_or_xinclude(doctype: str):
    """External DTDs, external and parameter entities and XInclude point at a live local server: no request."""
    from tests.local_server import LocalServer, Reply

    server = LocalServer()
    try:
        for path in ("/rss.dtd", "/entity.txt", "/remote.dtd", "/public.dtd", "/e.txt", "/inc.xml"):
            server.routes[path] = lambda r: Reply(200, b"LEAKED")
        base = server.url("")
        data = (
            '<?xml version="1.0"?>' + doctype.format(base=base) + '<rss version="2.0" '
            'xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title>t</title><item><title>Ekstern</title>'
            f'<description>Før &ext; <xi:include href="{base}/inc.xml" parse="text"/> etter</description>'
            "</item></channel></rss>"
        ).encode()
        records = list(read_feed("external.rss", data))
        assert server.requests == []
        assert "LEAKED" not in repr(records)
        assert [getattr(r, "title", None) for r in records] == ["Ekstern"]
    finally:
        server.close()
