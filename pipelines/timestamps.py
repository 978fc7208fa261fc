"""Publication and update stamps, read as written in the outlet's zone and returned as UTC.

News pages print their stamps in local wall-clock time, in the outlet's language and habits
(`Publisert: 30.04.19 kl. 17:49`, `Updated 18:15 BST, 30 April 2019`, `Oppdatert nå nettopp`). This
module reads them with a small explicit grammar (labels, month names and relative phrases per language)
and zoneinfo, not dateparser: dateparser returns nothing for `Oppdatert nå nettopp` and reads
`04.05.19` month-first unless told the language.

Decisions (each one has a test):

- Numeric dates are day-first (`dd.mm.yy`, `dd/mm/yyyy`), never month-first; two-digit years are 20yy.
- A local time that happens twice (the autumn fold) is read as the first occurrence (PEP 495 `fold=0`,
  still summer time): Oslo 2019-10-27 02:30 is 00:30 UTC.
- A local time that never happens (the spring gap) is read with the offset in force before the change
  (also `fold=0`), as if the clock had not yet been moved: Oslo 2019-03-31 02:30 is 01:30 UTC, the
  same instant as 03:30 CEST.
- A date without a time is a date, not a moment: midnight UTC of the date as written, precision "day".
- Relative stamps (`nå nettopp`, `i går kl. 18:15`, `2 hours ago`) resolve against the capture time
  `fetched_at` in the outlet's zone; without it their `at` is None. A time is never invented.
  "N seconds/minutes/hours ago" and "just now" are precise to the minute (seconds dropped); "N days
  ago" and "yesterday" without a time are dates; "less than 30 minutes ago" reads as "30 minutes ago".
  An unlabelled relative stamp is "updated" when the line has an update word, else "published".
- Inside other text only a labelled stamp counts, and only where the label starts a clause (so
  `Hold deg oppdatert` is no stamp); unlabelled stamps count only when the line is nothing else.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True, slots=True)
class Stamp:
    """One publication or update stamp found in a line, resolved to UTC where it can be."""

    kind: str  # "published" or "updated"
    at: datetime | None  # timezone-aware UTC; None when relative with no capture time, or unreadable
    precision: str  # "second" | "minute" | "day" | "month" | "year"
    text: str  # the stamp exactly as written in the line
    relative: bool = False
    warning: str | None = None  # set when a stamp was recognised but could not be read (then at is None)


_LANGUAGE_ZONES: Mapping[str, str] = MappingProxyType(
    {
        "no": "Europe/Oslo",
        "nb": "Europe/Oslo",
        "nn": "Europe/Oslo",
        "da": "Europe/Copenhagen",
        "sv": "Europe/Stockholm",
        "fi": "Europe/Helsinki",
        "de": "Europe/Berlin",
        "nl": "Europe/Amsterdam",
        "es": "Europe/Madrid",
        "en": "Europe/London",
    }
)

# The word tables keep one language to a line, which the formatter would undo: hence `fmt: skip`.
_PUBLISHED_LABELS = (
    "publisert", "først publisert",  # Norwegian (Bokmål and Nynorsk)
    "publiceret", "udgivet", "først publiceret",  # Danish
    "publicerad", "publicerat", "först publicerad",  # Swedish
    "published", "first published", "posted",  # English
    "veröffentlicht", "erstveröffentlichung",  # German
    "publicado", "publicada",  # Spanish
    "julkaistu",  # Finnish
    "gepubliceerd", "geplaatst",  # Dutch
)  # fmt: skip
_UPDATED_LABELS = (
    "oppdatert", "sist oppdatert", "sist endret",  # Norwegian (Bokmål and Nynorsk)
    "opdateret", "senest opdateret", "sidst opdateret",  # Danish
    "uppdaterad", "uppdaterat", "senast uppdaterad",  # Swedish
    "updated", "last updated", "last modified",  # English
    "aktualisiert", "zuletzt aktualisiert",  # German
    "actualizado", "actualizada", "última actualización",  # Spanish
    "päivitetty",  # Finnish
    "bijgewerkt", "laatst bijgewerkt",  # Dutch
)  # fmt: skip

_MONTHS: Mapping[str, int] = MappingProxyType(
    {
        # Norwegian (Bokmål and Nynorsk) and Danish
        "januar": 1, "februar": 2, "mars": 3, "marts": 3, "april": 4, "mai": 5, "maj": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
        "december": 12,
        # Swedish
        "januari": 1, "februari": 2, "augusti": 8,
        # English
        "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
        # German
        "jänner": 1, "märz": 3, "dezember": 12,
        # Dutch
        "maart": 3, "mei": 5, "augustus": 8,
        # Spanish
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
        "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
        # Finnish, in the partitive a date uses ("30. huhtikuuta 2019") and the nominative
        "tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4, "toukokuuta": 5,
        "kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8, "syyskuuta": 9, "lokakuuta": 10,
        "marraskuuta": 11, "joulukuuta": 12, "tammikuu": 1, "helmikuu": 2, "maaliskuu": 3,
        "huhtikuu": 4, "toukokuu": 5, "kesäkuu": 6, "heinäkuu": 7, "elokuu": 8, "syyskuu": 9,
        "lokakuu": 10, "marraskuu": 11, "joulukuu": 12,
        # abbreviations, written with or without a full stop
        "jan": 1, "feb": 2, "febr": 2, "mar": 3, "mrt": 3, "mär": 3, "apr": 4, "jun": 6, "jul": 7,
        "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12, "dez": 12,
        "ene": 1, "abr": 4, "ago": 8, "dic": 12,
    }
)  # fmt: skip

_WEEKDAYS = (
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",  # Norwegian, Danish
    "måndag", "tysdag", "laurdag", "sundag",  # Nynorsk
    "tisdag", "lördag", "söndag",  # Swedish
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai",
    "maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
)  # fmt: skip

# Relative phrases. "Just now" is the capture time itself.
_JUST_NOW_WORDS = (
    "nå nettopp", "nettopp nå", "akkurat nå", "nettopp",  # Norwegian
    "lige nu", "netop nu", "netop",  # Danish
    "just nu", "alldeles nyss", "nyss",  # Swedish
    "just now", "moments ago", "a moment ago",  # English
    "gerade eben", "soeben",  # German
    "ahora mismo", "hace un momento",  # Spanish
    "juuri nyt", "hetki sitten",  # Finnish
    "zojuist", "zonet",  # Dutch
)  # fmt: skip
_DAYS_BACK: Mapping[str, int] = MappingProxyType(
    {
        "i dag": 0, "idag": 0, "i går": 1, "igår": 1, "i forgårs": 2, "i förrgår": 2,  # Nordic
        "today": 0, "yesterday": 1,
        "heute": 0, "gestern": 1, "vorgestern": 2,
        "hoy": 0, "ayer": 1, "anteayer": 2,
        "tänään": 0, "eilen": 1, "toissapäivänä": 2,
        "vandaag": 0, "gisteren": 1, "eergisteren": 2,
    }
)  # fmt: skip
_UNIT_SECONDS: Mapping[str, int] = MappingProxyType(
    {
        "sekund": 1, "sekunder": 1, "sekunde": 1, "sekunden": 1, "second": 1, "seconds": 1, "sec": 1,
        "secs": 1, "segundo": 1, "segundos": 1, "sekunti": 1, "sekuntia": 1, "seconde": 1, "seconden": 1,
        "minutt": 60, "minutter": 60, "minut": 60, "minuter": 60, "minute": 60, "minutes": 60, "min": 60,
        "mins": 60, "minuten": 60, "minuto": 60, "minutos": 60, "minuutti": 60, "minuuttia": 60,
        "minuut": 60,
        "time": 3600, "timer": 3600, "timme": 3600, "timmar": 3600, "hour": 3600, "hours": 3600,
        "hr": 3600, "hrs": 3600, "stunde": 3600, "stunden": 3600, "hora": 3600, "horas": 3600,
        "tunti": 3600, "tuntia": 3600, "uur": 3600,
        "dag": 86400, "dager": 86400, "døgn": 86400, "dage": 86400, "dagar": 86400, "day": 86400,
        "days": 86400, "tag": 86400, "tage": 86400, "tagen": 86400, "día": 86400, "días": 86400,
        "päivä": 86400, "päivää": 86400, "dagen": 86400,
    }
)  # fmt: skip
_NUMBER_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "en": 1, "ett": 1, "et": 1, "ei": 1, "én": 1, "an": 1, "a": 1, "one": 1, "einer": 1, "einem": 1,
        "un": 1, "una": 1, "yksi": 1, "een": 1, "één": 1,
        "to": 2, "två": 2, "two": 2, "zwei": 2, "dos": 2, "kaksi": 2, "twee": 2,
    }
)  # fmt: skip
# "less than 30 minutes ago" reads as "30 minutes ago": the figure the page gave, nothing guessed.
_QUALIFIERS = (
    "mindre enn", "mindre end", "mindre än", "under", "over", "cirka", "ca.", "omkring", "rundt",
    "drøyt", "knapt", "mer enn", "mere end", "mer än", "less than", "about", "around", "over",
    "more than", "nearly", "almost", "weniger als", "etwa", "über", "mehr als", "menos de", "unos",
    "unas", "más de", "alle", "noin", "yli", "minder dan", "ongeveer", "meer dan", "bijna",
)  # fmt: skip

# Zone abbreviations written after a clock time. Fixed ones are offsets in minutes (BST is British
# summer time, +01:00; CST is the US Central zone, as RFC 822 defines it); the loose US ones
# ("ET") follow daylight saving, so they name a zone.
_ZONE_OFFSETS: Mapping[str, int] = MappingProxyType(
    {
        "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "MEZ": 60,
        "CEST": 120, "MESZ": 120, "EET": 120, "EEST": 180,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
        "PDT": -420,
    }
)  # fmt: skip
_ZONE_NAMES: Mapping[str, str] = MappingProxyType(
    {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
)

# Characters that may separate stamps on a line, or end the clause before a label.
_SEPARATORS = "|,;:()[]/.!?-\u00b7\u2022\u2013\u2014"


def _alternation(words: Iterable[str]) -> str:
    """Returns a regex alternation of `words`, longest first, a space matching any run of whitespace."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def _key(text: str) -> str:
    """Returns the lookup key of a matched word: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


_LABEL = re.compile(
    rf"(?<!\w)(?:(?P<published>{_alternation(_PUBLISHED_LABELS)})|(?P<updated>{_alternation(_UPDATED_LABELS)}))"
    # "Aktualisiert am", "Bijgewerkt op", "Actualizado el", "Updated on", "Publicerad den"
    r"(?!\w)\s*:?\s*(?:(?:am|on|op|el|le|den)\s+|d\.\s*)?",
    re.IGNORECASE,
)
_UPDATE_WORD = re.compile(rf"(?<!\w)(?:{_alternation(_UPDATED_LABELS)})(?!\w)", re.IGNORECASE)
_SKIP = re.compile(rf"[\s{re.escape(_SEPARATORS)}]*")

_MONTH = rf"(?P<month>{_alternation(_MONTHS)})(?!\w)\.?"
_WEEKDAY = re.compile(rf"(?:{_alternation(_WEEKDAYS)})(?!\w)\.?,?\s+(?:(?:den|d\.)\s*)?", re.IGNORECASE)
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
_TIME = re.compile(
    r"(?:(?:kl|klo|klokka|klokken|klockan|at|um|a\s+las|om|\u00e0)\.?\s*)?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?(?!\d)"
    r"(?:\s*(?P<meridiem>[ap])\.?\s?m\.?(?!\w))?"
    r"(?:\s*(?:uhr|h)(?!\w))?",
    re.IGNORECASE,
)
# Case-sensitive on purpose: "ET" is a zone after a time, "et" a Danish word.
_ZONE = re.compile(
    rf"\s*(?P<zone>(?:{_alternation([*_ZONE_OFFSETS, *_ZONE_NAMES])})(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?"
    r"|[+-]\d{2}:?\d{2})(?!\w)"
)
_ZONE_PARTS = re.compile(r"(?P<abbr>[A-Z]*)(?:(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?")
_DATE_CLOCK_GAP = re.compile(r"T(?=\d)|\s*(?:[,|/\u2013\u2014-]\s*)?")
_CLOCK_DATE_GAP = re.compile(r"\s*(?:[,|\u2013\u2014-]\s*)?(?:(?:on|den|am|le|el|op)\s+)?", re.IGNORECASE)
_DAY_CLOCK_GAP = re.compile(r"\s*,?\s*")

_NUMBER = rf"(?P<number>\d{{1,4}}|{_alternation(_NUMBER_WORDS)})"
_UNIT = rf"(?P<unit>{_alternation(_UNIT_SECONDS)})(?!\w)"
_QUALIFIER = rf"(?:(?:{_alternation(_QUALIFIERS)})\s+)?"
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
_JUST_NOW = re.compile(rf"(?:{_alternation(_JUST_NOW_WORDS)})(?!\w)", re.IGNORECASE)
_DAY_WORD = re.compile(rf"(?P<word>{_alternation(_DAYS_BACK)})(?!\w)", re.IGNORECASE)
# Something date-like closing a label's clause that the grammar cannot read: reported, not skipped.
# It must end the clause, so a label opening a sentence ("Updated 2.0 version...") is no stamp.
_GARBLED = re.compile(
    r"\d{1,4}[./:-]\d[\d./:-]*(?:\s+(?:(?:kl|klo|at|um)\.?\s*)?\d{1,2}[.:]\d[\d.:]*)?"
    r"(?=\s*(?:$|[|,;\u00b7\u2022\u2013\u2014]))",
    re.IGNORECASE,
)

_PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_ISO_DATETIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_RFC822_DATETIME = re.compile(
    r"(?:[a-z]{2,9}\.?,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[a-z]{3,9})\.?\s+(?P<year>\d{4}|\d{2})"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<zone>[+-]\d{4}|[a-z]{1,5}))?",
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

    @property
    def relative(self) -> bool:
        """True when the value only means something against the capture time."""
        return (
            self.ago is not None
            or self.days_back is not None
            or (self.day is None and self.clock is not None)
        )


@dataclass(frozen=True, slots=True)
class _Found:
    """A stamp located in a line: where it starts, its label's kind (None if unlabelled), its value."""

    start: int
    kind: str | None
    value: _Written


