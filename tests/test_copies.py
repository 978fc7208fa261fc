"""Copies: signatures, the index's clusters (deterministic, order-independent), and its persistence."""

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.article_files import read_article_file
from connectors.sources import read_source
from pipelines.copies import CopyIndex, CopyOptions, assign_articles, exact_repeats, shingles, signature
from pipelines.parse import parse_document
from schemas import Article, Paragraph, to_row, to_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from language_corpus import SENTENCES  # noqa: E402 - the bench's project-written sentences

SAMPLES = ROOT / "sample_feeds"
T0 = dt.datetime(2019, 4, 30, 12, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
SEED_001 = next(SAMPLES.glob("001_*.txt"))


def parsed(source: str, data: bytes, *, url: str | None = None) -> Article:
    """Reads bytes the way production reads an article file."""
    (document,) = read_article_file(source, data)
    return parse_document(dataclasses.replace(document, url=url), run_id="t", ingested_at=NOW)


def seeds() -> list[Article]:
    """The five seeds, read as production reads them, published a minute apart in file order."""
    out = []
    for i, path in enumerate(sorted(SAMPLES.glob("0*.txt"))):
        (document,) = read_source(str(path), "article")
        article = parse_document(document, run_id="t", ingested_at=NOW)
        out.append(dataclasses.replace(article, published_at=T0 + dt.timedelta(minutes=i)))
    return out


def edited_copy_of_001(*, published_at: dt.datetime) -> Article:
    """Seed 001 as another outlet ran it: new headline and byline, its own caption, no related links,
    one paragraph cut and one word changed."""
    text = SEED_001.read_text(encoding="utf-8")
    text = text.replace(
        " date 2019-04 Store opptøyer i Venezuela", "Kaos i Caracas: militærkjøretøy kjørte inn i folkemengde"
    )
    text = text.replace("NTB-AP-AFP", "Av Kari Nordmann, Dagbladet")
    text = text.replace(
        "Soldater ved flybasen La Carlota i Caracas. Foto: AP/NTB scanpix",
        "Guaidó i Caracas tirsdag. Foto: Reuters",
    )
    text = text.replace("les også Guaidó varsler på nytt maktovertagelse i Venezuela\n", "")
    text = text.replace("– Vi skal vinne!, skriver Maduro.\n", "")
    text = text.replace("skriver Maduro på Twitter tirsdag", "skrev Maduro på Twitter tirsdag")
    copy = parsed(
        "dagbladet/kaos-i-caracas.txt", text.encode("utf-8"), url="https://www.dagbladet.no/nyheter/kaos/123"
    )
    return dataclasses.replace(copy, published_at=published_at)


def items(articles):
    return [(a.article_id, a.published_at, signature(a.paragraphs)) for a in articles]


@pytest.fixture(scope="module")
def five():
    return seeds()


# -- shingles and signatures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "size", "expected"),
    [
        (["Maduro sier han"], 3, {"maduro sier han"}),
        (["Maduro sier han vil bli"], 3, {"maduro sier han", "sier han vil", "han vil bli"}),
        (
            ["«Vi skal vinne!», skriver Maduro."],
            3,
            {"vi skal vinne", "skal vinne skriver", "vinne skriver maduro"},
        ),
        (["MADURO  sier\nhan"], 3, {"maduro sier han"}),  # case and spacing do not count
        (["Kort", "Maduro sier han"], 3, {"kort", "maduro sier han"}),  # a short paragraph is one shingle
        (["en to", "tre fire"], 2, {"en to", "tre fire"}),  # never across paragraphs
        (["", "  ", "– –"], 3, set()),
        ([Paragraph("Maduro sier han")], 3, {"maduro sier han"}),
        ([{"text": "Maduro sier han", "lang": "no", "kind": "text"}], 3, {"maduro sier han"}),
    ],
)
def test_shingles(paragraphs, size, expected):
    assert shingles(paragraphs, size) == {s.encode() for s in expected}


