"""Zones: the outlet's zone by language, IANA names checked, and zones written after a clock time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, timedelta, timezone, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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

# Zone abbreviations written after a clock time. Fixed ones are offsets in minutes (BST is British
# summer time, +01:00; CST is the US Central zone, as RFC 822 defines it); the loose US ones
# ("ET") follow daylight saving, so they name a zone.
ZONE_OFFSETS: Mapping[str, int] = MappingProxyType(
    {
        "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "MEZ": 60,
        "CEST": 120, "MESZ": 120, "EET": 120, "EEST": 180,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
        "PDT": -420,
    }
)  # fmt: skip
ZONE_NAMES: Mapping[str, str] = MappingProxyType(
    {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
)
_ZONE_PARTS = re.compile(r"(?P<abbr>[A-Z]*)(?:(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?")


def zone_named(name: str) -> ZoneInfo:
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
        zone_named(hint)
        return hint
    primary = re.split(r"[-_]", lang.strip().casefold(), maxsplit=1)[0] if lang else ""
    return _LANGUAGE_ZONES.get(primary, "UTC")


def written_zone(text: str) -> tzinfo | None:
    """Returns the zone a written abbreviation or offset stands for ("BST", "ET", "GMT+2"); None if none."""
    match = _ZONE_PARTS.fullmatch(text)
    if not match:
        return None
    abbr = match["abbr"]
    if abbr in ZONE_NAMES:
        return ZoneInfo(ZONE_NAMES[abbr]) if match["sign"] is None else None
    if abbr and abbr not in ZONE_OFFSETS:
        return None
    offset = 0
    if match["sign"]:
        hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
        if minutes >= 60:
            return None
        offset = (hours * 60 + minutes) * (-1 if match["sign"] == "-" else 1)
    total = ZONE_OFFSETS.get(abbr, 0) + offset
    if abs(total) >= 24 * 60:
        return None
    return UTC if total == 0 else timezone(timedelta(minutes=total))
