"""Article -> Article with `published_at`, `updated_at` and every update, in UTC.

Times come from the source's metadata (feed entry dates, HTML meta, JSON fields), the stamp lines
the structure step set aside (`Publisert: 30.04.19 kl. 17:49 Oppdatert: ...`), an editor's note opening
a body paragraph (`Update July 3rd, 8:05AM ET: ...`), and the header date
(` date 2019-04`). Local wall-clock times are read in the zone of the article's language (or the
zone the user names), DST-correct. A stamp that cannot be read becomes a warning, never a guess;
a relative stamp with no capture time is kept as text (`relative_stamps`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import partial
from zoneinfo import ZoneInfo

import apache_beam as beam

from pipelines.deadletters import guarded
from pipelines.timestamps import (
    note_stamp,
    parse_machine_datetime,
    parse_partial_date,
    parse_stamps,
    zone_for,
)
from schemas import Article

_PRECISIONS = ("year", "month", "day", "minute", "second")
_FINE = ("minute", "second")


def _read_metadata(
    value: str | None, label: str, tz: str, warnings: list[str]
) -> tuple[dt.datetime, str] | None:
    if not value or not value.strip():
        return None
    try:
        return parse_machine_datetime(value, tz=tz)
    except ValueError as exc:
        # Hand-made feeds and JSON exports often carry the site's own stamp (`11.03.2024 07:15`).
        for stamp in parse_stamps(value, tz=tz):
            if stamp.at is not None:
                return stamp.at, stamp.precision
        warnings.append(f"unreadable {label} date {value!r}: {exc}")
        return None


_OFFSET = re.compile(r"(?:(?P<utc>Z|GMT|UTC)|(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2}))\s*$")


def _stated_zone(text: str | None) -> str | None:
    """The zone a machine date states by its whole-hour offset (`+0800` -> `Etc/GMT-8`), else None."""
    match = _OFFSET.search(text.strip()) if text else None
    if match is None:
        return None
    if match["utc"]:
        return "UTC"
    hours, minutes = int(match["hours"]), int(match["minutes"])
    if minutes or hours > 14:
        return None
    # POSIX-style names count the other way round: Etc/GMT-8 is eight hours ahead of UTC.
    return "UTC" if hours == 0 else f"Etc/GMT{'-' if match['sign'] == '+' else '+'}{hours}"


def _minute(at: dt.datetime) -> dt.datetime:
    """The moment truncated to its minute, the finest unit a page prints."""
    return at.replace(second=0, microsecond=0)


_MAX_SHIFT_HOURS = 14  # the widest UTC offset in use


def _printed_zone(article: Article, tz: str) -> str | None:
    """The zone the page prints its times in, when that is not `tz`: a printed stamp of a kind
    (`updated December 27, 2014 at 12:10 PM`) that is the same-kind machine time with a stated offset
    (`2014-12-27T17:10:17Z`) shifted by whole hours says the page prints in that offset (UTC-5 here),
    so its unzoned times (`Saturday, December 27, 2014, 12:06 PM`) are read there, not in a zone
    guessed from the language. A fixed offset, learnt from one moment: None when nothing shows it."""
    machine: list[tuple[str, dt.datetime]] = []
    for kind, text in (("published", article.published_text), ("updated", article.updated_text)):
        if _stated_zone(text) is None:
            continue
        try:
            read = parse_machine_datetime(text or "", tz=tz)
        except ValueError:
            continue  # reported by the reading itself
        if read is not None:
            machine.append((kind, _minute(read[0])))
    if not machine:
        return None
    local = ZoneInfo(tz)
    for line in article.stamp_lines:
        for stamp in parse_stamps(line, tz=tz):
            if stamp.at is None or stamp.relative or stamp.precision not in _FINE:
                continue
            wall = stamp.at.astimezone(local).replace(tzinfo=dt.UTC)  # the clock as printed, read as UTC
            for kind, moment in machine:
                if kind != stamp.kind or _minute(stamp.at) == moment:
                    continue
                hours, rest = divmod(_minute(wall) - moment, dt.timedelta(hours=1))
                if not rest and abs(hours) <= _MAX_SHIFT_HOURS:
                    # POSIX-style names count the other way round: Etc/GMT+5 is five hours behind UTC.
                    return "UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return None


def date_article(article: Article, *, zone: str | None = None) -> Article:
    """Fills the article's publication and update times from its metadata, stamps and header."""
    tz = zone_for(article.lang, hint=zone)
    if zone is None:
        tz = _printed_zone(article, tz) or tz  # a zone the user names is not second-guessed
    warnings = list(article.warnings)
    published = _read_metadata(article.published_text, "published", tz, warnings)
    metadata_updated = _read_metadata(article.updated_text, "updated", tz, warnings)

    publications: list[tuple[dt.datetime, str]] = [published] if published else []
    updates: list[tuple[dt.datetime, str]] = []
    relative: list[str] = []
    stated = _stated_zone(article.published_text) if published else None
    # A date printed without its year (`Oppdatert 3. juli kl. 08.05`) follows the publication.
    after = published[0] if published else None
    for line in article.stamp_lines:
        for stamp in parse_stamps(line, tz=tz, fetched_at=article.fetched_at, after=after):
            if stamp.at is not None and published and stated and stated != tz and stamp.at != published[0]:
                # The text may be written in the zone the item's own dates state: a stamp that, read
                # there, is the publication itself repeats it (not an update hours later). Compared to
                # the minute: the page prints `15:30` for a machine `15:30:55+00:00`.
                again = [s.at for s in parse_stamps(stamp.text, tz=stated, fetched_at=article.fetched_at)]
                if _minute(published[0]) in {_minute(at) for at in again if at is not None}:
                    continue
            if stamp.warning:
                warnings.append(f"unreadable stamp {stamp.text!r}: {stamp.warning}")
            if stamp.at is None:
                if stamp.relative:
                    relative.append(stamp.text)
                continue
            (publications if stamp.kind == "published" else updates).append((stamp.at, stamp.precision))
    if metadata_updated is not None:
        updates.append(metadata_updated)
    # An editor's note opening a body paragraph (`Update July 3rd, 8:05AM ET: Added ...`) states an
    # update the metadata may not: the note stays body, its stamp counts.
    for paragraph in article.body.split("\n\n"):
        note = note_stamp(paragraph, tz=tz, fetched_at=article.fetched_at, after=after)
        if note is not None and note.at is not None:
            updates.append((note.at, note.precision))
    # The earliest publication time is the publication; a later one is the outlet re-publishing the
    # item (feeds often move <pubDate> to the time of the latest update), so it counts as an update.
    if any(p[1] in _FINE for p in publications):
        publications = [p for p in publications if p[1] in _FINE]  # a bare date says less than a time
    publications.sort(key=lambda p: p[0])
    published = publications[0] if publications else None
    updates.extend(publications[1:])

    date_source, precision = "ingested", None
    if published is None and article.header_date:
        try:
            published = parse_partial_date(article.header_date)
            date_source = "header"
        except ValueError as exc:
            warnings.append(f"unreadable header date {article.header_date!r}: {exc}")
    elif published is not None:
        date_source = "published"
    if published is not None:
        precision = published[1]

    published_at = published[0] if published else None
    # An "update" at or before publication is the feed or page repeating its publication time; one in
    # the same minute is the editor's second save (`17:43:00` then `17:43:48`, both printed `17:43`).
    if published_at is not None and date_source != "header":
        updates = [u for u in updates if _minute(u[0]) > _minute(published_at)]
    update_times = sorted({at for at, _ in updates})
    updated_at = update_times[-1] if update_times else None
    if updated_at is not None:
        date_source = "updated"
        precision = max((p for at, p in updates if at == updated_at), key=_PRECISIONS.index)

    return dataclasses.replace(
        article,
        published_at=published_at,
        updated_at=updated_at,
        updates=tuple(update_times),
        date_precision=precision,
        date_source=date_source,
        relative_stamps=tuple(relative),
        warnings=tuple(warnings),
    )


class StampUpdates(beam.PTransform):
    """Article -> Article with publication and update times in UTC."""

    def __init__(self, *, zone: str | None = None):
        super().__init__()
        if zone is not None:
            zone_for(None, hint=zone)  # raises ValueError now for an unknown zone, not per element
        self._zone = zone

    def expand(self, articles):
        return articles | "Stamp" >> beam.Map(guarded("timestamps", partial(date_article, zone=self._zone)))
