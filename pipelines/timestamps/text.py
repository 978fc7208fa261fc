"""The stamp grammar for text: labelled and unlabelled stamps found in a line, resolved to UTC.

Reads `Publisert: 30.04.19 kl. 17:49`, `Updated 18:15 BST, 30 April 2019`, `Oppdatert nå nettopp`
with regexes built from the word tables (`words.py`) and zones from `zones.py`; the decisions are
listed in the package docstring.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from pipelines.timestamps.words import (
    DAYS_BACK,
    JUST_NOW_WORDS,
    MONTHS,
    NUMBER_WORDS,
    PUBLISHED_LABELS,
    QUALIFIERS,
    SEPARATORS,
    UNIT_SECONDS,
    UPDATED_LABELS,
    WEEKDAYS,
    key,
)
from pipelines.timestamps.zones import ZONE_NAMES, ZONE_OFFSETS, written_zone, zone_named
from schemas.vocabulary import alternation, prefix_alternation, prefix_tree


@dataclass(frozen=True, slots=True)
class Stamp:
    """One publication or update stamp found in a line, resolved to UTC where it can be."""

    kind: str  # "published" or "updated"
    at: datetime | None  # timezone-aware UTC; None when relative with no capture time, or unreadable
    precision: str  # "second" | "minute" | "day" | "month" | "year"
    text: str  # the stamp exactly as written in the line
    relative: bool = False
    warning: str | None = None  # set when a stamp was recognised but could not be read (then at is None)


_LABEL = re.compile(
    rf"(?<!\w)(?:(?P<published>{alternation(PUBLISHED_LABELS)})|(?P<updated>{alternation(UPDATED_LABELS)}))"
    # "Aktualisiert am", "Bijgewerkt op", "Actualizado el", "Updated on", "Publicerad den"
    r"(?!\w)\s*:?\s*(?:(?:am|on|op|el|le|den)\s+|d\.\s*)?",
    re.IGNORECASE,
)
_UPDATE_WORD = re.compile(rf"(?<!\w)(?:{alternation(UPDATED_LABELS)})(?!\w)", re.IGNORECASE)
_SKIP = re.compile(rf"[\s{re.escape(SEPARATORS)}]*")

# Words that may stand before a clock time (`kl. 17:49`, `at 18:15`, `a las 10:00`, `à 9.30`).
_CLOCK_WORDS = ("kl", "klo", "klokka", "klokken", "klockan", "at", "um", "a las", "om", "\u00e0")
# The first words of the `_AGO` phrases below that do not start with their number.
_AGO_OPENERS = ("for", "för", "vor", "hace")
_MONTH = rf"(?P<month>{alternation(MONTHS)})(?!\w)\.?"
_WEEKDAY = re.compile(rf"(?:{alternation(WEEKDAYS)})(?!\w)\.?,?\s+(?:(?:den|d\.)\s*)?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?!\d)"
)
_ISO_DATE = re.compile(r"(?P<year>\d{4})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)")
_DAY_MONTH_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:de\s+)?{_MONTH},?\s*(?:de\s+)?(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_DATE = re.compile(
    rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?\s+(?P<year>\d{{4}})(?!\d)", re.IGNORECASE
)
# A date without its year, read only after a label (`Update July 3rd, 8:05AM ET`, `Oppdatert 3. juli
# kl. 08.05`): an editor's note on a live or updated story leaves the year out.
_YEARLESS_DATES = (
    re.compile(rf"(?P<day>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:de\s+)?{_MONTH}", re.IGNORECASE),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)", re.IGNORECASE),
)
# What follows the stamp opening an editor's note: a colon or dash, then the note.
_NOTE_AFTER = re.compile(r"\s*[:\u2013\u2014-]\s*\S")
_TIME = re.compile(
    rf"(?:(?:{alternation(_CLOCK_WORDS)})\.?\s*)?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?(?!\d)"
    r"(?:\s*(?P<meridiem>[ap])\.?\s?m\.?(?!\w))?"
    r"(?:\s*(?:uhr|h)(?!\w))?",
    re.IGNORECASE,
)
# Case-sensitive on purpose: "ET" is a zone after a time, "et" a Danish word.
_ZONE = re.compile(
    rf"\s*(?P<zone>(?:{alternation([*ZONE_OFFSETS, *ZONE_NAMES])})(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?"
    r"|[+-]\d{2}:?\d{2})(?!\w)"
)
_DATE_CLOCK_GAP = re.compile(r"T(?=\d)|\s*(?:[,|/\u2013\u2014-]\s*)?")
_CLOCK_DATE_GAP = re.compile(r"\s*(?:[,|\u2013\u2014-]\s*)?(?:(?:on|den|am|le|el|op)\s+)?", re.IGNORECASE)
_DAY_CLOCK_GAP = re.compile(r"\s*,?\s*")

_NUMBER = rf"(?P<number>\d{{1,4}}|{alternation(NUMBER_WORDS)})"
_UNIT = rf"(?P<unit>{alternation(UNIT_SECONDS)})(?!\w)"
_QUALIFIER = rf"(?:(?:{alternation(QUALIFIERS)})\s+)?"
_AGO = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?:for|för)\s+{_QUALIFIER}{_NUMBER}\s+{_UNIT}\s+(?:siden|sedan)(?!\w)",  # no, da, sv
        rf"{_QUALIFIER}{_NUMBER}\s+{_UNIT}\s+ago(?!\w)",  # en
        rf"vor\s+{_QUALIFIER}{_NUMBER}\s+{_UNIT}",  # de
        rf"hace\s+{_QUALIFIER}{_NUMBER}\s+{_UNIT}",  # es
        rf"{_QUALIFIER}{_NUMBER}\s+{_UNIT}\s+sitten(?!\w)",  # fi
        rf"{_QUALIFIER}{_NUMBER}\s+{_UNIT}\s+geleden(?!\w)",  # nl
    )
)
_JUST_NOW = re.compile(rf"(?:{alternation(JUST_NOW_WORDS)})(?!\w)", re.IGNORECASE)
_DAY_WORD = re.compile(rf"(?P<word>{alternation(DAYS_BACK)})(?!\w)", re.IGNORECASE)
# Where a stamp can begin, one necessary condition per way `_read_stamp` reads one: a digit; a label,
# "just now", a day word, a weekday or a month as a whole word; what opens an "N units ago" phrase
# (`for`, a qualifier, a number word and a unit); a clock word before a digit. A position failing
# this one regex fails all the patterns tried there one by one, which cost most of the structure step
# (bench/steps.py): every body line is asked whether it is a stamp, or ends with one.
_UNIT_WORD = rf"{prefix_alternation(UNIT_SECONDS)}(?!\w)"
_NUMBER_START = rf"(?:\d|{prefix_alternation(NUMBER_WORDS)}\s+{_UNIT_WORD})"
_STAMP_START = re.compile(
    r"(?:\d|"
    + prefix_tree(
        [
            *(
                (word, r"(?!\w)")
                for word in (
                    *PUBLISHED_LABELS,
                    *UPDATED_LABELS,
                    *JUST_NOW_WORDS,
                    *DAYS_BACK,
                    *WEEKDAYS,
                    *MONTHS,
                )
            ),
            *(
                (word, rf"\s+(?:{prefix_alternation(QUALIFIERS)}\s+)?{_NUMBER_START}")
                for word in _AGO_OPENERS
            ),
            *((word, rf"\s+{_NUMBER_START}") for word in QUALIFIERS),
            *((word, rf"\s+{_UNIT_WORD}") for word in NUMBER_WORDS),
            *((word, r"\.?\s*\d") for word in _CLOCK_WORDS),
        ]
    )
    + ")",
    re.IGNORECASE,
)
# The last letters of a stamp line, after its trailing separators, when it does not end with a digit:
# the end of a relative phrase (`siden`, `ago`, `just now`, `i går`, a unit after `vor`/`hace`), an
# am/pm, `uhr`/`h` or a zone after a clock time. Case-folded; see `_may_end_stamp`.
_AGO_ENDINGS = ("siden", "sedan", "ago", "sitten", "geleden")  # the last words of `_AGO` above
_CLOCK_ENDINGS = ("am", "pm", "m", "uhr", "h")  # what `_TIME` may end with
_STAMP_ENDINGS = frozenset(
    phrase.split()[-1].casefold()
    for phrase in (
        *JUST_NOW_WORDS,
        *DAYS_BACK,
        *UNIT_SECONDS,
        *_AGO_ENDINGS,
        *_CLOCK_ENDINGS,
        *ZONE_OFFSETS,
        *ZONE_NAMES,
    )
)
_TRAILING = f"{SEPARATORS} \t\n\r\f\v"
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")

# A word start (after whitespace) from which the rest of a line may be stamps: `stamp_tails`.
_TAIL_START = re.compile(
    rf"(?<=\s)(?=\S)(?=[\s{re.escape(SEPARATORS)}]*{_STAMP_START.pattern})", re.IGNORECASE
)

# Something date-like closing a label's clause that the grammar cannot read: reported, not skipped.
# It must end the clause, so a label opening a sentence ("Updated 2.0 version...") is no stamp.
_GARBLED = re.compile(
    r"\d{1,4}[./:-]\d[\d./:-]*(?:\s+(?:(?:kl|klo|at|um)\.?\s*)?\d{1,2}[.:]\d[\d.:]*)?"
    r"(?=\s*(?:$|[|,;\u00b7\u2022\u2013\u2014]))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Clock:
    """A clock time as written: fields unchecked, am/pm and zone abbreviation kept raw."""

    hour: int
    minute: int
    second: int | None
    meridiem: str | None
    zone: str | None
    end: int  # where the clock time, with its zone, ends in the line


@dataclass(frozen=True, slots=True)
class _Written:
    """One stamp value as written, ending at `end`; its fields are checked when it is resolved."""

    end: int
    precision: str
    day: tuple[int, int, int] | None = None  # year, month, day
    clock: _Clock | None = None
    ago: timedelta | None = None
    days_back: int | None = None
    garbled: bool = False
    yearless: bool = False  # `day` is (0, month, day): the year comes from the moment it follows

    @property
    def relative(self) -> bool:
        """True when the value only means something against the capture time (or, for a date
        without its year, the publication it follows)."""
        return (
            self.ago is not None
            or self.days_back is not None
            or self.yearless
            or (self.day is None and self.clock is not None)
        )


@dataclass(frozen=True, slots=True)
class _Found:
    """A stamp located in a line: where it starts, its label's kind (None if unlabelled), its value."""

    start: int
    kind: str | None
    value: _Written