def _zone(name: str) -> ZoneInfo:
    """Returns the IANA zone `name`; ValueError when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:
        raise ValueError(
            f"unknown time zone {name!r}: expected an IANA zone name such as 'Europe/Oslo'"
        ) from err


def zone_for(lang: str | None, *, hint: str | None = None) -> str:
    """IANA zone an outlet writing in `lang` uses; an explicit valid `hint` zone wins.

    Only the primary language subtag counts (`nb-NO` -> `nb`); an unknown or missing language gives
    "UTC". An invalid `hint` raises ValueError.
    """
    if hint is not None:
        _zone(hint)
        return hint
    primary = re.split(r"[-_]", lang.strip().casefold(), maxsplit=1)[0] if lang else ""
    return _LANGUAGE_ZONES.get(primary, "UTC")


def _year(text: str) -> int:
    """Returns a written year, two digits meaning 20yy."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def _read_bare_date(line: str, pos: int) -> tuple[tuple[int, int, int], int] | None:
    """Reads a calendar date starting exactly at `pos`: ((year, month, day), end)."""
    for pattern in (_NUMERIC_DATE, _ISO_DATE):
        if match := pattern.match(line, pos):
            return (_year(match["year"]), int(match["month"]), int(match["day"])), match.end()
    for pattern in (_DAY_MONTH_DATE, _MONTH_DAY_DATE):
        if (match := pattern.match(line, pos)) and (month := _MONTHS.get(_key(match["month"]))):
            return (int(match["year"]), month, int(match["day"])), match.end()
    return None


