"""How the report looks: Vega-Lite charts made with Altair, and the self-contained HTML page they sit in.

Altair is imported by the functions that use it, so that importing the CLI stays quick.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

# Colours of an input's outcome and a run's status: green done, grey nothing new, amber empty, red failed.
_OUTCOME_COLOURS = {
    "ok": "#2e7d32",
    "committed": "#2e7d32",
    "unchanged": "#78909c",
    "not-modified": "#90a4ae",
    "empty": "#f9a825",
    "running": "#f9a825",
    "error": "#c62828",
    "failed": "#c62828",
}


def palette_of(rows: list[dict], field: str) -> dict[str, str]:
    """The colour of each value of `field` in `rows` (grey for a value with no colour of its own)."""
    values = sorted({str(row[field]) for row in rows})
    return {value: _OUTCOME_COLOURS.get(value, "#9e9e9e") for value in values}


# -- the charts ----------------------------------------------------------------------------------------


def _count_axis(rows: list[dict], group: str, value: str) -> Any:
    """An axis of whole counts: no more ticks than the largest total of `value` per `group`.

    (Vega-Lite's `tickMinStep` did not stop a `0, 0.5, 1` axis here.)
    """
    import altair as alt

    totals: dict[Any, int] = {}
    for row in rows:
        totals[row[group]] = totals.get(row[group], 0) + row[value]
    return alt.Axis(tickCount=max(1, min(max(totals.values(), default=1), 10)), format="d")


def bars_over_time(counts: dict[str, Any], unit: str, colour: str, title: str) -> dict:
    import altair as alt

    time_unit: Literal["utcyearmonthdatehours", "utcyearmonthdate"] = (
        "utcyearmonthdatehours" if unit == "hour" else "utcyearmonthdate"
    )
    # The window is the domain, so that a lone bar stays one hour (or day) wide.
    domain = [counts["start"], counts["end"]]
    return (
        alt.Chart(alt.Data(values=counts["rows"]), title=title)
        .mark_bar()
        .encode(
            x=alt.X("bucket:T", timeUnit=time_unit, title=f"{unit} (UTC)", scale=alt.Scale(domain=domain)),
            y=alt.Y(
                "sum(articles):Q", title="articles", axis=_count_axis(counts["rows"], "bucket", "articles")
            ),
            color=alt.Color(f"{colour}:N", title=colour),
            tooltip=[
                alt.Tooltip("bucket:T", timeUnit=time_unit, title=unit),
                alt.Tooltip(f"{colour}:N"),
                alt.Tooltip("sum(articles):Q", title="articles"),
            ],
        )
        .properties(width=760, height=200)
        .to_dict()
    )


def ranking(
    rows: list[dict],
    label: str,
    value: str,
    title: str,
    *,
    colour: str | None = None,
    palette: dict[str, str] | None = None,
) -> dict:
    """A horizontal bar chart of `value` per `label`, largest first, the number beside each bar."""
    import altair as alt

    base = alt.Chart(alt.Data(values=rows), title=title).encode(
        y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X(f"sum({value}):Q", title=value, axis=_count_axis(rows, label, value)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            f"{colour}:N",
            scale=alt.Scale(domain=list(palette), range=list(palette.values())) if palette else alt.Undefined,
        )
        if colour
        else alt.value("#4c78a8"),
        tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"sum({value}):Q", title=value)]
        + ([alt.Tooltip(f"{colour}:N")] if colour else []),
    )
    numbers = base.mark_text(align="left", dx=3).encode(text=alt.Text(f"sum({value}):Q"))
    return alt.layer(bars, numbers).properties(width=520).to_dict()


def captions_chart(rows: list[dict]) -> dict:
    import altair as alt

    return (
        alt.Chart(alt.Data(values=rows), title="Captions found, by source: kept once, and repeats collapsed")
        .mark_bar()
        .encode(
            y=alt.Y("source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("sum(count):Q", title="captions", axis=_count_axis(rows, "source", "count")),
            color=alt.Color("what:N", title=None, scale=alt.Scale(range=["#4c78a8", "#f58518"])),
            tooltip=["source:N", "what:N", alt.Tooltip("sum(count):Q", title="captions")],
        )
        .properties(width=520)
        .to_dict()
    )


def timeline_chart(marks: list[dict]) -> dict:
    import altair as alt

    # A label expression: Vega-Lite drops an axis `format` when it merges the layers' axes.
    axis = alt.Axis(labelExpr="utcFormat(datum.value, '%d %b %H:%M')", labelAngle=0, tickCount=5, title=None)
    scale = alt.Scale(type="utc")
    kinds = alt.Scale(domain=["published", "update"], range=["#1565c0", "#ef6c00"])
    base = alt.Chart(alt.Data(values=marks))
    line = base.mark_rule(color="#9e9e9e").encode(
        x=alt.X("min(time):T", scale=scale, axis=axis), x2="max(time):T"
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("time:T", scale=scale, axis=axis),
        shape=alt.Shape("mark:N", title=None, scale=alt.Scale(domain=kinds.domain)),
        color=alt.Color("mark:N", title=None, scale=kinds),
        tooltip=[
            alt.Tooltip("story:N"),
            alt.Tooltip("mark:N"),
            alt.Tooltip("n:Q", title="update no."),
            alt.Tooltip("time:T", format="%Y-%m-%d %H:%M UTC", formatType="utc"),
        ],
    )
    return (
        alt.layer(line, points)
        .properties(width=600, height=22)
        .facet(
            row=alt.Row(
                "story:N",
                title=None,
                sort=alt.SortField("rank"),
                header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=380, labelAnchor="middle"),
            )
        )
        .resolve_scale(x="independent")
        .to_dict()
    )


def runs_chart(rows: list[dict], field: str, title: str) -> dict:
    import altair as alt

    palette = palette_of(rows, "status")
    return (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_bar()
        .encode(
            x=alt.X("run_id:N", sort=None, title="run", axis=alt.Axis(labelAngle=-40, labelLimit=200)),
            y=alt.Y(f"{field}:Q", title=field),
            color=alt.Color(
                "status:N",
                title="status",
                scale=alt.Scale(domain=list(palette), range=list(palette.values())),
            ),
            tooltip=[
                "run_id:N",
                "started_at:T",
                "status:N",
                "inputs:Q",
                "articles:Q",
                "dead_letters:Q",
                "seconds:Q",
            ],
        )
        .properties(width=alt.Step(36), height=160)
        .to_dict()
    )


# -- the page ------------------------------------------------------------------------------------------


class Page:
    """The report's sections in order: headings, notes, tables and charts (drawn by the inline script)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.charts: list[dict[str, Any]] = []
        self.toc: list[tuple[str, str]] = []

    def section(self, anchor: str, title: str) -> None:
        self.toc.append((anchor, title))
        self.parts.append(f'<h2 id="{anchor}">{html.escape(title)}</h2>')

    def note(self, text: str, *, css: str = "note") -> None:
        self.parts.append(f'<p class="{css}">{html.escape(text)}</p>')

    def chart(self, name: str, spec: dict[str, Any]) -> None:
        chart_id = f"chart-{len(self.charts) + 1}"
        self.charts.append({"id": chart_id, "name": name, "spec": spec})
        self.parts.append(f'<div class="chart" id="{chart_id}" data-chart="{html.escape(name)}"></div>')

    def table(self, name: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(_cell(column, row.get(column)) for column in columns) + "</tr>" for row in rows
        )
        self.parts.append(
            f'<table data-table="{html.escape(name)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )

    def html(self, title: str) -> str:
        import altair as alt
        import vl_convert

        # vl-convert's bundle of Vega, Vega-Lite (the version Altair writes) and vega-embed.
        vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # v6.4.1 -> v6_4, as Altair asks for it
        # The stub misses the default of `snippet` (the one that sets window.vegaEmbed), which Altair uses too.
        bundle = vl_convert.javascript_bundle(vl_version=vl_version)  # type: ignore[call-arg]
        nav = " · ".join(f'<a href="#{a}">{html.escape(t)}</a>' for a, t in self.toc)
        # `<` escaped so that no string in the data can close the script element.
        charts = json.dumps(self.charts, ensure_ascii=False).replace("<", "\\u003c")
        head = _HEAD.replace("TITLE", html.escape(title))
        return "\n".join(
            [
                head,
                f'<script type="application/json" id="wirestream-charts">{charts}</script>',
                f"<script>\n{bundle}\n</script>",
                "</head>\n<body>",
                f"<h1>{html.escape(title)}</h1>",
                f"<nav>{nav}</nav>",
                *self.parts,
                _DRAW,
                "</body>\n</html>\n",
            ]
        )


_ISO_UTC = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)(?:\.\d+)?Z$")


def readable_time(value: str) -> str:
    """`2026-11-30T06:59:49.960256Z` -> `2026-11-30 06:59:49 UTC`; anything else unchanged."""
    return _ISO_UTC.sub(r"\1 \2 UTC", value)


def _cell(column: str, value: Any) -> str:
    if value is None:
        return '<td class="null"></td>'
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else readable_time(str(value))
    css = f' class="outcome-{html.escape(text)}"' if column in ("outcome", "status") else ""
    return f"<td{css}>{html.escape(text)}</td>"


_OUTCOME_CSS = "\n".join(
    f"td.outcome-{k} {{ color: {v}; font-weight: 600; }}" for k, v in _OUTCOME_COLOURS.items()
)
_HEAD = (
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TITLE</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
nav { color: #666; } .note { color: #555; } .empty { color: #777; font-style: italic; }
.tiles { display: flex; flex-wrap: wrap; gap: 0.8em; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.9em; min-width: 7em; }
.tile b { display: block; font-size: 1.6em; }
.chart { margin: 1em 0; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; max-width: 28em; }
th { background: #f4f4f4; } td.null { background: #fafafa; }
"""
    + _OUTCOME_CSS
    + "\n</style>"
)
# Draws every chart as SVG; a chart that fails says so in its place. `body[data-charts=drawn]` and each
# chart's `data-rendered` tell a test (or a curious reader) that drawing has finished.
_DRAW = """<script>
(function () {
  const charts = JSON.parse(document.getElementById("wirestream-charts").textContent);
  window.wirestreamViews = {};
  Promise.allSettled(charts.map(function (c) {
    const div = document.getElementById(c.id);
    return vegaEmbed(div, c.spec, {renderer: "svg", actions: false}).then(function (result) {
      window.wirestreamViews[c.name] = result.view;
      div.dataset.rendered = "yes";
    }).catch(function (error) {
      div.dataset.rendered = "failed";
      div.textContent = "This chart could not be drawn: " + error;
    });
  })).then(function () { document.body.dataset.charts = "drawn"; });
})();
</script>"""