def _year(text: str) -> int:
    """Returns a written year, two digits meaning 20yy."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def _read_bare_date(line: str, pos: int) -> tuple[tuple[int, int, int], int] | None:
    """Reads a calendar date starting exactly at `pos`: ((year, month, day), end)."""
    for pattern in (_NUMERIC_DATE, _ISO_DATE):
        if match := pattern.match(line, pos):
            return (_year(match["year"]), int(match["month"]), int(match["day"])), match.end()
    for pattern in (_DAY_MONTH_DATE, _MONTH_DAY_DATE):
        if (match := pattern.match(line, pos)) and (month := MONTHS.get(key(match["month"]))):
            return (int(match["year"]), month, int(match["day"])), match.end()
    return None


def _read_date(line: str, pos: int) -> tuple[tuple[int, int, int], int] | None:
    """Reads a calendar date, perhaps after a weekday name, starting exactly at `pos`."""
    if (weekday := _WEEKDAY.match(line, pos)) and (found := _read_bare_date(line, weekday.end())):
        return found
    return _read_bare_date(line, pos)


def _read_yearless(line: str, pos: int) -> tuple[tuple[int, int, int], int] | None:
    """Reads a day and month without a year starting exactly at `pos`: ((0, month, day), end)."""
    for pattern in _YEARLESS_DATES:
        if (match := pattern.match(line, pos)) and (month := MONTHS.get(key(match["month"]))):
            return (0, month, int(match["day"])), match.end()
    return None


def _year_of(month: int, day: int, local: date, *, following: bool) -> int | None:
    """The year of a day and month written without one: the first such date on or after `local`
    (`following`, the publication an update follows) or the last on or before it (the capture)."""
    years = range(local.year - 1, local.year + 2) if following else range(local.year + 1, local.year - 2, -1)
    for year in years:
        if day <= calendar.monthrange(year, month)[1] and (
            date(year, month, day) >= local if following else date(year, month, day) <= local
        ):
            return year
    return None


def _after(gap: re.Pattern[str], line: str, pos: int) -> int:
    """Returns where an optional `gap` (whitespace, a comma, a preposition) starting at `pos` ends."""
    match = gap.match(line, pos)
    return match.end() if match else pos


def _read_clock(line: str, pos: int) -> _Clock | None:
    """Reads a clock time, with any am/pm and zone after it, starting exactly at `pos`."""
    if not (match := _TIME.match(line, pos)):
        return None
    zone = _ZONE.match(line, match.end())
    return _Clock(
        hour=int(match["hour"]),
        minute=int(match["minute"]),
        second=int(match["second"]) if match["second"] else None,
        meridiem=match["meridiem"].casefold() if match["meridiem"] else None,
        zone=zone["zone"] if zone else None,
        end=zone.end() if zone else match.end(),
    )


def _clock_precision(clock: _Clock) -> str:
    """Returns "second" or "minute": how finely a clock time was written."""
    return "minute" if clock.second is None else "second"


def _read_relative(line: str, pos: int) -> _Written | None:
    """Reads a relative stamp (just now, N units ago, today/yesterday [time]) starting exactly at `pos`."""
    if match := _JUST_NOW.match(line, pos):
        return _Written(end=match.end(), precision="minute", ago=timedelta(0))
    for pattern in _AGO:
        match = pattern.match(line, pos)
        if not match:
            continue
        word = match["number"]
        count = int(word) if word.isdecimal() else NUMBER_WORDS.get(key(word))
        unit = UNIT_SECONDS.get(key(match["unit"]))
        if count is not None and unit is not None:
            precision = "day" if unit == 86400 else "minute"
            return _Written(end=match.end(), precision=precision, ago=timedelta(seconds=count * unit))
    if (match := _DAY_WORD.match(line, pos)) and (days := DAYS_BACK.get(key(match["word"]))) is not None:
        if clock := _read_clock(line, _after(_DAY_CLOCK_GAP, line, match.end())):
            return _Written(end=clock.end, precision=_clock_precision(clock), clock=clock, days_back=days)
        return _Written(end=match.end(), precision="day", days_back=days)
    return None


def _read_value(line: str, pos: int, *, labelled: bool) -> _Written | None:
    """Reads one stamp value (relative, or a date and/or a clock time) starting exactly at `pos`.

    A clock time alone means today; it is read only after a label, never on its own.
    """
    if relative := _read_relative(line, pos):
        return relative
    if found := _read_date(line, pos):
        day, end = found
        if clock := _read_clock(line, _after(_DATE_CLOCK_GAP, line, end)):
            return _Written(end=clock.end, precision=_clock_precision(clock), day=day, clock=clock)
        return _Written(end=end, precision="day", day=day)
    if labelled and (yearless := _read_yearless(line, pos)):
        day, end = yearless
        if clock := _read_clock(line, _after(_DATE_CLOCK_GAP, line, end)):
            return _Written(
                end=clock.end, precision=_clock_precision(clock), day=day, clock=clock, yearless=True
            )
        return _Written(end=end, precision="day", day=day, yearless=True)
    if clock := _read_clock(line, pos):  # time first: "18:15 BST, 30 April 2019"
        if found := _read_date(line, _after(_CLOCK_DATE_GAP, line, clock.end)):
            return _Written(end=found[1], precision=_clock_precision(clock), day=found[0], clock=clock)
        if labelled:
            return _Written(end=clock.end, precision=_clock_precision(clock), clock=clock)
    return None


def _read_stamp(line: str, pos: int) -> _Found | None:
    """Reads a labelled or unlabelled stamp starting exactly at `pos`."""
    if label := _LABEL.match(line, pos):
        kind = "published" if label["published"] else "updated"
        if value := _read_value(line, label.end(), labelled=True):
            return _Found(pos, kind, value)
        if garbled := _GARBLED.match(line, label.end()):
            return _Found(pos, kind, _Written(end=garbled.end(), precision="day", garbled=True))
        return None  # a label word with no stamp after it: "Updated with new figures"
    if value := _read_value(line, pos, labelled=False):
        return _Found(pos, None, value)
    return None


def _starts_clause(line: str, index: int) -> bool:
    """True when `index` starts the line or follows a separator (not a word: "Hold deg oppdatert")."""
    before = line[:index].rstrip()
    return not before or before[-1] in SEPARATORS


def _next_label(line: str, pos: int) -> int | None:
    """Returns where the next label that starts a clause begins, at or after `pos`."""
    for match in _LABEL.finditer(line, pos):
        if _starts_clause(line, match.start()):
            return match.start()
    return None


def _scan(line: str) -> tuple[list[_Found], bool]:
    """Finds the stamps written in `line`; the flag says whether the line holds nothing else."""
    found: list[_Found] = []
    only_stamps = True
    pos: int | None = 0
    while pos is not None and (pos := _after(_SKIP, line, pos)) < len(line):
        if item := _read_stamp(line, pos):
            found.append(item)
            pos = item.value.end
        else:
            only_stamps = False
            pos = _next_label(line, pos + 1)
    return found, only_stamps


def is_stamp_line(line: str) -> bool:
    """True when a paragraph consists only of publication/update stamps (metadata, not body text)."""
    # `_scan` stopped at the first thing that is no stamp: every body line is asked, and searching the
    # rest of it for labels (what `parse_stamps` needs) was the costliest part of the structure step.
    pos, found = 0, False
    while (pos := _after(_SKIP, line, pos)) < len(line):
        item = _read_stamp(line, pos) if _STAMP_START.match(line, pos) else None
        if item is None:
            return False
        found, pos = True, item.value.end
    return found


def _may_end_stamp(line: str) -> bool:
    """A necessary condition for a line to end with a stamp: a digit or a word of `_STAMP_ENDINGS` last."""
    while (stripped := line.rstrip().rstrip(_TRAILING)) != line:
        line = stripped
    if not line or line[-1].isdigit():
        return bool(line)
    letters = _TRAILING_LETTERS.search(line, max(0, len(line) - 40))
    if letters is None:
        return False
    word = letters.group()
    # `re` matches `ı`/`İ` as `i` ignoring case, casefold() does not: such a word is not turned away.
    return word.casefold() in _STAMP_ENDINGS or "ı" in word or "İ" in word


def stamp_tails(line: str) -> Iterator[int]:
    """Where, after a space, the rest of the line is stamps only (`Reuters Updated: January 16, 2020`: 8).

    The same answer as asking `is_stamp_line(line[k:])` at every word start k, found by one regex
    over the line first, and only when the line ends as a stamp can: a byline with a stamp glued on
    is looked for in every short body line.
    """
    if not _may_end_stamp(line):
        return
    for start in _TAIL_START.finditer(line):
        if is_stamp_line(line[start.start() :]):
            yield start.start()


def _hour24(clock: _Clock) -> int:
    """Returns the clock's hour on the 24-hour dial (assumes it was checked)."""
    if clock.meridiem is None:
        return clock.hour
    return clock.hour % 12 + (12 if clock.meridiem == "p" else 0)


