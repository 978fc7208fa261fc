"""The visual report: one self-contained HTML file of charts and tables over a lake.

`build_report(con)` reads the DuckDB views `articles`, `dead_letters`, `inputs` and `runs` and returns
the page. Charts are Vega-Lite specs made with Altair, drawn in the browser by vl-convert's Vega bundle,
which is inlined: the file opens without a network. Every figure is computed here in SQL, so the page
shows exact counts and a test can read them back from the rendered SVG. A view that is empty or absent
gives its section a sentence saying so, never an error.
"""

from __future__ import annotations

import datetime as dt
import decimal
import html
from typing import Any

import duckdb

from pipelines.report_page import (
    Page,
    bars_over_time,
    captions_chart,
    palette_of,
    ranking,
    readable_time,
    runs_chart,
    timeline_chart,
)

# The windows of the time charts, back from the latest article: hours for a newsroom's day, days for a
# season; older articles are counted in the chart's caption, not drawn as sub-pixel bars.
HOURS_SHOWN = 48
DAYS_SHOWN = 92
TOP = 15  # bars in a ranking (sources, bylines, agencies, reasons)
SOURCE_COLOURS = 8  # sources that get their own colour in the per-source charts; the rest are "other"
STORIES_SHOWN = 10  # stories in the update timeline

# An article's own time: when it was published, else when it was updated (undated ones are counted).
_NEWS_TIME = "coalesce(published_at, updated_at)"
# A readable name for a source: a URL without its scheme, a file without its folders.
_SOURCE_NAME = (
    "CASE WHEN {col} LIKE '%://%' THEN regexp_replace({col}, '^[a-z]+://(www\\.)?', '')"
    " ELSE regexp_replace({col}, '^.*/', '') END"
)


