"""Numbering versions against what the state knows, and identities a feed does not really give."""

import dataclasses
import datetime as dt
import itertools

import pytest

from connectors.lake import KnownStory
from pipelines.identity import drop_shared_ids
from pipelines.versions import assign_versions
from schemas import Document, Skipped
from tests import records

DAY1 = dt.datetime(2024, 3, 11, 8, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2024, 3, 12, 9, 30, tzinfo=dt.UTC)


def item(source_hash: str, *, updated=None, source="feed.rss", content=None, ingested=DAY1):
    return records.article(
        article_id="provisional",
        story_id="story-from-guid",
        source=source,
        source_hash=source_hash,
        content_hash=content or f"content-{source_hash}",
        updated_at=updated,
        published_at=DAY1 if updated else None,
        date_source="updated" if updated else "ingested",
        ingested_at=ingested,
        guid="g-1",
    )


def written(results):
    return [
        (r.version, r.source_hash, r.previous_content_hash, r.date)
        for r in results
        if not isinstance(r, Skipped)
    ]


def test_a_new_story_numbers_its_versions_by_stated_time_and_keeps_the_first_date():
    later = item("b", updated=DAY2)
    earlier = item("a", updated=DAY1 + dt.timedelta(hours=1))
    assert written(assign_versions([later, earlier], None)) == [
        (1, "a", None, DAY1.date()),
        (2, "b", "content-a", DAY1.date()),  # the story keeps the partition of its first version
    ]


def test_the_same_version_twice_in_one_run_is_written_once():
    results = assign_versions([item("a", source="snap-0800.rss"), item("a", source="snap-0900.rss")], None)
    assert written(results) == [(1, "a", None, DAY1.date())]
    assert [r for r in results if isinstance(r, Skipped)] == [
        Skipped(source="snap-0900.rss", story_id="story-from-guid", reason="duplicate")
    ]


def test_a_known_version_is_unchanged_and_a_new_one_continues_the_story():
    known = KnownStory(
        story_id="known-story",
        version=3,
        content_hash="content-c",
        date=DAY1.date(),
        source_hashes=frozenset("abc"),
    )
    results = assign_versions([item("c", ingested=DAY2), item("d", ingested=DAY2)], known)
    assert Skipped(source="feed.rss", story_id="known-story", reason="unchanged") in results
    (new,) = [r for r in results if not isinstance(r, Skipped)]
    assert (new.story_id, new.version, new.previous_content_hash, new.date) == (
        "known-story",
        4,
        "content-c",
        DAY1.date(),  # an undated item changed on a later day stays in its story's first partition
    )
    assert new.article_id != "provisional"


def test_numbering_does_not_depend_on_the_order_items_were_read_in():
    items = [item("a"), item("b", updated=DAY2), item("c", updated=DAY1), item("a", source="copy.rss")]
    outcomes = {
        tuple(
            (type(r).__name__, getattr(r, "version", None), getattr(r, "source_hash", None))
            for r in assign_versions(list(p), None)
        )
        for p in itertools.permutations(items)
    }
    assert len(outcomes) == 1


def doc(guid, url, title, position):
    return Document(
        source="f.rss", source_kind="feed", guid=guid, url=url, title=title, text=title, position=position
    )


def test_a_guid_every_item_of_a_feed_shares_is_no_identity():
    docs = [doc("/a/", f"https://x.example/{n}", f"Sak {n}", n) for n in range(3)]
    cleaned = drop_shared_ids(docs)
    assert [d.guid for d in cleaned] == [None, None, None]
    assert [d.url for d in cleaned] == [d.url for d in docs]
    assert "shared by 3 different items" in cleaned[0].warnings[0]


def test_a_home_page_link_shared_by_all_items_is_no_identity_but_distinct_guids_stay():
    docs = [doc(f"id-{n}", "https://x.example/", f"Sak {n}", n) for n in range(3)]
    assert [(d.guid, d.url) for d in drop_shared_ids(docs)] == [
        ("id-0", None),
        ("id-1", None),
        ("id-2", None),
    ]


def test_two_items_under_one_guid_are_two_versions_not_noise():
    docs = [
        doc("id-1", "https://x.example/1", "Sak", 0),
        doc("id-1", "https://x.example/1", "Sak, oppdatert", 1),
    ]
    assert drop_shared_ids(docs) == docs


@pytest.mark.parametrize("kind", ["file"])
def test_repeated_ids_outside_feeds_are_versions_not_noise(kind):
    # A JSON-lines log may hold an item's versions one after the other.
    docs = [dataclasses.replace(doc("w-1", None, f"Versjon {n}", n), source_kind=kind) for n in range(2)]
    assert drop_shared_ids(docs) == docs


def test_the_same_item_listed_twice_in_a_feed_keeps_its_guid():
    docs = [doc("id-1", "https://x.example/1", "Sak", 0), doc("id-1", "https://x.example/1", "Sak", 1)]
    assert drop_shared_ids(docs) == docs
