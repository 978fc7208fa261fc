"""What changed between two versions of a story, and the story's history as text."""

import dataclasses
import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from connectors.sources import read_source
from pipelines.changes import CHANGES_TYPE, Changes, changes, outlet, render_history, to_struct, word_diff
from pipelines.parse import parse_document
from schemas import Caption, Paragraph, to_row
from tests.records import article

SAMPLES = Path(__file__).resolve().parent.parent / "sample_feeds"
T1 = dt.datetime(2019, 4, 30, 15, 49, tzinfo=dt.UTC)
T2 = dt.datetime(2019, 4, 30, 16, 15, tzinfo=dt.UTC)

P = [
    "Venezuelas president Nicolás Maduro sier han har fått forsikring fra landets øverste militære ledere.",
    "Han tar til orde for at folket må gå ut i gatene og sikre «fredens seier».",
    "Guaidó publiserte tidligere tirsdag en video av seg selv nær flybasen La Carlota.",
    "USA har gjentatte ganger sendt ut støtteerklæringer til Guaidó.",
]
EDITED_1 = "Han tar til orde for at folket må gå ut i gatene onsdag og sikre «fredens seier»."
NEW = "Det er meldt om skuddveksling ved flybasen, opplyser vitner til Reuters."
CAP_A = Caption("Soldater ved flybasen La Carlota i Caracas.", "AP/NTB scanpix")
CAP_B = Caption("Demonstranter i Caracas tirsdag.", "Reuters")


def version(paragraphs, *, title="Store opptøyer i Venezuela", captions=(), updated_at=None):
    return article(
        title=title,
        paragraphs=tuple(Paragraph(p) for p in paragraphs),
        captions=tuple(captions),
        updated_at=updated_at,
    )


SAME = "Store opptøyer i Venezuela"


@pytest.mark.parametrize(
    ("title", "paragraphs", "captions", "expected"),
    [
        (SAME, P, (CAP_A,), (False, 0, 0, 0, 0, 0)),
        ("Store  opptøyer i Venezuela ", P, (CAP_A,), (False, 0, 0, 0, 0, 0)),  # whitespace is no change
        ("Kaos i Caracas", P, (CAP_A,), (True, 0, 0, 0, 0, 0)),
        (SAME, [*P, NEW], (CAP_A,), (False, 1, 0, 0, 0, 0)),
        (SAME, [NEW, *P], (CAP_A,), (False, 1, 0, 0, 0, 0)),
        (SAME, P[:3], (CAP_A,), (False, 0, 1, 0, 0, 0)),
        (SAME, [P[0], EDITED_1, P[2], P[3]], (CAP_A,), (False, 0, 0, 1, 0, 0)),
        # an unrelated paragraph in the place of another is one removed and one added, not an edit
        (SAME, [P[0], NEW, P[2], P[3]], (CAP_A,), (False, 1, 1, 0, 0, 0)),
        (SAME, [P[0], EDITED_1, NEW, P[3]], (CAP_A,), (False, 1, 1, 1, 0, 0)),
        (SAME, [P[1], P[0], P[2], P[3]], (CAP_A,), (False, 1, 1, 0, 0, 0)),  # a moved paragraph
        (SAME, P, (CAP_A, CAP_B), (False, 0, 0, 0, 1, 0)),
        (SAME, P, (CAP_B,), (False, 0, 0, 0, 1, 1)),
        (SAME, P, (), (False, 0, 0, 0, 0, 1)),
        ("Oppdatert: Kaos", [P[0], EDITED_1, *P[2:], NEW], (CAP_B,), (True, 1, 0, 1, 1, 1)),
        (SAME, [], (CAP_A,), (False, 0, 4, 0, 0, 0)),
    ],
)
def test_changes_counts(title, paragraphs, captions, expected):
    got = changes(version(P, captions=(CAP_A,)), version(paragraphs, title=title, captions=captions))
    assert (
        got.title_changed,
        got.paragraphs_added,
        got.paragraphs_removed,
        got.paragraphs_edited,
        got.captions_added,
        got.captions_removed,
    ) == expected


def test_changes_carry_the_new_update_stamp():
    assert changes(version(P, updated_at=T1), version(P, updated_at=T2)).updated_at == T2
    assert changes(version(P, updated_at=T1), version(P)).updated_at is None