def test_signature_is_fixed_across_runs_and_releases():
    # Saved indexes compare today's signatures with next year's: a datasketch upgrade that changed
    # its hashing would silently split every cluster. These values pin it.
    values = signature(["Venezuelas president Nicolás Maduro sier han har fått forsikring."]).hashvalues
    assert values.dtype == np.uint32 and len(values) == 128
    assert (
        values[:4].tolist()
        == signature(["venezuelas PRESIDENT nicolás maduro sier han har fått forsikring"])
        .hashvalues[:4]
        .tolist()
    )
    assert values[:4].tolist() == [438831324, 243420972, 595367973, 824266353]


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(
        st.lists(st.sampled_from(["Maduro", "sier", "han", "ÆØÅ", "ﬁre", "İstanbul", "–", "1", " "])).map(
            " ".join
        )
        | st.text(max_size=40),
        max_size=6,
    ),
    num_perm=st.sampled_from([16, 128, 256]),
    shingle=st.integers(1, 4),
)
def test_signature_is_what_datasketch_computes_for_the_shingles(paragraphs, num_perm, shingle):
    from datasketch import MinHash

    from pipelines.signatures import SCHEME, SEED

    expected = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    expected.update_batch(sorted(shingles(paragraphs, shingle)))
    got = signature(paragraphs, num_perm=num_perm, shingle=shingle)
    assert got.hashvalues.dtype == expected.hashvalues.dtype
    assert got.hashvalues.tolist() == expected.hashvalues.tolist()
    assert (got.seed, got.scheme, got.permutations.tolist()) == (SEED, SCHEME, expected.permutations.tolist())


def _shingles_one_by_one(paragraphs, size):
    """The first version's loop: every window of each paragraph's words, or all of them if fewer."""
    from pipelines.signatures import words

    found = set()
    for text in paragraphs:
        ws = words(text)
        if ws:
            found.update(" ".join(ws[i : i + size]).encode() for i in range(max(len(ws) - size + 1, 1)))
    return found


@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(st.text(max_size=40), max_size=5), size=st.integers(1, 5))
def test_shingles_are_every_window_of_words(paragraphs, size):
    assert shingles(paragraphs, size) == _shingles_one_by_one(paragraphs, size)


@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_signature_has_the_size_asked_for(num_perm):
    sig = signature(["Maduro sier han vil bli"], num_perm=num_perm)
    assert len(sig.hashvalues) == num_perm
    assert sig.jaccard(signature(["maduro SIER han vil bli"], num_perm=num_perm)) == 1.0


def test_reordered_paragraphs_have_the_same_signature(five):
    paragraphs = list(five[1].paragraphs)
    assert signature(paragraphs[::-1]).jaccard(signature(paragraphs)) == 1.0


@pytest.mark.parametrize(
    "options",
    [{"threshold": 0}, {"threshold": 1.5}, {"num_perm": 8}, {"shingle": 0}, {"window": dt.timedelta(0)}],
)
def test_bad_options_are_refused(options):
    with pytest.raises(ValueError):
        CopyOptions(**options)


# -- clusters ------------------------------------------------------------------------------------


def test_the_five_seeds_stay_five_clusters(five):
    index = CopyIndex()
    assigned = index.assign(items(five))
    assert sorted(a.cluster_id for a in assigned) == sorted(a.article_id for a in five)
    assert all(a.match is None for a in assigned)


def test_edited_copy_of_001_joins_its_cluster_in_one_batch(five):
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=2))
    assert copy.title != five[1].title and len(copy.paragraphs) == len(five[1].paragraphs) - 1
    # `Av Kari Nordmann, Dagbladet` on dagbladet.no: the outlet's name after the writer is no byline.
    assert copy.byline == "Av Kari Nordmann" and copy.captions != five[1].captions
    index = CopyIndex()
    assigned = {a.article_id: a for a in index.assign(items([*five, copy]))}
    assert assigned[copy.article_id].cluster_id == five[1].article_id
    assert assigned[copy.article_id].match == five[1].article_id
    assert assigned[copy.article_id].similarity >= index.options.threshold
    assert len({a.cluster_id for a in assigned.values()}) == 5


