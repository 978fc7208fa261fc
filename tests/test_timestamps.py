"""Tests for pipelines.timestamps: stamps as written in five languages, read as UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.timestamps import (
    Stamp,
    is_stamp_line,
    note_stamp,
    parse_machine_datetime,
    parse_partial_date,
    parse_stamps,
    stamp_tails,
    zone_for,
)

SAMPLE_FEEDS = Path(__file__).resolve().parent.parent / "sample_feeds"
OSLO, CPH, STO, LON = "Europe/Oslo", "Europe/Copenhagen", "Europe/Stockholm", "Europe/London"
# The capture time of the relative rows: 2019-04-30 18:20 in Oslo, Copenhagen, Stockholm (CEST).
FETCHED = datetime(2019, 4, 30, 16, 20, tzinfo=UTC)
# Just after local midnight in Oslo (2019-05-01 00:30 CEST), still 2019-04-30 in UTC.
FETCHED_AFTER_MIDNIGHT = datetime(2019, 4, 30, 22, 30, tzinfo=UTC)


def _shape(stamps: list[Stamp]) -> list[tuple[str, str | None, str, bool]]:
    """Returns each stamp as (kind, UTC ISO time or None, precision, relative)."""
    return [(s.kind, s.at.isoformat() if s.at else None, s.precision, s.relative) for s in stamps]


def P(iso: str, precision: str = "minute", relative: bool = False) -> tuple[str, str, str, bool]:
    """Expected published stamp."""
    return ("published", iso, precision, relative)


def U(
    iso: str | None, precision: str = "minute", relative: bool = False
) -> tuple[str, str | None, str, bool]:
    """Expected updated stamp."""
    return ("updated", iso, precision, relative)


STAMP_TABLE = [
    # Norwegian Bokmål (seed 001's closing line: dd.mm.yy is day-first)
    ("Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15", OSLO, None,
     [P("2019-04-30T15:49:00+00:00"), U("2019-04-30T16:15:00+00:00")]),
    ("Publisert 04.05.19 kl. 10:00", OSLO, None, [P("2019-05-04T08:00:00+00:00")]),
    # A time alone after a dated stamp on the same line is on that date, not "today".
    ("Publisert 12.03.2024 kl. 09:10, oppdatert kl. 11:42", OSLO, None,
     [P("2024-03-12T08:10:00+00:00"), U("2024-03-12T10:42:00+00:00")]),
    ("Oppdatert 30. april 2019 kl. 18.15", OSLO, None, [U("2019-04-30T16:15:00+00:00")]),
    ("Sist oppdatert 30.04.2019 18:15", OSLO, None, [U("2019-04-30T16:15:00+00:00")]),
    ("Publisert 30. apr. 2019", OSLO, None, [P("2019-04-30T00:00:00+00:00", "day")]),
    ("Publisert tirsdag 30. april 2019 kl. 17.49", OSLO, None, [P("2019-04-30T15:49:00+00:00")]),
    # Nynorsk
    ("Oppdatert 30. april 2019 kl. 18.15", OSLO, None, [U("2019-04-30T16:15:00+00:00")]),
    ("Publisert 30. april 2019 kl. 17.49", OSLO, None, [P("2019-04-30T15:49:00+00:00")]),
    ("Sist oppdatert 30. april 2019 kl. 18.15", OSLO, None, [U("2019-04-30T16:15:00+00:00")]),
    # Danish
    ("Opdateret 30.04.2019 kl. 18:15", CPH, None, [U("2019-04-30T16:15:00+00:00")]),
    ("Publiceret 30. april 2019 kl. 17.49", CPH, None, [P("2019-04-30T15:49:00+00:00")]),
    ("Opdateret i dag kl. 18.15", CPH, FETCHED, [U("2019-04-30T16:15:00+00:00", relative=True)]),
    # Swedish
    ("Uppdaterad 30 april 2019 18:15", STO, None, [U("2019-04-30T16:15:00+00:00")]),
    ("Publicerad 2019-04-30 17:49", STO, None, [P("2019-04-30T15:49:00+00:00")]),
    ("Uppdaterad i dag 18.15", STO, FETCHED, [U("2019-04-30T16:15:00+00:00", relative=True)]),
    # English: BST and GMT are fixed offsets, ET is New York with daylight saving
    ("Updated 18:15 BST, 30 April 2019", LON, None, [U("2019-04-30T17:15:00+00:00")]),
    ("Published: 30 April 2019 17:49 GMT", LON, None, [P("2019-04-30T17:49:00+00:00")]),
    ("Updated: April 30, 2019 6:15 pm ET", LON, None, [U("2019-04-30T22:15:00+00:00")]),
    ("Last updated 30/04/2019 18:15", LON, None, [U("2019-04-30T17:15:00+00:00")]),
    ("Published 30 April 2019 17:49:30", LON, None, [P("2019-04-30T16:49:30+00:00", "second")]),
    # German, Spanish, Finnish, Dutch
    ("Aktualisiert am 30.04.2019, 18:15 Uhr", "Europe/Berlin", None, [U("2019-04-30T16:15:00+00:00")]),
    ("Veröffentlicht am 30.04.2019, 17:49 Uhr", "Europe/Berlin", None, [P("2019-04-30T15:49:00+00:00")]),
    ("Actualizado 30/04/2019 18:15", "Europe/Madrid", None, [U("2019-04-30T16:15:00+00:00")]),
    ("Publicado 30/04/2019 17:49", "Europe/Madrid", None, [P("2019-04-30T15:49:00+00:00")]),
    ("Päivitetty 30.4.2019 18:15", "Europe/Helsinki", None, [U("2019-04-30T15:15:00+00:00")]),
    ("Julkaistu 30.4.2019 klo 17.49", "Europe/Helsinki", None, [P("2019-04-30T14:49:00+00:00")]),
    # Icelandic: Reykjavík keeps UTC all year
    ("Birt: 30. apríl 2019 kl. 17:49", "Atlantic/Reykjavik", None, [P("2019-04-30T17:49:00+00:00")]),
    ("Birtist þriðjudagur 30. apríl 2019 kl. 17:49 Uppfært 30. apríl 2019 kl. 18:15", "Atlantic/Reykjavik",
     None, [P("2019-04-30T17:49:00+00:00"), U("2019-04-30T18:15:00+00:00")]),
    ("Uppfært 4. júlí 2019 kl. 18:15", "Atlantic/Reykjavik", None, [U("2019-07-04T18:15:00+00:00")]),
    ("Bijgewerkt op 30 april 2019 18:15", "Europe/Amsterdam", None, [U("2019-04-30T16:15:00+00:00")]),
    ("Gepubliceerd op 30 april 2019 17:49", "Europe/Amsterdam", None, [P("2019-04-30T15:49:00+00:00")]),
    # Unlabelled pairs alone on a line: first published, second updated
    ("28.04.21 14:45", OSLO, None, [P("2021-04-28T12:45:00+00:00")]),
    ("28.04.21 14:45 28.04.21 15:10", OSLO, None,
     [P("2021-04-28T12:45:00+00:00"), U("2021-04-28T13:10:00+00:00")]),
    # Relative, against the capture time in the outlet's zone
    ("Oppdatert nå nettopp", OSLO, FETCHED, [U("2019-04-30T16:20:00+00:00", relative=True)]),
    ("for 5 minutter siden", OSLO, FETCHED, [P("2019-04-30T16:15:00+00:00", relative=True)]),
    ("Oppdatert for 5 minutter siden", OSLO, FETCHED, [U("2019-04-30T16:15:00+00:00", relative=True)]),
    ("for mindre enn 30 minutter siden", OSLO, FETCHED, [P("2019-04-30T15:50:00+00:00", relative=True)]),
    ("i går kl. 18:15", OSLO, FETCHED, [P("2019-04-29T16:15:00+00:00", relative=True)]),
    ("Oppdatert i går kl. 18:15", OSLO, FETCHED_AFTER_MIDNIGHT,
     [U("2019-04-30T16:15:00+00:00", relative=True)]),
    ("for 5 minutter siden", CPH, FETCHED, [P("2019-04-30T16:15:00+00:00", relative=True)]),
    ("i går kl. 18.15", CPH, FETCHED, [P("2019-04-29T16:15:00+00:00", relative=True)]),
    ("för 5 minuter sedan", STO, FETCHED, [P("2019-04-30T16:15:00+00:00", relative=True)]),
    ("igår 18:15", STO, FETCHED, [P("2019-04-29T16:15:00+00:00", relative=True)]),
    ("2 hours ago", LON, FETCHED, [P("2019-04-30T14:20:00+00:00", relative=True)]),
    ("Updated 5 minutes ago", LON, FETCHED, [U("2019-04-30T16:15:00+00:00", relative=True)]),
    ("yesterday at 18:15", LON, FETCHED, [P("2019-04-29T17:15:00+00:00", relative=True)]),
    ("Posted 3 days ago", LON, FETCHED, [P("2019-04-27T00:00:00+00:00", "day", relative=True)]),
    ("Oppdatert kl. 18.15", OSLO, FETCHED, [U("2019-04-30T16:15:00+00:00", relative=True)]),
    # No capture time: a relative stamp is kept, its time is not invented
    ("Oppdatert nå nettopp", OSLO, None, [U(None, relative=True)]),
    ("i går kl. 18:15", OSLO, None, [("published", None, "minute", True)]),
    ("2 hours ago", LON, None, [("published", None, "minute", True)]),
    # DST, Europe/Oslo: either side of the spring change, the gap, and the autumn fold
    ("Publisert 31.03.2019 kl. 01:30", OSLO, None, [P("2019-03-31T00:30:00+00:00")]),
    ("Publisert 31.03.2019 kl. 03:30", OSLO, None, [P("2019-03-31T01:30:00+00:00")]),
    # 02:30 never happened: read with the offset before the change (+01:00), as 03:30 CEST
    ("Publisert 31.03.2019 kl. 02:30", OSLO, None, [P("2019-03-31T01:30:00+00:00")]),
    ("Publisert 27.10.2019 kl. 01:30", OSLO, None, [P("2019-10-26T23:30:00+00:00")]),
    # 02:30 happened twice: fold=0, the first (summer time, +02:00)
    ("Publisert 27.10.2019 kl. 02:30", OSLO, None, [P("2019-10-27T00:30:00+00:00")]),
    ("Publisert 27.10.2019 kl. 03:30", OSLO, None, [P("2019-10-27T02:30:00+00:00")]),
    # Recognised but unreadable: kept, with a warning and no time
    ("Oppdatert: 31.02.19 kl. 25:61", OSLO, None, [U(None)]),
    # Not stamps
    ("Hold deg oppdatert", OSLO, None, []),
    ("Hold dig opdateret", CPH, None, []),
    ("Stay updated with our newsletter", LON, None, []),
    ("Valget i mai 2018 var ulovlig.", OSLO, None, []),
    ("opposisjonslederen selv gikk ut og kalte seg president 23. januar.", OSLO, None, []),
    ("Maduros valgsejr i maj 2018 var ulovlig, sagde han 30.04.2019 kl. 18.15.", CPH, None, []),
    ("Han gikk for 5 minutter siden.", OSLO, FETCHED, []),
    ("Updated 2.0 version released today", LON, None, []),
    ("", OSLO, None, []),
]  # fmt: skip


@pytest.mark.parametrize(("line", "tz", "fetched_at", "expected"), STAMP_TABLE)
def test_parse_stamps(line: str, tz: str, fetched_at: datetime | None, expected: list) -> None:
    assert _shape(parse_stamps(line, tz=tz, fetched_at=fetched_at)) == expected


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        (
            "Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15",
            ["Publisert: 30.04.19 kl. 17:49", "Oppdatert: 30.04.19 kl. 18:15"],
        ),
        ("  Oppdatert nå nettopp  ", ["Oppdatert nå nettopp"]),
        ("Han kom hjem. Oppdatert 30.04.2019 kl. 18:15", ["Oppdatert 30.04.2019 kl. 18:15"]),
        ("Updated: April 30, 2019 6:15 pm ET", ["Updated: April 30, 2019 6:15 pm ET"]),
    ],
)
def test_parse_stamps_keeps_text_as_written(line: str, texts: list[str]) -> None:
    assert [s.text for s in parse_stamps(line, tz=OSLO, fetched_at=FETCHED)] == texts


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Oppdatert: 31.02.19 kl. 25:61", "no day 31 in February 2019"),
        ("Oppdatert: 30.04.19 kl. 25:61", "no hour 25"),
        ("Oppdatert: 30.04.19 kl. 18:61", "no time 18:61"),
        ("Updated 13:15 pm, 30 April 2019", "no hour 13"),
        ("Publisert 2019/13", "unreadable published stamp"),
        ("Updated 18:15 GMT+99, 30 April 2019", "unknown zone 'GMT+99'"),
    ],
)
def test_parse_stamps_warns_instead_of_guessing(line: str, reason: str) -> None:
    (stamp,) = parse_stamps(line, tz=OSLO, fetched_at=FETCHED)
    assert stamp.at is None
    assert stamp.warning is not None and reason in stamp.warning


def test_parse_stamps_rejects_unknown_zone_and_naive_capture_time() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Europe/Nowhere'"):
        parse_stamps("Oppdatert nå nettopp", tz="Europe/Nowhere")
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_stamps("Oppdatert nå nettopp", tz=OSLO, fetched_at=datetime(2019, 4, 30, 18, 20))


def test_parse_stamps_reads_capture_time_in_any_offset() -> None:
    fetched_in_oslo = FETCHED.astimezone(timezone(timedelta(hours=2)))
    assert parse_stamps("i går kl. 18:15", tz=OSLO, fetched_at=fetched_in_oslo)[0].at == datetime(
        2019, 4, 29, 16, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Oppdatert nå nettopp", True),  # seed 001
        ("Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15", True),  # seed 001
        ("Oppdatert: 31.02.19 kl. 25:61", True),  # metadata even though unreadable
        ("28.04.21 14:45", True),
        ("Updated 18:15 BST, 30 April 2019 | Published 30 April 2019", True),
        ("2 hours ago", True),
        ("Hold deg oppdatert", False),
        ("Hold dig opdateret", False),
        ("Stay updated with our newsletter", False),
        ("Oppdatert", False),
        ("Valget i mai 2018 var ulovlig.", False),
        ("opposisjonslederen selv gikk ut og kalte seg president 23. januar.", False),
        ("Artikkelen ble publisert 30.04.2019 kl. 17:49 og oppdatert i går kl. 18:15.", False),
        ("Han kom hjem. Oppdatert 30.04.2019 kl. 18:15", False),
        ("NTB-AP-AFP", False),
        (" date 2019-04 Store opptøyer i Venezuela", False),
        ("", False),
        ("   ", False),
    ],
)
def test_is_stamp_line(line: str, expected: bool) -> None:
    assert is_stamp_line(line) is expected


def test_seed_articles_have_exactly_the_two_stamp_lines() -> None:
    lines = [
        line for path in sorted(SAMPLE_FEEDS.glob("*.txt")) for line in path.read_text("utf-8").splitlines()
    ]
    assert [line for line in lines if is_stamp_line(line)] == [
        "Oppdatert nå nettopp",
        "Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15",
    ]
    assert [line for line in lines if parse_stamps(line, tz=OSLO)] == [
        "Oppdatert nå nettopp",
        "Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15",
    ]


@pytest.mark.parametrize(
    ("lang", "hint", "expected"),
    [
        ("no", None, "Europe/Oslo"),
        ("nb", None, "Europe/Oslo"),
        ("nn", None, "Europe/Oslo"),
        ("nb-NO", None, "Europe/Oslo"),
        ("da", None, "Europe/Copenhagen"),
        ("sv", None, "Europe/Stockholm"),
        ("fi", None, "Europe/Helsinki"),
        ("de", None, "Europe/Berlin"),
        ("nl", None, "Europe/Amsterdam"),
        ("es", None, "Europe/Madrid"),
        ("EN", None, "Europe/London"),
        ("is", None, "UTC"),
        ("und", None, "UTC"),
        (None, None, "UTC"),
        ("", None, "UTC"),
        ("en", "America/New_York", "America/New_York"),
        (None, "Europe/Oslo", "Europe/Oslo"),
    ],
)
def test_zone_for(lang: str | None, hint: str | None, expected: str) -> None:
    assert zone_for(lang, hint=hint) == expected


@pytest.mark.parametrize("hint", ["Europe/Nowhere", "", "CEST", "/etc/passwd", "Europe"])
def test_zone_for_rejects_invalid_hint(hint: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone_for("no", hint=hint)


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2019-04-30T17:49:00+02:00", "2019-04-30T15:49:00+00:00", "second"),
        ("2019-04-30T15:49:00Z", "2019-04-30T15:49:00+00:00", "second"),
        ("2019-04-30T17:49:00.250+02:00", "2019-04-30T15:49:00.250000+00:00", "second"),
        ("2019-04-30T17:49+0200", "2019-04-30T15:49:00+00:00", "minute"),
        ("Tue, 30 Apr 2019 17:49:00 +0200", "2019-04-30T15:49:00+00:00", "second"),
        ("Tue, 30 Apr 2019 15:49:00 GMT", "2019-04-30T15:49:00+00:00", "second"),
        ("Tue, 30 Apr 2019 11:49:00 EDT", "2019-04-30T15:49:00+00:00", "second"),
        ("30 Apr 19 15:49 -0000", "2019-04-30T15:49:00+00:00", "minute"),
        ("Tue, 30 Apr 2019 17:49:00", "2019-04-30T15:49:00+00:00", "second"),  # naive: Oslo
        ("2019-04-30 17:49", "2019-04-30T15:49:00+00:00", "minute"),  # naive: Oslo
        ("2019-03-31T02:30", "2019-03-31T01:30:00+00:00", "minute"),  # spring gap, as in stamps
        ("2019-10-27T02:30", "2019-10-27T00:30:00+00:00", "minute"),  # autumn fold: the first
        ("2019-04-30", "2019-04-30T00:00:00+00:00", "day"),
        ("2019-04", "2019-04-01T00:00:00+00:00", "month"),
        ("  2019-04-30T15:49:00Z\n", "2019-04-30T15:49:00+00:00", "second"),
        # Java's Date.toString() (a CMS's JSON-LD) and JavaScript's, zones written as abbreviations
        ("Tue Jan 28 15:28:56 CET 2020", "2020-01-28T14:28:56+00:00", "second"),
        ("Tue Apr 30 17:49:00 CEST 2019", "2019-04-30T15:49:00+00:00", "second"),
        ("Tue Apr 30 11:49:00 EDT 2019", "2019-04-30T15:49:00+00:00", "second"),
        (
            "Tue Jan 28 2020 15:28:56 GMT+0100 (Central European Standard Time)",
            "2020-01-28T14:28:56+00:00",
            "second",
        ),
    ],
)
def test_parse_machine_datetime(value: str, expected: str, precision: str) -> None:
    at, got_precision = parse_machine_datetime(value, tz=OSLO) or (None, None)
    assert (at.isoformat() if at else None, got_precision) == (expected, precision)
    assert at is not None and at.tzinfo is UTC


@pytest.mark.parametrize("value", ["", "   "])
def test_parse_machine_datetime_empty_is_none(value: str) -> None:
    assert parse_machine_datetime(value, tz=OSLO) is None


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "30.04.2019 17:49",
        "2019-13-01T00:00Z",
        "2019-02-30T00:00Z",
        "2019-04-30T24:00Z",
        "2019-04-30T10:00+25:00",
        "Tue, 30 Foo 2019 10:00 GMT",
        "Tue, 30 Apr 2019 10:00 XYZ",
        "Tue Jan 28 15:28:56 XYZ 2020",
        "Tue Foo 28 15:28:56 CET 2020",
        "0001-01-01T00:30",  # before year 1 in UTC
    ],
)
def test_parse_machine_datetime_rejects_unreadable(value: str) -> None:
    with pytest.raises(ValueError, match=r"unreadable machine date|not a"):
        parse_machine_datetime(value, tz=OSLO)


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2019-04", datetime(2019, 4, 1, tzinfo=UTC), "month"),
        ("2019", datetime(2019, 1, 1, tzinfo=UTC), "year"),
        ("2019-04-30", datetime(2019, 4, 30, tzinfo=UTC), "day"),
        (" 2019-04 ", datetime(2019, 4, 1, tzinfo=UTC), "month"),
    ],
)
def test_parse_partial_date(value: str, expected: datetime, precision: str) -> None:
    assert parse_partial_date(value) == (expected, precision)


@pytest.mark.parametrize(
    "value", ["", "19", "2019-4", "2019-13", "2019-02-29", "0000", "april 2019", "2019-04-30T00"]
)
def test_parse_partial_date_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        parse_partial_date(value)


# Fragments that reach deep into the grammar, glued with arbitrary text.
_FRAGMENTS = st.sampled_from(
    [
        "Publisert", "Oppdatert:", "Updated", "Sist oppdatert", "Aktualisiert am", " ", ", ", ".", ":",
        "kl.", "klo", "at", "pm", "BST", "ET", "GMT+", "30", "31", "02", "04", "19", "2019", "0001", "9999",
        "25:61", "18:15", "18.15", "april", "apr.", "de", "i går", "i dag", "yesterday", "nå nettopp",
        "for", "mindre enn", "9999", "dager", "minutter", "siden", "ago", "hours", "days", "/", "-", "T",
    ]
)  # fmt: skip
_LINES = st.text(max_size=80) | st.lists(_FRAGMENTS | st.text(max_size=3), max_size=14).map("".join)
_FETCHED_AT = st.none() | st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(line=_LINES, tz=st.sampled_from([OSLO, LON, "America/New_York", "UTC"]), fetched_at=_FETCHED_AT)
def test_parse_stamps_never_raises_and_stays_utc(line: str, tz: str, fetched_at: datetime | None) -> None:
    stamps = parse_stamps(line, tz=tz, fetched_at=fetched_at)
    for stamp in stamps:
        assert stamp.at is None or stamp.at.tzinfo is UTC
        assert stamp.kind in ("published", "updated")
        assert stamp.text and stamp.text in line
        assert stamp.warning is None or stamp.at is None
    if is_stamp_line(line):
        assert stamps


@settings(max_examples=300, deadline=None)
@given(line=_LINES)
def test_is_stamp_line_never_raises(line: str) -> None:
    assert is_stamp_line(line) in (True, False)


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40) | st.from_regex(r"\A[0-9A-Za-z ,:+\-.]{0,35}\Z"))
def test_parse_machine_datetime_gives_utc_or_value_error(value: str) -> None:
    try:
        result = parse_machine_datetime(value, tz=OSLO)
    except ValueError:
        return
    assert result is None or result[0].tzinfo is UTC


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30)),
    offset_minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_parse_machine_datetime_reads_back_isoformat(moment: datetime, offset_minutes: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert parse_machine_datetime(aware.isoformat(), tz=OSLO) == (aware.astimezone(UTC), "second")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Publisert: 30.04.19 kl. 17:49",
                "Oppdatert nå nettopp",
                "|",
                " ",
                "Hold deg oppdatert",
                "i går",
                "Updated 18:15 BST, 30 April 2019",
                "12.03.2024",
                "tekst",
                "kl. 09:10",
                ",",
                "2 hours ago",
            ]
        ),
        max_size=6,
    ).map(" ".join)
)
def test_is_stamp_line_is_what_the_full_scan_says(line):
    from pipelines.timestamps.text import _scan

    found, only_stamps = _scan(line)
    assert is_stamp_line(line) == (only_stamps and bool(found))


# The guard `is_stamp_line` and `stamp_tails` ask first must never turn away a stamp the grammar reads.
_GUARD_FRAGMENTS = st.sampled_from(
    [
        *("Publisert", "først publisert", "UPDATED", "Sist endret", "Julkaistu", "Bijgewerkt op", " ", ", "),
        *(".", ":", "|", "–", "kl.", "kl", "klo", "at", "um", "a las", "à", "om", "pm", "h", "uhr", "CEST"),
        *("30", "2", "04", "2019", "18:15", "9.05", "30.04.19", "2019-04-30", "april", "Apr.", "MÄRZ"),
        *("huhtikuuta", "mandag", "Lørdag", "sábado", "den", "d.", "i går", "I DAG", "idag", "gestern"),
        *("nå nettopp", "JUST NOW", "hace un momento", "for", "för", "vor", "hace", "mindre enn", "ca."),
        *("about", "én", "a", "an", "two", "to", "en", "time", "timer", "hours", "min", "día", "siden"),
        *("sedan", "ago", "sitten", "geleden", "tekst", "Hold deg oppdatert", "5pm", "p.m.", "a. m.", "AM"),
        *("CEST", "ET", "uhr", "h", "Stunden", "horas", "sıden", "nettopp", "MOMENTS AGO", "18.00h", "GMT+"),
    ]
)  # fmt: skip
_GUARD_LINES = st.lists(_GUARD_FRAGMENTS | st.text(max_size=2), max_size=10).map("".join) | st.lists(
    _GUARD_FRAGMENTS, max_size=8
).map(" ".join)


@pytest.mark.parametrize(
    "line",
    [
        *("Publisert: 30.04.19 kl. 17:49", "først publisert 2019-04-30", "Updated 18:15 BST, 30 April 2019"),
        *("april 30, 2019", "Apr. 30 2019", "30. huhtikuuta 2019", "mandag 30. april 2019", "Sábado 4 de mayo de 2019"),
        *("i går kl. 18:15", "I DAG 09.10", "yesterday", "nå nettopp", "hace un momento", "Just now"),
        *("for to timer siden", "för ca. 3 timmar sedan", "about 2 hours ago", "two hours ago", "an hour ago"),
        *("vor zwei Stunden", "hace 2 horas", "noin 5 minuuttia sitten", "een uur geleden", "kl. 18:15 30.04.2019"),
        *("à 9.30 30.04.2019", "a las 10:00, 30 abril 2019", "18:15 30.04.2019", "30.04.2019 5.30pm"),
        *("30.04.2019 17.30 Uhr", "30.04.2019 17.30h", "30.04.2019 5.30 p.m.", "30 April 2019 18:15 BST"),
        *("i går kl. 18:15 ET", "vor 2 Stunden", "2 hours ago |", "nå nettopp –", "for 3 timer sıden"),
    ],
)  # fmt: skip
def test_the_stamp_guard_lets_each_kind_of_stamp_through(line: str) -> None:
    from pipelines.timestamps.text import _STAMP_START, _read_stamp

    assert _read_stamp(line, 0) is not None
    assert _STAMP_START.match(line, 0)
    assert (19 in stamp_tails("Kari Nordmann, NTB " + line)) == is_stamp_line(line)


@settings(max_examples=500, deadline=None)
@given(line=_GUARD_LINES | _LINES)
def test_the_stamp_guard_lets_every_readable_stamp_through(line: str) -> None:
    from pipelines.timestamps.text import _STAMP_START, _read_stamp

    for pos in range(len(line)):
        if _read_stamp(line, pos) is not None:
            assert _STAMP_START.match(line, pos), (line, pos)
    every_word = [k for k in range(1, len(line)) if line[k - 1].isspace() and not line[k].isspace()]
    assert list(stamp_tails(line)) == [k for k in every_word if is_stamp_line(line[k:])]


@pytest.mark.parametrize(
    ("line", "after", "expected"),
    [
        # An editor's note on an updated story leaves the year out: it follows the publication.
        (
            "Update July 3rd, 8:05AM ET: Added ARKit explanation and tweet.",
            "2019-07-03T08:22",
            "2019-07-03T12:05",
        ),
        (
            "Oppdatert 3. juli kl. 08.05: Politiet har nå bekreftet navnet.",
            "2019-07-03T05:00",
            "2019-07-03T06:05",
        ),
        (
            "Opdateret 3. juli kl. 8.05: Artiklen er opdateret med kommentar.",
            "2019-07-02T20:00",
            "2019-07-03T06:05",
        ),
        ("Uppdaterad 3 juli kl. 08.05: Artikeln har kompletterats.", "2019-07-03T05:00", "2019-07-03T06:05"),
        (
            "Päivitetty 3. heinäkuuta klo 8.05: Juttuun lisätty poliisin tiedote.",
            "2019-07-03T05:00",
            "2019-07-03T06:05",
        ),
        (
            "Oppdatering 3. juli kl. 08.05 – Politiet melder at veien er åpnet.",
            "2019-07-03T05:00",
            "2019-07-03T06:05",
        ),
        # a note written on 2 January about a story published on 30 December is in the next year
        ("Oppdatert 2. januar kl. 10.00: Saken er oppdatert.", "2019-12-30T10:00", "2020-01-02T09:00"),
    ],
)
def test_note_stamp_reads_an_update_note_opening_a_paragraph(line: str, after: str, expected: str) -> None:
    stamp = note_stamp(line, tz=OSLO, after=datetime.fromisoformat(after).replace(tzinfo=UTC))
    assert stamp is not None and stamp.kind == "updated"
    assert stamp.at == datetime.fromisoformat(expected).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "line",
    [
        "Politiet sier 3. juli kl. 08.05 at veien var stengt.",  # a date inside prose is the story's
        "Oppdatert 3. juli kl. 08.05",  # a stamp alone is a stamp line, not a note
        "Publisert 3. juli kl. 08.05: Saken ble først publisert i går.",  # no update
        "Update: the police have now named the victim.",  # a label with no stamp
        "Oppdatert informasjon kommer.",
    ],
)
def test_note_stamp_is_none_for_anything_else(line: str) -> None:
    assert note_stamp(line, tz=OSLO, after=datetime(2019, 7, 3, 5, tzinfo=UTC)) is None


def test_a_date_without_its_year_needs_a_moment_to_follow() -> None:
    # Without the publication or a capture time the year is unknown: kept as text, never guessed.
    (stamp,) = parse_stamps("Oppdatert 3. juli kl. 08.05", tz=OSLO)
    assert (stamp.at, stamp.relative, stamp.warning) == (None, True, None)
    # With only the capture time it is the last such date before it.
    (stamp,) = parse_stamps(
        "Oppdatert 3. juli kl. 08.05", tz=OSLO, fetched_at=datetime(2020, 1, 5, tzinfo=UTC)
    )
    assert stamp.at == datetime(2019, 7, 3, 6, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="after must be timezone-aware"):
        parse_stamps("Oppdatert 3. juli kl. 08.05", tz=OSLO, after=datetime(2019, 7, 3))