def _read_date(line: str, pos: int) -> tuple[tuple[int, int, int], int] | None:
    """Reads a calendar date, perhaps after a weekday name, starting exactly at `pos`."""
    if (weekday := _WEEKDAY.match(line, pos)) and (found := _read_bare_date(line, weekday.end())):
        return found
    return _read_bare_date(line, pos)


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
        count = int(word) if word.isdecimal() else _NUMBER_WORDS.get(_key(word))
        unit = _UNIT_SECONDS.get(_key(match["unit"]))
        if count is not None and unit is not None:
            precision = "day" if unit == 86400 else "minute"
            return _Written(end=match.end(), precision=precision, ago=timedelta(seconds=count * unit))
    if (match := _DAY_WORD.match(line, pos)) and (days := _DAYS_BACK.get(_key(match["word"]))) is not None:
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
    return not before or before[-1] in _SEPARATORS


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
    found, only_stamps = _scan(line)
    return only_stamps and bool(found)


def _written_zone(text: str) -> tzinfo | None:
    """Returns the zone a written abbreviation or offset stands for ("BST", "ET", "GMT+2"); None if none."""
    match = _ZONE_PARTS.fullmatch(text)
    if not match:
        return None
    abbr = match["abbr"]
    if abbr in _ZONE_NAMES:
        return ZoneInfo(_ZONE_NAMES[abbr]) if match["sign"] is None else None
    if abbr and abbr not in _ZONE_OFFSETS:
        return None
    offset = 0
    if match["sign"]:
        hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
        if minutes >= 60:
            return None
        offset = (hours * 60 + minutes) * (-1 if match["sign"] == "-" else 1)
    total = _ZONE_OFFSETS.get(abbr, 0) + offset
    if abs(total) >= 24 * 60:
        return None
    return UTC if total == 0 else timezone(timedelta(minutes=total))


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
        if clock.zone is not None and _written_zone(clock.zone) is None:
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
    local = _written_zone(clock.zone) if clock is not None and clock.zone is not None else zone
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