@pytest.mark.parametrize("hours", [2, -2], ids=["published-later", "published-earlier"])
def test_edited_copy_of_001_joins_a_saved_and_reloaded_index(five, tmp_path, hours):
    index = CopyIndex()
    index.assign(items(five))
    index.save(tmp_path / "copies")
    reloaded = CopyIndex.load(tmp_path / "copies")
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=hours))
    # Even when the copy was published before the original, the cluster keeps its id: ids already
    # written to the lake never change.
    assert reloaded.add(copy.article_id, copy.published_at, signature(copy.paragraphs)) == five[1].article_id
    assert [reloaded.cluster_of(a.article_id) for a in five] == [a.article_id for a in five]


def test_in_one_batch_the_earliest_published_copy_names_the_cluster(five):
    copy = edited_copy_of_001(published_at=T0 - dt.timedelta(hours=2))
    index = CopyIndex()
    index.assign(items([*five, copy]))
    assert index.cluster_of(five[1].article_id) == copy.article_id


def test_a_danish_and_a_norwegian_rewrite_stay_apart_unless_near_identical():
    nb, nn, da = (tuple(SENTENCES[lang][:8]) for lang in ("nb", "nn", "da"))
    index = CopyIndex()
    got = {
        a.article_id: a.cluster_id
        for a in index.assign(
            [(k, T0, signature(v)) for k, v in [("nb", nb), ("nn", nn), ("da", da), ("nb-copy", nb[:7])]]
        )
    }
    assert got == {"nb": "nb", "nn": "nn", "da": "da", "nb-copy": "nb"}


def test_articles_without_body_words_are_never_copies_of_each_other():
    index = CopyIndex()
    got = index.assign([("a", T0, signature([])), ("b", T0, signature(["– –"])), ("c", T0, signature([]))])
    assert [a.cluster_id for a in got] == ["a", "b", "c"]


def test_an_id_added_again_keeps_its_cluster(five):
    index = CopyIndex()
    index.assign(items(five))
    again = index.assign(items(five[:2]))
    assert [a.cluster_id for a in again] == [five[0].article_id, five[1].article_id]
    assert len(index) == 5


def test_a_known_cluster_is_taken_without_matching(five):
    index = CopyIndex()
    index.assign(items(five))
    later = dataclasses.replace(five[2], article_id="v2-of-002")
    assert (
        index.add(
            later.article_id, later.published_at, signature(five[3].paragraphs), cluster_id=five[2].article_id
        )
        == five[2].article_id
    )


def test_a_copy_of_two_stories_in_one_batch_links_them_single_link():
    a, b = SENTENCES["en"][:4], SENTENCES["en"][4:8]
    index = CopyIndex(CopyOptions(threshold=0.4))
    # "ab" shares half its text with each (J ~ 0.5): one cluster, named by the earliest, "a"
    got = index.assign([("a", T0, signature(a)), ("b", T0, signature(b)), ("ab", T0, signature([*a, *b]))])
    assert [x.cluster_id for x in got] == ["a", "a", "a"]


# -- order independence (Hypothesis) ---------------------------------------------------------------


def _pool() -> list[tuple[str, dt.datetime, tuple[str, ...]]]:
    """Seeds, edited copies of them and corpus items, some published at the same minute."""
    pool = []
    for i, article in enumerate(seeds()):
        body = tuple(p.text for p in article.paragraphs)
        pool.append((f"seed{i}", T0 + dt.timedelta(minutes=i), body))
        pool.append((f"seed{i}-trim", T0 + dt.timedelta(minutes=i), body[: max(1, len(body) * 3 // 4)]))
        pool.append((f"seed{i}-swap", T0 - dt.timedelta(minutes=i), body[::-1]))
    for lang in ("nb", "nn", "da"):
        pool.append((f"item-{lang}", T0, tuple(SENTENCES[lang][8:16])))
        pool.append((f"item-{lang}-copy", T0, tuple(SENTENCES[lang][9:16])))
    return pool


POOL = _pool()
SIGNATURES = {key: signature(body) for key, _, body in POOL}


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL))
def test_clusters_do_not_depend_on_input_order(shuffled):
    reference = CopyIndex()
    reference.assign((k, t, SIGNATURES[k]) for k, t, _ in POOL)
    index = CopyIndex()
    index.assign((k, t, SIGNATURES[k]) for k, t, _ in shuffled)
    assert {k: index.cluster_of(k) for k, _, _ in POOL} == {k: reference.cluster_of(k) for k, _, _ in POOL}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=12, unique_by=lambda x: x[0]))