def _problem(value: _Written) -> str | None:
    """Returns why a written value is no real date or time, or None when it is one."""
    if value.day is not None:
        year, month, day = value.day
        if not 1 <= year <= 9999:
            return f"no year {year}"
        if not 1 <= month <= 12:
            return f"no month {month}"
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"no day {day} in {calendar.month_name[month]} {year}"
    clock = value.clock
    if clock is not None:
        if not (1 <= clock.hour <= 12 if clock.meridiem else 0 <= clock.hour <= 23):
            return f"no hour {clock.hour}"
        if clock.minute > 59 or (clock.second or 0) > 59:
            return f"no time {clock.hour}:{clock.minute:02d}"
        if clock.zone is not None and written_zone(clock.zone) is None:
            return f"unknown zone {clock.zone!r}"
    return None


def _midnight(day: date) -> datetime:
    """Returns a date as the moment it is stored as: its midnight, UTC (a date is not a moment)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _instant(value: _Written, zone: tzinfo, fetched: datetime | None) -> datetime:
    """Returns a checked value as UTC; relative values need the capture time `fetched`.

    Raises OverflowError when the moment falls outside what datetime can hold.
    """
    clock = value.clock
    local = written_zone(clock.zone) if clock is not None and clock.zone is not None else zone
    assert local is not None  # checked by _problem
    if value.ago is not None:
        assert fetched is not None
        if value.precision == "day":
            return _midnight(fetched.astimezone(local).date() - timedelta(days=value.ago.days))
        return (fetched - value.ago).replace(second=0, microsecond=0)
    if value.day is None:  # today, yesterday, or a clock time alone (today)
        assert fetched is not None
        day = fetched.astimezone(local).date() - timedelta(days=value.days_back or 0)
    else:
        day = date(*value.day)
    if clock is None:
        return _midnight(day)
    # fold=0: an autumn time that happens twice is its first occurrence (summer time), and a spring-gap
    # time that never happens is read with the offset before the change.
    hour, second = _hour24(clock), clock.second or 0
    return datetime(
        day.year, day.month, day.day, hour, clock.minute, second, tzinfo=local, fold=0
    ).astimezone(UTC)


def _resolve(
    found: _Found, kind: str, line: str, zone: tzinfo, fetched: datetime | None, after: datetime | None = None
) -> Stamp:
    """Turns a located stamp into a Stamp: UTC time, or None with a warning when it is unreadable.

    A date written without its year takes the year that puts it first on or after `after` (the
    publication), else last on or before `fetched`; with neither it stays text, like a relative stamp.
    """
    value = found.value
    text = line[found.start : value.end].rstrip()
    if value.yearless and value.day is not None:
        anchor = after or fetched
        local = written_zone(value.clock.zone) if value.clock and value.clock.zone else zone
        _, month, day = value.day
        year = None
        if anchor is not None and local is not None and 1 <= month <= 12:
            year = _year_of(month, day, anchor.astimezone(local).date(), following=after is not None)
        if year is None:
            return Stamp(kind, None, value.precision, text, relative=True)
        value = dataclasses.replace(value, day=(year, month, day), yearless=False)
        found = dataclasses.replace(found, value=value)
    if value.garbled:
        return Stamp(kind, None, value.precision, text, value.relative, f"unreadable {kind} stamp {text!r}")
    if problem := _problem(value):
        warning = f"unreadable {kind} stamp {text!r}: {problem}"
        return Stamp(kind, None, value.precision, text, value.relative, warning)
    if value.relative and fetched is None:
        return Stamp(kind, None, value.precision, text, relative=True)
    try:
        at = _instant(value, zone, fetched)
    except OverflowError:
        return Stamp(
            kind, None, value.precision, text, value.relative, f"{kind} stamp {text!r} is out of range"
        )
    return Stamp(kind, at, value.precision, text, value.relative)


def _unlabelled_kind(value: _Written, earlier: list[Stamp], line: str) -> str:
    """Kind of an unlabelled stamp: a relative one is "updated" if the line says so; else first published."""
    if value.relative:
        return "updated" if _UPDATE_WORD.search(line) else "published"
    return "updated" if any(stamp.kind == "published" for stamp in earlier) else "published"


def parse_stamps(
    line: str, *, tz: str, fetched_at: datetime | None = None, after: datetime | None = None
) -> list[Stamp]:
    """Every publication/update stamp in one line, in order of appearance; [] when there is none.

    Args:
        line: one paragraph of text.
        tz: IANA zone the outlet writes local times in (see `zone_for`); ValueError if unknown.
        fetched_at: the capture time (timezone-aware), which relative stamps resolve against.
        after: the publication, when known (timezone-aware): a labelled date written without its
            year (`Oppdatert 3. juli kl. 08.05`) is the first such date from it on.

    Unreadable stamps come back with `at=None` and a `warning`; nothing is raised for bad text.
    """
    zone = zone_named(tz)
    if fetched_at is not None and fetched_at.utcoffset() is None:
        raise ValueError(f"fetched_at must be timezone-aware, got naive {fetched_at.isoformat()}")
    fetched = fetched_at.astimezone(UTC) if fetched_at is not None else None
    found, only_stamps = _scan(line)
    stamps: list[Stamp] = []
    day: tuple[int, int, int] | None = None
    for item in found:
        if item.kind is None and not only_stamps:
            continue  # an unlabelled date inside prose is the story's, not the page's
        value = item.value
        if value.day is not None and not value.yearless:
            day = value.day
        elif day is not None and value.clock is not None and value.ago is None and value.days_back is None:
            # "Publisert 12.03.2024 kl. 09:10, oppdatert kl. 11:42": a time alone after a dated stamp
            # in the same line is on that date, not "today".
            item = dataclasses.replace(item, value=dataclasses.replace(value, day=day))
        kind = item.kind or _unlabelled_kind(item.value, stamps, line)
        stamps.append(_resolve(item, kind, line, zone, fetched, _aware(after, "after")))
    return stamps


def _aware(moment: datetime | None, name: str) -> datetime | None:
    """`moment` in UTC; ValueError when it is naive."""
    if moment is not None and moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC) if moment is not None else None


def note_stamp(
    line: str, *, tz: str, fetched_at: datetime | None = None, after: datetime | None = None
) -> Stamp | None:
    """The update stamp that opens an editor's note in the body (`Update July 3rd, 8:05AM ET: Added
    ARKit explanation and tweet.`, `Oppdatert 3. juli kl. 08.05: ...`), or None.

    Only a labelled update stamp at the very start of the paragraph, followed by a colon or dash and
    the note, counts: a date inside prose is the story's. Arguments as for `parse_stamps`.
    """
    if not _LABEL.match(line):
        return None
    found = _read_stamp(line, 0)
    if (
        found is None
        or found.kind != "updated"
        or found.value.garbled
        or not _NOTE_AFTER.match(line, found.value.end)
    ):
        return None
    zone = zone_named(tz)
    fetched = _aware(fetched_at, "fetched_at")
    return _resolve(found, "updated", line, zone, fetched, _aware(after, "after"))