def _resolve(found: _Found, kind: str, line: str, zone: tzinfo, fetched: datetime | None) -> Stamp:
    """Turns a located stamp into a Stamp: UTC time, or None with a warning when it is unreadable."""
    value = found.value
    text = line[found.start : value.end].rstrip()
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


def parse_stamps(line: str, *, tz: str, fetched_at: datetime | None = None) -> list[Stamp]:
    """Every publication/update stamp in one line, in order of appearance; [] when there is none.

    Args:
        line: one paragraph of text.
        tz: IANA zone the outlet writes local times in (see `zone_for`); ValueError if unknown.
        fetched_at: the capture time (timezone-aware), which relative stamps resolve against.

    Unreadable stamps come back with `at=None` and a `warning`; nothing is raised for bad text.
    """
    zone = _zone(tz)
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
        if value.day is not None:
            day = value.day
        elif day is not None and value.clock is not None and value.ago is None and value.days_back is None:
            # "Publisert 12.03.2024 kl. 09:10, oppdatert kl. 11:42": a time alone after a dated stamp
            # in the same line is on that date, not "today".
            item = dataclasses.replace(item, value=dataclasses.replace(value, day=day))
        kind = item.kind or _unlabelled_kind(item.value, stamps, line)
        stamps.append(_resolve(item, kind, line, zone, fetched))
    return stamps


