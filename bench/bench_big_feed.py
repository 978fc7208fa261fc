"""How long `read_feed` takes on one big RSS feed (the issue's 50 MB case), and how many items it gives.

    python bench/bench_big_feed.py --megabytes 50
    python bench/bench_big_feed.py --megabytes 5 --profile   # cProfile, top 25 by cumulative time

A figure, not a pass/fail test; the generator is `big_feed` (also used by the tests at a small size).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from connectors.feeds import read_feed
from schemas.article import Document

_PARAGRAPH = (
    "Strømbruddet på Økern rammet {n} kunder mandag morgen, opplyser Elvia. «Vi jobber på spreng», "
    "sier vaktsjef Åse Ødegård til NTB. Årsaken er ennå ukjent, men en feil i en høyspentkabel er "
    "mest sannsynlig."
)


def big_feed(megabytes: float) -> bytes:
    """An RSS 2.0 feed of about `megabytes` MB: items with HTML bodies, dates, media captions."""
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        "<channel><title>NTB stor</title><link>https://ntb.example/</link><language>nb</language>\n"
    )
    items = []
    size = len(head)
    target = int(megabytes * 1_000_000)
    n = 0
    while size < target:
        body = "".join(f"<p>{_PARAGRAPH.format(n=n + k)}</p>" for k in range(6))
        item = (
            f"<item><title>Strømbrudd nummer {n} på Økern</title>"
            f"<link>https://ntb.example/a/{n}</link><guid>ntb:{n}</guid>"
            "<pubDate>Mon, 11 Mar 2024 07:42:00 +0100</pubDate>"
            f"<description>Kort om strømbruddet {n}.</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            '<media:content url="https://ntb.example/i.jpg"><media:description>Mannskaper på Økern.'
            "</media:description><media:credit>Kari Bjørnstad / NTB</media:credit></media:content>"
            "</item>\n"
        )
        items.append(item)
        size += len(item.encode("utf-8"))
        n += 1
    return (head + "".join(items) + "</channel></rss>\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    data = big_feed(args.megabytes)
    started = time.perf_counter()
    cpu = time.process_time()
    if args.profile:
        profiler = cProfile.Profile()
        records = profiler.runcall(lambda: list(read_feed("big.rss", data)))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        records = list(read_feed("big.rss", data))
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    documents = sum(isinstance(r, Document) for r in records)
    print(
        f"{len(data) / 1e6:.1f} MB, {documents} items, {len(records) - documents} dead letters: "
        f"{seconds:.1f} s ({cpu:.1f} s CPU)"
    )


if __name__ == "__main__":
    main()
