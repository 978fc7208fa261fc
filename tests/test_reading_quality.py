"""The reading scorer's own metrics (bench/reading_quality.py), on tiny hand-made inputs."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import reading_quality as rq  # bench/ is not a package: imported after the path above

UTC = dt.UTC


@pytest.mark.parametrize(
    ("expected", "got", "f1"),
    [
        ("one two three four five", "one two three four five", 1.0),
        ("", "", 1.0),
        ("one two three four five", "", 0.0),
        # 2 shingles each, 1 shared: F1 = 2*1/(2+2)
        ("one two three four five", "one two three four six", 0.5),
        # case and punctuation do not count; paragraph breaks do not either
        ("One, two. Three four!", "one two\n\nthree four", 1.0),
        # a repeated paragraph is not free (multiset): 1 shingle vs 5, one shared -> 2*1/(1+5)
        ("a b c d", "a b c d a b c d", pytest.approx(2 * 1 / (1 + 5))),
        # a text shorter than a shingle is one shingle
        ("a b", "a b", 1.0),
        ("a b", "a c", 0.0),
    ],
)
def test_shingle_f1(expected: str, got: str, f1: float) -> None:
    assert rq.shingle_f1(expected, got) == f1


@pytest.mark.parametrize(
    ("expected", "got", "f1"),
    [
        (["Kari Nordmann"], ["Kari Nordmann"], 1.0),
        ([], [], 1.0),
        (["Kari Nordmann"], [], 0.0),
        (["Kari Nordmann", "NTB"], ["kari  nordmann"], pytest.approx(2 / 3)),
        (["Jérôme Bérard"], ["Jerome Berard"], 1.0),  # accents folded
        (["Dana A. Ford"], ["Dana A Ford"], 1.0),  # initials with or without the dot
        (["A B", "C D"], ["C D", "E F", "G H"], pytest.approx(2 * 1 / (2 + 3))),
    ],
)
def test_name_f1(expected: list[str], got: list[str], f1: float) -> None:
    assert rq.name_f1(expected, got) == f1


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Kari Nordmann, Ola Hansen", ["Kari Nordmann", "Ola Hansen"]),
        ("Av Kari Nordmann og Ola Hansen", ["Kari Nordmann", "Ola Hansen"]),
        (
            "By Dana A. Ford, James S.A. Corey, and Tom Watkins",
            ["Dana A. Ford", "James S.A. Corey", "Tom Watkins"],
        ),
        ("AFP; The Local", ["AFP", "The Local"]),
        ("by: Laurie Oakes", ["Laurie Oakes"]),
        ("Von Markus Balser", ["Markus Balser"]),
        (None, []),
    ],
)
def test_split_names(byline: str | None, names: list[str]) -> None:
    assert rq.split_names(byline) == names


@pytest.mark.parametrize(
    ("expected", "got", "same"),
    [
        ("2020-01-19T12:25Z", dt.datetime(2020, 1, 19, 12, 25, 59, tzinfo=UTC), True),
        (
            "2020-01-19T12:25Z",
            dt.datetime(2020, 1, 19, 13, 25, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            True,
        ),
        ("2020-01-19T12:25Z", dt.datetime(2020, 1, 19, 12, 26, tzinfo=UTC), False),
        (None, None, True),
        (None, dt.datetime(2020, 1, 19, tzinfo=UTC), False),
        ("2020-01-19T12:25Z", None, False),
        # a page that states only the day: any moment that is that day in some zone
        ("2020-01-19", dt.datetime(2020, 1, 18, 23, 0, tzinfo=UTC), True),
        ("2020-01-19", dt.datetime(2020, 1, 21, 0, 0, tzinfo=UTC), False),
    ],
)
def test_same_minute(expected: str | None, got: dt.datetime | None, same: bool) -> None:
    assert rq.same_minute(expected, got) is same


def test_caption_scores_count_once_and_leaks() -> None:
    expected = ["A fox in the snow.", "Two boats.", "The mayor speaks."]
    got = ["A fox in the snow.", "Two boats.", "Two boats."]  # the second twice: not found once
    body = "The mayor speaks. And then more text."
    assert rq.caption_scores(expected, got, body) == (1, 1)


def test_sidecar_with_unknown_key_is_an_error(tmp_path: Path) -> None:
    sidecar = tmp_path / "x.expected.json"
    fields = {key: None for key in rq.REQUIRED} | {"captions": [], "bylines": [], "titel": "typo"}
    sidecar.write_text(json.dumps(fields), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys \\['titel'\\]"):
        rq.load_expected(sidecar)


def test_a_caption_sentence_that_is_also_body_is_no_leak() -> None:
    caption = "Microsoft plans to cut its emissions."
    body = "Microsoft plans to cut its emissions. It said so on Thursday."
    assert rq.caption_scores([caption], [caption], body, expected_body=body) == (1, 0)
    assert rq.caption_scores([caption], [caption], caption + "\n\n" + body, expected_body=body) == (1, 1)


def test_exact_body_ignores_list_bullets_and_label_prefixes_leave_names() -> None:
    expected = {key: None for key in rq.REQUIRED} | {
        "lang": "en",
        "title": "T",
        "bylines": ["Lindsey O'Donnell"],
        "captions": [],
        "body": "Intro.\n\nPizza was searched more.",
    }
    reading = rq.Reading(
        title="T",
        names=rq.split_names("Author: Lindsey O'Donnell"),
        body="Intro.\n\n- Pizza was searched more.",
    )
    scores = rq.score(expected, reading)
    assert (scores["exact"], scores["bylines"], scores["title"]) == (1.0, 1.0, 1.0)


HELD_OUT = rq.ROOT / "bench" / "reading" / "heldout"


def test_held_out_pages_are_labelled_strictly_and_not_in_the_tuned_set() -> None:
    """Every held-out sidecar loads strictly beside one page, and no page is a copy of a tuned one."""
    tuned = {p.read_bytes() for p in rq.PAGES.iterdir() if not p.name.endswith(".json")}
    sidecars = sorted(HELD_OUT.glob("*.expected.json"))
    assert sidecars, f"no held-out sidecars in {HELD_OUT}"
    for sidecar in sidecars:
        rq.load_expected(sidecar)
        page = rq.page_of(sidecar)
        assert page.read_bytes() not in tuned, f"{page.name} is also in {rq.PAGES.name}: not held out"