def test_rows_and_records_give_the_same_changes():
    before, after = version(P, captions=(CAP_A,)), version([P[0], EDITED_1, NEW], title="Ny", updated_at=T2)
    assert changes(to_row(before), to_row(after)) == changes(before, after)


@pytest.mark.parametrize(("ratio", "edited"), [(0.5, 1), (0.99, 0)])
def test_edit_ratio_decides_what_counts_as_edited(ratio, edited):
    got = changes(version(P), version([P[0], EDITED_1, P[2], P[3]]), edit_ratio=ratio)
    assert (got.paragraphs_edited, got.paragraphs_added, got.paragraphs_removed) == (
        edited,
        1 - edited,
        1 - edited,
    )


def test_bad_edit_ratio_is_refused():
    with pytest.raises(ValueError, match="edit_ratio"):
        changes(version(P), version(P), edit_ratio=0)


def test_changes_match_their_arrow_struct():
    value = changes(version(P, updated_at=T1), version([*P, NEW], title="Ny", updated_at=T2))
    array = pa.array([to_struct(value), to_struct(None)], type=CHANGES_TYPE)
    assert [f.name for f in CHANGES_TYPE] == [f.name for f in dataclasses.fields(Changes)]
    assert array.to_pylist() == [dataclasses.asdict(value), None]


def test_summary_reads_like_a_sentence():
    assert (
        Changes(True, 1, 0, 2, 0, 1, None).summary()
        == "title changed, 1 paragraph added, 2 paragraphs edited, 1 caption removed"
    )
    assert Changes(False, 0, 0, 0, 0, 0, None).summary() == "no change"


def test_word_diff_marks_removed_and_added_words():
    assert (
        word_diff("gå ut i gatene og sikre", "gå ut i gatene onsdag og sikre")
        == "gå ut i gatene {+onsdag+} og sikre"
    )
    assert word_diff("tirsdag kveld", "onsdag kveld") == "[-tirsdag-] {+onsdag+} kveld"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"url": "https://www.vg.no/nyheter/i/abc", "source": "feed.rss"}, "vg.no"),
        ({"url": "https://NRK.no/x", "source": "feed.rss"}, "nrk.no"),
        ({"url": None, "source": "/data/in/ntb_001.txt"}, "ntb_001.txt"),
    ],
)
def test_outlet_is_the_host_else_the_file(fields, expected):
    assert outlet(article(**fields)) == expected


def test_history_of_seed_001_and_an_update():
    (document,) = read_source(str(next(SAMPLES.glob("001_*.txt"))), "article")
    first = parse_document(document, run_id="r", ingested_at=T2)
    first = dataclasses.replace(first, published_at=T1, url="https://www.vg.no/a/1")
    body = [p.text for p in first.paragraphs]
    second = dataclasses.replace(
        first,
        title="Kaos i Caracas",
        paragraphs=tuple(
            Paragraph(t) for t in [*body[:3], body[3].replace("Han tar", "Maduro tar"), *body[4:], NEW]
        ),
        captions=first.captions[:1],
        updated_at=T2,
    )
    copy = dataclasses.replace(first, url="https://www.dagbladet.no/b/2", published_at=T2, title="Opptøyer")
    # rows as the lake holds them, numbered (`version` is the lake's, from the versions step)
    versions = [to_row(first) | {"version": 1}, to_row(second) | {"version": 2}]
    text = render_history(versions, [to_row(copy), to_row(first)])
    lines = text.splitlines()
    assert lines[0] == f"story {first.story_id}: Kaos i Caracas"
    assert "version 1  published 2019-04-30 15:49 UTC" in lines
    assert (
        "version 2  updated 2019-04-30 16:15 UTC: title changed, 1 paragraph added, 1 paragraph edited, 1 caption removed"
        in lines
    )
    assert "  - title: Store opptøyer i Venezuela" in lines
    assert "  + title: Kaos i Caracas" in lines
    assert (
        "  ~ ¶4: [-Han-] {+Maduro+} tar til orde for at folket må gå ut i gatene og sikre «fredens seier»."
        in lines
    )
    assert f"  + ¶12: {NEW}" in lines
    assert "carried by 2 outlets:" in lines
    assert lines[-2:] == [
        "  2019-04-30 15:49 UTC  vg.no         Store opptøyer i Venezuela",
        "  2019-04-30 16:15 UTC  dagbladet.no  Opptøyer",
    ]


def test_history_needs_a_version():
    with pytest.raises(ValueError, match="at least one version"):
        render_history([])
