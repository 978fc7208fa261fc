"""One polling cycle of `fetch_many` over many feeds on many hosts, all answering 304 (or 200).

    python bench/bench_fetch.py --feeds 1000 --hosts 100          # the issue's cycle: under 15 s
    python bench/bench_fetch.py --feeds 1000 --hosts 100 --changed

Each host is a local HTTP server on its own loopback address (127.0.0.1 ... 127.0.0.N all reach the
machine on Linux); nothing leaves the machine. The first pass fetches every feed (200 + ETag), the
timed pass sends the ETags back and gets 304s (or 200s with --changed). A figure, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from connectors.http import FetchSettings
from connectors.polite import fetch_many
from tests.local_server import LocalServer, Reply, Request, conditional

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def _route(changed: list[bool]):
    unchanged = conditional('"v1"', FEED)

    def route(request: Request) -> Reply:
        return Reply(200, FEED, {"ETag": '"v1"'}) if changed[0] else unchanged(request)

    return route


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument(
        "--interval", type=float, default=1.0, help="minimum seconds between requests to a host"
    )
    parser.add_argument("--changed", action="store_true", help="every feed changed: 200s instead of 304s")
    parser.add_argument(
        "--run",
        action="store_true",
        help="time a whole wirestream run (state, fetch, commit) instead of fetch_many alone",
    )
    args = parser.parse_args()
    if not 1 <= args.hosts <= 254:
        parser.error("--hosts must be 1..254 (loopback addresses 127.0.0.1..127.0.0.254)")
    changed = [False]
    servers = [LocalServer(host=f"127.0.0.{n}") for n in range(1, args.hosts + 1)]
    try:
        urls = []
        for index in range(args.feeds):
            server = servers[index % args.hosts]
            path = f"/feed{index}.rss"
            server.routes[path] = _route(changed)
            urls.append(server.url(path, host=f"127.0.0.{index % args.hosts + 1}"))
        settings = FetchSettings(workers=args.workers, host_interval=args.interval)
        if args.run:
            seconds, statuses = _time_runs(urls, settings, changed, args.changed)
        else:
            first = fetch_many(urls, settings=settings)
            validators = {url: result.validators for url, result in first.items()}
            changed[0] = args.changed
            started = time.perf_counter()
            results = fetch_many(urls, validators=validators, settings=settings)
            seconds = time.perf_counter() - started
            statuses = {}
            for result in results.values():
                statuses[result.status] = statuses.get(result.status, 0) + 1
    finally:
        for server in servers:
            server.close()
    floor = (args.feeds / args.hosts - 1) * args.interval
    print(
        f"{'run_batch' if args.run else 'fetch_many'}: "
        f"{args.feeds} feeds on {args.hosts} hosts, {args.workers} workers, {args.interval:g} s per host: "
        f"{seconds:.1f} s ({statuses}); the per-host interval alone needs {floor:.1f} s"
    )


def _time_runs(urls, settings, changed, changed_now) -> tuple[float, dict[str, int]]:
    """Times the second of two wirestream runs over the feeds: the state's validators, then commit."""
    import tempfile

    from pipelines.run import Settings, run_batch

    with tempfile.TemporaryDirectory() as tmp:
        run_settings = Settings(output=tmp, fetch=settings, progress="quiet")
        run_batch([(u, "feed") for u in urls], run_settings)
        changed[0] = changed_now
        started = time.perf_counter()
        summary = run_batch([(u, "feed") for u in urls], run_settings)
        return time.perf_counter() - started, summary["inputs_by_outcome"]


if __name__ == "__main__":
    main()
