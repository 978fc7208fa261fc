"""Machine-written dates: ISO 8601, RFC 822/2822 (RSS), bare partial dates (`2019-04`)."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, tzinfo

from pipelines.timestamps.words import MONTHS, key
from pipelines.timestamps.zones import written_zone, zone_named

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
# Java's `Date.toString()` (`Tue Jan 28 15:28:56 CET 2020`, in CMS exports and JSON-LD) and
# JavaScript's (`Tue Jan 28 2020 15:28:56 GMT+0100 (Central European Standard Time)`): the zone
# stands between the clock and the year, or after the year with its name in brackets.
_JAVA_DATETIME = re.compile(
    r"[a-z]{3}\s+(?P<month>[a-z]{3})\s+(?P<day>\d{1,2})\s+(?:(?P<year1>\d{4})\s+)?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s+(?P<zone>[a-z]{1,5}(?:[+-]\d{2}:?\d{2})?)"
    r"(?(year1)|\s+(?P<year2>\d{4}))(?:\s*\([^()]*\))?",
    re.IGNORECASE,
)


def _machine_zone(text: str | None, default: tzinfo) -> tzinfo:
    """Returns the zone of a machine date's offset or abbreviation; `default` when it has none."""
    if text is None:
        return default
    if text == "-0000":  # RFC 2822: UTC, the sender's own zone unknown
        return UTC
    zone = written_zone(text.upper())
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
    """Reads a machine-written date (ISO 8601, RFC 822/2822 as in RSS, Java/JavaScript `Date.toString()`,
    a bare date) -> (UTC datetime, precision).

    Values with an offset/zone use it; naive values are local wall-clock time in `tz`.
    Returns None for empty input; raises ValueError (clear message) for a value it cannot read.
    A bare date ("2019-04-30", "2019-04", "2019") is read as by `parse_partial_date`. An RFC 822
    weekday is ignored (feeds get it wrong; the date is authoritative); two-digit RFC years follow
    RFC 2822 (00-49 -> 20xx, 50-99 -> 19xx).
    """
    if value is None or not value.strip():
        return None
    zone = zone_named(tz)
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text):
        return parse_partial_date(text)
    if match := _ISO_DATETIME.fullmatch(text):
        precision = "minute" if match["second"] is None else "second"
        return _machine_instant(match, int(match["year"]), int(match["month"]), zone, value), precision
    if match := _RFC822_DATETIME.fullmatch(text):
        month = MONTHS.get(key(match["month"]))
        if month is None:
            raise ValueError(f"unreadable machine date {value!r}: no month {match['month']!r}")
        year = int(match["year"])
        if len(match["year"]) == 2:
            year += 2000 if year < 50 else 1900
        precision = "minute" if match["second"] is None else "second"
        return _machine_instant(match, year, month, zone, value), precision
    if match := _JAVA_DATETIME.fullmatch(text):
        month = MONTHS.get(key(match["month"]))
        if month is None:
            raise ValueError(f"unreadable machine date {value!r}: no month {match['month']!r}")
        precision = "minute" if match["second"] is None else "second"
        year = int(match["year1"] or match["year2"])
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