def test_a_batch_names_each_cluster_by_its_earliest_member(batch):
    index = CopyIndex()
    index.assign((k, t, SIGNATURES[k]) for k, t, _ in batch)
    members: dict[str, list[tuple[dt.datetime, str]]] = {}
    for key, published, _ in batch:
        members.setdefault(index.cluster_of(key), []).append((published, key))
    assert all(cluster == min(group)[1] for cluster, group in members.items())
    # different stories never share a cluster: seed i's copies, and each language's item, stay apart
    stories = {
        cluster: {key.split("-copy")[0].split("-trim")[0].split("-swap")[0] for _, key in group}
        for cluster, group in members.items()
    }
    assert all(len(story) == 1 for story in stories.values())


# -- persistence, rebuild, window --------------------------------------------------------------------


def test_save_and_load_keep_every_member_and_match(five, tmp_path):
    index = CopyIndex()
    index.assign(items(five))
    index.save(tmp_path)
    loaded = CopyIndex.load(tmp_path)
    assert len(loaded) == 5 and [loaded.cluster_of(a.article_id) for a in five] == [
        a.article_id for a in five
    ]
    assert loaded.match(signature(five[3].paragraphs)) == (five[3].article_id, 1.0)
    assert len(CopyIndex.load(tmp_path / "none")) == 0


def test_a_saved_index_names_its_run(five, tmp_path):
    assert CopyIndex.saved_run(tmp_path) is None
    CopyIndex().save(tmp_path, run_id="20261130T070000Z-ab12")
    assert CopyIndex.saved_run(tmp_path) == "20261130T070000Z-ab12"
    assert [p.name for p in tmp_path.iterdir()] == ["index.npz"]  # no temporary file left behind


def test_an_index_built_with_other_signatures_must_be_rebuilt(five, tmp_path):
    CopyIndex().save(tmp_path)
    with pytest.raises(ValueError, match="rebuild"):
        CopyIndex.load(tmp_path, CopyOptions(num_perm=64))
    assert len(CopyIndex.load(tmp_path, CopyOptions(threshold=0.6))) == 0  # the threshold may change


def test_rebuild_from_lake_rows_gives_the_batch_clusters(five):
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=2))
    rows = [to_row(a) for a in [copy, *five]]
    rebuilt = CopyIndex.rebuild(rows)
    assert rebuilt.cluster_of(copy.article_id) == five[1].article_id
    assert [rebuilt.cluster_of(a.article_id) for a in five] == [a.article_id for a in five]


def test_rebuild_keeps_the_cluster_ids_rows_carry(five):
    copy = edited_copy_of_001(published_at=T0 - dt.timedelta(hours=2))
    rows = [to_row(a) | {"cluster_id": a.article_id} for a in five]
    rows.append(to_row(copy) | {"cluster_id": five[1].article_id})  # it joined later: the id stayed
    rebuilt = CopyIndex.rebuild(rows)
    assert rebuilt.cluster_of(copy.article_id) == five[1].article_id
    assert rebuilt.cluster_of(five[1].article_id) == five[1].article_id


def test_expire_drops_what_was_added_before_the_window(five):
    index = CopyIndex(CopyOptions(window=dt.timedelta(days=2)))
    for day, article in enumerate(five):
        index.add(
            article.article_id,
            article.published_at,
            signature(article.paragraphs),
            added_at=NOW + dt.timedelta(days=day),
        )
    assert index.expire(NOW + dt.timedelta(days=4)) == 2
    assert [a.article_id in index for a in five] == [False, False, True, True, True]
    assert index.match(signature(five[1].paragraphs)) is None
    assert index.match(signature(five[2].paragraphs)) == (five[2].article_id, 1.0)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CopyIndex().add("a", dt.datetime(2019, 4, 30), signature(["tekst"]))