def _json_value(value: Any) -> Any:
    """A DuckDB value as JSON: times in ISO 8601 (UTC with `Z`), lists and structs kept."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value.isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # DuckDB's sums and decimal literals
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Runs `sql` and returns its rows as JSON-ready dicts."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description or ()]
    return [{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    return row[0] if row else None


def _has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when `name` is a view or table the connection can read."""
    return bool(_scalar(con, f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{name}'"))


# -- the figures ---------------------------------------------------------------------------------------


def _source_name(column: str) -> str:
    return _SOURCE_NAME.format(col=column)


def _per_time(con: duckdb.DuckDBPyConnection, unit: str, span: int) -> dict[str, Any]:
    """Articles per `unit` (hour or day, UTC) by language and source, in the last `span` units.

    Returns `rows` (bucket, lang, source, articles), the window (`start`, `end`, end exclusive) and the
    articles not drawn: `undated`, and `older` than the window.
    """
    top_sources = (
        f"SELECT {_source_name('source')} AS name FROM articles GROUP BY name "
        f"ORDER BY count(*) DESC, name LIMIT {SOURCE_COLOURS}"
    )
    window = f"""
        dated AS (
            SELECT date_trunc('{unit}', timezone('UTC', {_NEWS_TIME})) AS bucket, lang,
                   {_source_name("source")} AS name
            FROM articles WHERE {_NEWS_TIME} IS NOT NULL),
        span AS (
            SELECT max(bucket) - INTERVAL {span - 1} {unit.upper()} AS start,
                   max(bucket) + INTERVAL 1 {unit.upper()} AS end
            FROM dated)"""
    rows = _rows(
        con,
        f"""WITH {window}
        SELECT bucket, lang, CASE WHEN name IN ({top_sources}) THEN name ELSE 'other' END AS source,
               count(*) AS articles
        FROM dated, span WHERE bucket >= start GROUP BY ALL ORDER BY bucket, lang, source""",
    )
    figures = _rows(
        con,
        f"""WITH {window}
        SELECT any_value(start) AS start, any_value("end") AS "end", count(*) FILTER (bucket < start) AS older,
               (SELECT count(*) FROM articles WHERE {_NEWS_TIME} IS NULL) AS undated
        FROM span LEFT JOIN dated ON true""",
    )[0]
    return {"rows": rows, **figures}


def _story_timelines(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The most-updated stories: one row per mark (published, then each update), with the title."""
    stories = f"""
        WITH versions AS (
            SELECT story_id, published_at, updated_at, updates,
                   coalesce(title, left(lede, 80), story_id) AS label, ingested_at
            FROM articles),
        stamps AS (
            SELECT story_id, unnest(list_distinct(list_concat(list(updates).flatten(),
                   list(updated_at) FILTER (WHERE updated_at IS NOT NULL)))) AS t
            FROM versions GROUP BY story_id),
        story AS (
            SELECT story_id, min(published_at) AS published_at, arg_max(label, ingested_at) AS title
            FROM versions GROUP BY story_id),
        ranked AS (
            SELECT story.story_id, story.title, story.published_at,
                   list_sort(list(stamps.t) FILTER (WHERE stamps.t > coalesce(story.published_at,
                       '-infinity'::TIMESTAMPTZ))) AS updates
            FROM story JOIN stamps USING (story_id) GROUP BY ALL)
        SELECT story_id, title, published_at, updates FROM ranked WHERE len(updates) > 0
        ORDER BY len(updates) DESC, title LIMIT {STORIES_SHOWN}"""
    marks: list[dict[str, Any]] = []
    for rank, story in enumerate(_rows(con, stories), start=1):
        label = f"{rank}. {story['title']}"
        count = len(story["updates"])
        if story["published_at"]:
            marks.append(
                {"story": label, "rank": rank, "time": story["published_at"], "mark": "published", "n": 0}
            )
        for n, time in enumerate(story["updates"], start=1):
            marks.append(
                {"story": label, "rank": rank, "time": time, "mark": "update", "n": n, "updates": count}
            )
    return marks


# -- the sections --------------------------------------------------------------------------------------


def _overview(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    figures = _rows(
        con,
        f"""SELECT count(*) AS articles, count(DISTINCT story_id) AS stories,
                   count(DISTINCT source) AS sources, count(DISTINCT lang) AS languages,
                   sum(len(captions)) AS captions, sum(captions_collapsed) AS "caption repeats collapsed",
                   min({_NEWS_TIME}) AS first, max({_NEWS_TIME}) AS last
            FROM articles""",
    )[0]
    figures["dead letters"] = _scalar(con, "SELECT count(*) FROM dead_letters")
    if _has_view(con, "runs"):
        figures["runs"] = _scalar(con, "SELECT count(*) FROM runs")
    first, last = figures.pop("first"), figures.pop("last")
    tiles = "".join(
        f'<div class="tile" data-figure="{html.escape(k)}"><b>{v or 0}</b>{html.escape(k)}</div>'
        for k, v in figures.items()
    )
    page.parts.append(f'<div class="tiles">{tiles}</div>')
    if first:
        page.note(f"Articles dated from {readable_time(first)} to {readable_time(last)}.")


def _volume(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("volume", "Articles per hour and per day")
    for unit, span in (("hour", HOURS_SHOWN), ("day", DAYS_SHOWN)):
        counts = _per_time(con, unit, span)
        if not counts["rows"]:
            page.note("No dated articles yet.", css="empty")
            return
        for colour, by in (("lang", "language"), ("source", "source")):
            page.chart(
                f"per-{unit}-by-{colour}",
                bars_over_time(counts, unit, colour, f"Articles per {unit} by {by}, the last {span} {unit}s"),
            )
        page.note(
            f"Counted by each article's own time (published, else updated), in UTC, over the {span} {unit}s "
            f"up to the latest article. Not drawn: {counts['undated']} undated article(s), "
            f"{counts['older']} older than the window."
        )


def _updates(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("updates", "Update timeline of the most-updated stories")
    marks = _story_timelines(con)
    if not marks:
        page.note("No story has an update yet.", css="empty")
        return
    page.chart("update-timeline", timeline_chart(marks))
    page.note("Each row is one story: its publication, then each update, on the story's own time axis (UTC).")


def _sources_and_credits(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("sources", "Sources, captions, bylines and agencies")
    name = _source_name("source")
    sources = _rows(
        con,
        f"SELECT {name} AS source, count(*) AS articles FROM articles GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT {TOP}",
    )
    if not sources:
        page.note("No articles yet.", css="empty")
        return
    page.chart("top-sources", ranking(sources, "source", "articles", f"Top sources (up to {TOP})"))
    captions = _rows(
        con,
        f"""WITH per AS (SELECT {name} AS source, sum(len(captions)) AS kept,
                                sum(captions_collapsed) AS collapsed FROM articles GROUP BY ALL
                         HAVING kept + collapsed > 0 ORDER BY kept + collapsed DESC, source LIMIT {TOP})
            SELECT source, 'captions kept' AS what, kept AS count FROM per
            UNION ALL SELECT source, 'repeats collapsed', collapsed FROM per""",
    )
    if captions:
        page.chart("captions", captions_chart(captions))
    else:
        page.note("No captions found.", css="empty")
    agencies = _rows(
        con,
        f"""SELECT agency, count(*) AS articles FROM (SELECT unnest(agencies) AS agency FROM articles)
            GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT {TOP}""",
    )
    if agencies:
        page.chart("agencies", ranking(agencies, "agency", "articles", "Agencies credited"))
    else:
        page.note("No agency credited in any byline.", css="empty")
    bylines = _rows(
        con,
        f"""SELECT byline, count(*) AS articles FROM articles WHERE byline IS NOT NULL
            GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT {TOP}""",
    )
    if bylines:
        page.chart("bylines", ranking(bylines, "byline", "articles", f"Bylines (up to {TOP})"))
    else:
        page.note("No bylines found.", css="empty")


def _dead_letters(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("dead-letters", "Dead letters by step and reason")
    # The reason is the error with its numbers (line, offset) blanked, so one cause is one bar.
    reasons = _rows(
        con,
        f"""SELECT step, left(regexp_replace(error, '[0-9]+', 'N', 'g'), 100) AS reason, count(*) AS inputs
            FROM dead_letters GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT {TOP}""",
    )
    if not reasons:
        page.note("No dead letters.", css="empty")
        return
    page.chart("dead-letters", ranking(reasons, "reason", "inputs", "Dead letters", colour="step"))
    latest = _rows(
        con,
        "SELECT failed_at, step, source, error FROM dead_letters ORDER BY failed_at DESC, source LIMIT 20",
    )
    page.table("dead-letters", ["failed_at", "step", "source", "error"], latest)


def _inputs(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("inputs", "Each input's last status")
    if not _has_view(con, "inputs"):
        page.note("This lake has no `inputs` view (no per-input run records).", css="empty")
        return
    columns = [
        "source",
        "kind",
        "outcome",
        "run_id",
        "items",
        "new",
        "changed",
        "unchanged",
        "bytes",
        "seconds",
        "error",
    ]
    last = f"""SELECT {", ".join(columns)} FROM inputs
               QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1"""
    outcomes = _rows(con, f"SELECT outcome, count(*) AS inputs FROM ({last}) GROUP BY ALL ORDER BY 2 DESC, 1")
    if not outcomes:
        page.note("No inputs recorded yet.", css="empty")
        return
    page.chart(
        "input-outcomes",
        ranking(
            outcomes,
            "outcome",
            "inputs",
            "Inputs by their last outcome",
            colour="outcome",
            palette=palette_of(outcomes, "outcome"),
        ),
    )
    # Failures first: they are what a reader of this section looks for.
    rows = _rows(con, f"SELECT * FROM ({last}) ORDER BY outcome <> 'error', kind, source LIMIT 200")
    page.table("inputs", columns, rows)
    total = sum(o["inputs"] for o in outcomes)
    if total > len(rows):
        page.note(f"{len(rows)} of {total} inputs shown, failures first.")


def _runs(con: duckdb.DuckDBPyConnection, page: Page) -> None:
    page.section("runs", "Run history")
    if not _has_view(con, "runs"):
        page.note("This lake has no `runs` view (no run records).", css="empty")
        return
    columns = [
        "run_id",
        "started_at",
        "finished_at",
        "status",
        "seconds",
        "inputs",
        "articles",
        "dead_letters",
    ]
    rows = _rows(
        con,
        f"SELECT * FROM (SELECT {', '.join(columns)} FROM runs ORDER BY started_at DESC LIMIT 30) ORDER BY started_at",
    )
    if not rows:
        page.note("No runs recorded yet.", css="empty")
        return
    page.chart("run-articles", runs_chart(rows, "articles", "Articles per run"))
    page.chart("run-seconds", runs_chart(rows, "seconds", "Seconds per run"))
    page.table("runs", columns, list(reversed(rows)))


def build_report(con: duckdb.DuckDBPyConnection, *, title: str = "wirestream report") -> str:
    """Returns the report over a lake as one self-contained HTML page.

    Args:
        con: a DuckDB connection with the views `articles` and `dead_letters`, and where the lake has
            them, `inputs` (one row per input per run) and `runs`; an absent or empty view gives its
            section a sentence saying so.
        title: the page's title and heading.
    """
    page = Page()
    _overview(con, page)
    _volume(con, page)
    _updates(con, page)
    _sources_and_credits(con, page)
    _dead_letters(con, page)
    _inputs(con, page)
    _runs(con, page)
    return page.html(title)
