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

from pipelines.timestamps.machine import parse_machine_datetime, parse_partial_date
from pipelines.timestamps.text import Stamp, is_stamp_line, note_stamp, parse_stamps, stamp_tails
from pipelines.timestamps.zones import zone_for

__all__ = [
    "Stamp",
    "is_stamp_line",
    "note_stamp",
    "parse_machine_datetime",
    "parse_partial_date",
    "parse_stamps",
    "stamp_tails",
    "zone_for",
]