# -- wiring helper ---------------------------------------------------------------------------------


def test_assign_articles_follows_stories_across_versions(five):
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=2))
    # a second version of seed 002 in the same run, rewritten beyond recognition, stays in its story's cluster
    rewritten = tuple(Paragraph(t) for t in SENTENCES["en"][:6])
    v2 = dataclasses.replace(
        five[2],
        article_id="002-v2",
        paragraphs=rewritten,
        updated_at=five[2].published_at + dt.timedelta(hours=1),
    )
    index = CopyIndex()
    got = assign_articles(index, [v2, copy, *five], added_at=NOW)
    assert got[copy.article_id].cluster_id == five[1].article_id
    assert got["002-v2"].cluster_id == five[2].article_id
    assert {got[a.article_id].cluster_id for a in five} == {a.article_id for a in five}
    # next run: a third version of 002 keeps the cluster the state knows for its story
    v3 = dataclasses.replace(five[2], article_id="002-v3", paragraphs=rewritten[:2])
    later = assign_articles(index, [v3], story_clusters={five[2].story_id: five[2].article_id}, added_at=NOW)
    assert later["002-v3"].cluster_id == five[2].article_id and "002-v3" in index


def test_assign_articles_takes_signatures_computed_beforehand_and_signs_the_missing_ones(five):
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=2))
    articles = [copy, *five]
    signed_here = assign_articles(CopyIndex(), articles, added_at=NOW)
    given = {a.article_id: signature(a.paragraphs).hashvalues for a in articles[:4]}
    assert assign_articles(CopyIndex(), articles, added_at=NOW, signatures=given) == signed_here
    # the given values are what is compared: seed 003 handed seed 004's signature joins its cluster
    swapped = {five[2].article_id: signature(five[3].paragraphs).hashvalues}
    got = assign_articles(CopyIndex(), five, added_at=NOW, signatures=swapped)
    assert got[five[2].article_id].cluster_id == got[five[3].article_id].cluster_id


def test_a_thousand_identical_bodies_are_one_cluster_without_a_million_comparisons():
    body = signature(["Saken oppdateres."])
    index = CopyIndex()
    index.assign((f"teaser{i:04d}", T0, body) for i in range(1000))
    index.assign((f"later{i:04d}", T0 + dt.timedelta(hours=1), body) for i in range(200))
    clusters = {index.cluster_of(f"teaser{i:04d}") for i in range(1000)}
    clusters |= {index.cluster_of(f"later{i:04d}") for i in range(200)}
    assert clusters == {"teaser0000"}


def test_rebuild_from_parquet_rows_alone(five, tmp_path):
    copy = edited_copy_of_001(published_at=T0 + dt.timedelta(hours=2))
    pq.write_table(to_table([*five, copy]), tmp_path / "part.parquet")
    rows = pq.read_table(
        tmp_path / "part.parquet", columns=["article_id", "published_at", "ingested_at", "paragraphs"]
    )
    rebuilt = CopyIndex.rebuild(rows.to_pylist())
    assert rebuilt.cluster_of(copy.article_id) == five[1].article_id
    assert len({rebuilt.cluster_of(a.article_id) for a in five}) == 5


def test_exact_repeats_keep_the_earliest_whatever_the_order(five):
    again = dataclasses.replace(
        five[3], article_id="again", story_id="other-input", published_at=T0 + dt.timedelta(days=1)
    )
    early = dataclasses.replace(
        five[4], article_id="early", story_id="third-input", published_at=T0 - dt.timedelta(days=1)
    )
    for batch in ([*five, again, early], [early, again, *reversed(five)]):
        assert exact_repeats(batch) == {"again": five[3].article_id, five[4].article_id: "early"}
    assert exact_repeats(five) == {}