def _machine_zone(text: str | None, default: tzinfo) -> tzinfo:
    """Returns the zone of a machine date's offset or abbreviation; `default` when it has none."""
    if text is None:
        return default
    if text == "-0000":  # RFC 2822: UTC, the sender's own zone unknown
        return UTC
    zone = _written_zone(text.upper())
    if zone is None:
        raise ValueError(f"unknown zone {text!r}")
    return zone


def _machine_instant(match: re.Match[str], year: int, month: int, default: tzinfo, value: str) -> datetime:
    """Returns a matched machine date-time, in its own zone or else `default`, as UTC.

    Raises ValueError naming `value` when the fields are no real moment.
    """
    fraction = (match.groupdict().get("fraction") or "").ljust(6, "0")[:6]
    try:
        zone = _machine_zone(match["zone"], default)
        day, hour, minute, second = (int(match[name] or 0) for name in ("day", "hour", "minute", "second"))
        written = datetime(year, month, day, hour, minute, second, int(fraction), tzinfo=zone, fold=0)
        return written.astimezone(UTC)
    except (ValueError, OverflowError) as err:
        raise ValueError(f"unreadable machine date {value!r}: {err}") from err


def parse_machine_datetime(value: str, *, tz: str) -> tuple[datetime, str] | None:
    """Reads a machine-written date (ISO 8601, RFC 822/2822 as in RSS, a bare date) -> (UTC datetime, precision).

    Values with an offset/zone use it; naive values are local wall-clock time in `tz`.
    Returns None for empty input; raises ValueError (clear message) for a value it cannot read.
    A bare date ("2019-04-30", "2019-04", "2019") is read as by `parse_partial_date`. An RFC 822
    weekday is ignored (feeds get it wrong; the date is authoritative); two-digit RFC years follow
    RFC 2822 (00-49 -> 20xx, 50-99 -> 19xx).
    """
    if value is None or not value.strip():
        return None
    zone = _zone(tz)
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text):
        return parse_partial_date(text)
    if match := _ISO_DATETIME.fullmatch(text):
        precision = "minute" if match["second"] is None else "second"
        return _machine_instant(match, int(match["year"]), int(match["month"]), zone, value), precision
    if match := _RFC822_DATETIME.fullmatch(text):
        month = _MONTHS.get(_key(match["month"]))
        if month is None:
            raise ValueError(f"unreadable machine date {value!r}: no month {match['month']!r}")
        year = int(match["year"])
        if len(match["year"]) == 2:
            year += 2000 if year < 50 else 1900
        precision = "minute" if match["second"] is None else "second"
        return _machine_instant(match, year, month, zone, value), precision
    raise ValueError(f"unreadable machine date {value!r}: expected ISO 8601, RFC 822/2822 or a bare date")


def parse_partial_date(value: str) -> tuple[datetime, str]:
    """'2019-04' -> (2019-04-01 00:00 UTC, 'month'); '2019' -> year; '2019-04-30' -> day.

    A date is not a moment, so no zone conversion. ValueError on anything else.
    """
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"not a partial date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    precision = "day" if match["day"] else "month" if match["month"] else "year"
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"not a real date {value!r}")
    return datetime(year, month, day, tzinfo=UTC), precision
