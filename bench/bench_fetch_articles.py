"""`FetchArticles` on many feed items whose pages sit on many hosts: seconds against the politeness bound.

    python bench/bench_fetch_articles.py --items 200 --hosts 20            # host_interval 1 s
    python bench/bench_fetch_articles.py --items 1000 --hosts 100 --interval 0.2

Each host is a local HTTP server on its own loopback address (127.0.0.1 ... 127.0.0.N all reach the
machine on Linux) serving the sample article page and a 404 robots.txt; nothing leaves the machine.
The step runs under Beam's local runner. One host can do no better than one robots.txt and its pages
with `interval` seconds between requests: that bound is printed beside the measured time. A figure,
not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter

from connectors.http import FetchSettings
from pipelines.fetch_articles import FetchArticles
from schemas import Document
from tests.local_server import LocalServer, Reply

PAGE = (Path(__file__).resolve().parent.parent / "sample_feeds" / "oslo_blackout.html").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a host's requests")
    args = parser.parse_args()
    if not 1 <= args.hosts <= 254:
        parser.error("--hosts must be 1..254 (loopback addresses 127.0.0.1..127.0.0.254)")
    servers = [LocalServer(host=f"127.0.0.{n}") for n in range(1, args.hosts + 1)]
    for server in servers:
        server.routes["/robots.txt"] = lambda r: Reply(404, b"")
        server.routes["/a"] = lambda r: Reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
    items = [
        Document(
            source="bench.rss",
            source_kind="feed",
            text=f"Sak {i}: kort sammendrag.",
            url=servers[i % args.hosts].url(f"/a?{i}", host=f"127.0.0.{i % args.hosts + 1}"),
            guid=f"urn:bench:{i}",
            title=f"Sak {i}",
            position=i,
        )
        for i in range(args.items)
    ]
    settings = FetchSettings(host_interval=args.interval)
    started = time.monotonic()
    try:
        pipeline = beam.Pipeline()
        _ = pipeline | beam.Create(items) | FetchArticles(output=None, settings=settings)
        result = pipeline.run()
        result.wait_until_finish()
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.close()
    counters = {c.key.metric.name: c.committed for c in result.metrics().query(MetricsFilter())["counters"]}
    per_host = -(-args.items // args.hosts)
    bound = per_host * args.interval  # robots.txt + per_host pages: per_host intervals between them
    print(
        f"{args.items} items on {args.hosts} hosts, interval {args.interval} s: {elapsed:.2f} s "
        f"(politeness bound {bound:.1f} s); pages fetched {counters.get('pages_fetched', 0)}, "
        f"failed {counters.get('pages_failed', 0)}; {sum(len(s.requests) for s in servers)} requests"
    )


if __name__ == "__main__":
    main()
