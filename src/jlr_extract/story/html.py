"""The HTML view of a story: one self-contained page (no network, no external scripts, fonts or
images). A timeline drawn as inline SVG (one mark per event value, conflicting values side by
side in their own lanes, each mark's sentences on hover and on click), then amounts, sites (with
coordinates) and quotes with their articles.

Every mark is an SVG `<g class="mark">` with `data-event`, `data-value` and `data-articles`;
after layout the page's script writes the number of marks actually drawn (a non-empty bounding
box) to `<body data-marks-drawn>`, so a headless browser can check the timeline as drawn.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from typing import Any, Optional

from .render import date_label, money_label

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
WIDTH, LABEL_W, PLOT_RIGHT, UNDATED_X = 980, 230, 820, 900
LANE_H, ROW_PAD, TOP = 14, 10, 46
SENTENCE_CHARS = 400
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n\s*")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds [start, end): cut at the nearest sentence boundary
    ('. ', '! ', '? ', a line break) on each side, at most SENTENCE_CHARS around the span."""
    left = 0
    for m in _BOUNDARY.finditer(text, max(0, start - SENTENCE_CHARS), start):
        left = m.end()
    right_match = _BOUNDARY.search(text, end, min(len(text), end + SENTENCE_CHARS))
    right = right_match.start() if right_match else min(len(text), end + SENTENCE_CHARS)
    return " ".join(text[max(left, start - SENTENCE_CHARS):right].split())


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _bounds(value: dict) -> Optional[tuple[dt.date, dt.date, bool, bool]]:
    """(first day, last day, open to the left, open to the right) of a value with a range."""
    rng = value.get("range")
    if not rng:
        return None
    start, end = _day(rng[0]), _day(rng[1])
    mod = value.get("mod")
    return start, end, mod in ("BEFORE", "ON_OR_BEFORE"), mod in ("AFTER", "ON_OR_AFTER")


class _Scale:
    """Days to x on a broken axis: each gap between consecutive value edges longer than
    GAP_DAYS is drawn as GAP_DAYS (marked with a break), so a story's busy weeks stay readable
    beside a value a year away."""

    GAP_DAYS = 10

    def __init__(self, events: list[dict]):
        edges = set()
        for e in events:
            for v in e["values"]:
                b = _bounds(v)
                if b:
                    edges.update((b[0], b[1] + dt.timedelta(days=1)))
        self.empty = not edges
        points = sorted(edges) or [dt.date.today(), dt.date.today() + dt.timedelta(days=1)]
        low, high = points[0] - dt.timedelta(days=2), points[-1] + dt.timedelta(days=2)
        self.points = [low, *points, high]
        self.offsets, self.breaks, total = [0.0], [], 0.0
        for a, b in zip(self.points, self.points[1:]):
            gap = (b - a).days
            if gap > self.GAP_DAYS:
                self.breaks.append(total + self.GAP_DAYS / 2)
            total += min(gap, self.GAP_DAYS)
            self.offsets.append(total)
        self.total = max(total, 1.0)

    def _pos(self, offset: float) -> float:
        return LABEL_W + (PLOT_RIGHT - LABEL_W) * offset / self.total

    def x(self, day: dt.date) -> float:
        import bisect

        i = min(max(bisect.bisect_right(self.points, day) - 1, 0), len(self.points) - 2)
        a, b = self.points[i], self.points[i + 1]
        span = max((b - a).days, 1)
        width = self.offsets[i + 1] - self.offsets[i]
        return self._pos(self.offsets[i] + width * min(max((day - a).days, 0), span) / span)

    def break_xs(self) -> list[float]:
        return [self._pos(b) for b in self.breaks]

    def ticks(self) -> list[dt.date]:
        """Value edges far enough apart to label (at least 60 px)."""
        out: list[dt.date] = []
        for day in self.points[1:-1]:
            if not out or self.x(day) - self.x(out[-1]) >= 60:
                out.append(day)
        return out


def _mention_lines(entry: dict, index: int, tags: dict, texts: dict) -> list[dict]:
    out = []
    for m in entry["mentions"]:
        if m.get("value") != index:
            continue
        text = texts.get(m["article"])
        sentence = sentence_around(text, m["start"], m["end"]) if text else f"(sentence {m['sentence']})"
        out.append({"article": tags.get(m["article"], m["article"]), "id": m["article"],
                    "text": m["text"], "sentence": sentence})
    return out


def _timeline(document: dict, tags: dict, colours: dict, texts: dict) -> tuple[str, dict]:
    """The SVG and the {mark id: mention lines} the script shows on click."""
    events = document["events"]
    scale = _Scale(events)
    rows, y, details = [], TOP, {}
    for entry in events:
        lanes = max(1, len(entry["values"]))
        height = lanes * LANE_H + ROW_PAD
        conflict = entry["status"] == "conflict"
        rows.append(f'<g class="row{" conflict" if conflict else ""}" data-event="{escape(entry["id"])}">')
        if conflict:
            rows.append(f'<rect class="conflict-band" x="2" y="{y - 3}" width="{WIDTH - 4}" '
                        f'height="{height - 2}" rx="4"/>')
        label = escape(f'{entry["id"]} {entry.get("event") or "(no event)"}')
        rows.append(f'<text class="label" x="8" y="{y + LANE_H - 2}">{label}'
                    f'{" ✗" if conflict else ""}</text>')
        for i, value in enumerate(entry["values"]):
            lane_y = y + i * LANE_H
            mark_id = f'{entry["id"]}-{i}'
            lines = _mention_lines(entry, i, tags, texts)
            details[mark_id] = {"event": entry.get("event"), "value": date_label(value),
                                "status": entry["status"], "mentions": lines}
            colour = colours.get(value["articles"][0], "#555") if value["articles"] else "#555"
            tip = escape(f'{date_label(value)} — ' + " | ".join(
                f'{l["article"]}: “{l["text"]}” in: {l["sentence"]}' for l in lines))
            articles = escape(" ".join(value["articles"]))
            rows.append(f'<g class="mark" id="mark-{escape(mark_id)}" data-event="{escape(entry["id"])}" '
                        f'data-value="{i}" data-articles="{articles}" tabindex="0"><title>{tip}</title>')
            bounds = _bounds(value)
            if bounds is None:
                rows.append(f'<circle cx="{UNDATED_X}" cy="{lane_y + LANE_H / 2 - 1}" r="5" '
                            f'fill="white" stroke="{colour}" stroke-width="2"/>')
                rows.append(f'<text class="small" x="{UNDATED_X + 9}" y="{lane_y + LANE_H - 3}">'
                            f'{escape(value["timex"])}</text>')
            else:
                start, end, open_left, open_right = bounds
                x0 = LABEL_W if open_left else scale.x(start)
                x1 = PLOT_RIGHT if open_right else scale.x(end + dt.timedelta(days=1))
                width = max(x1 - x0, 5)
                stripe = (LANE_H - 4) / max(len(value["articles"]), 1)
                for k, article in enumerate(value["articles"] or [""]):
                    rows.append(f'<rect x="{x0:.1f}" y="{lane_y + 1 + k * stripe:.1f}" width="{width:.1f}" '
                                f'height="{stripe:.1f}" fill="{colours.get(article, "#555")}" fill-opacity="0.9"/>')
                if open_right:
                    rows.append(f'<path d="M{PLOT_RIGHT} {lane_y - 1} l8 {LANE_H / 2 - 1} l-8 {LANE_H / 2 - 1}z" '
                                f'fill="{colour}"/>')
                if open_left:
                    rows.append(f'<path d="M{LABEL_W} {lane_y - 1} l-8 {LANE_H / 2 - 1} l8 {LANE_H / 2 - 1}z" '
                                f'fill="{colour}"/>')
            rows.append("</g>")
        rows.append("</g>")
        y += height
    axis = [f'<line x1="{LABEL_W}" y1="{TOP - 14}" x2="{PLOT_RIGHT}" y2="{TOP - 14}" class="axis"/>']
    if not scale.empty:
        for tick in scale.ticks():
            x = scale.x(tick)
            axis.append(f'<line x1="{x:.1f}" y1="{TOP - 18}" x2="{x:.1f}" y2="{y}" class="grid"/>')
            axis.append(f'<text class="small" x="{x:.1f}" y="{TOP - 22}" text-anchor="middle">{tick.isoformat()}</text>')
        for x in scale.break_xs():
            axis.append(f'<text class="small" x="{x:.1f}" y="{TOP - 10}" text-anchor="middle">≈</text>')
    axis.append(f'<text class="small" x="{UNDATED_X}" y="{TOP - 22}" text-anchor="middle">no date</text>')
    svg = (f'<svg id="timeline" width="{WIDTH}" height="{y + 10}" '
           f'viewBox="0 0 {WIDTH} {y + 10}" role="img" aria-label="Timeline of events">'
           + "".join(axis) + "".join(rows) + "</svg>")
    return svg, details


_CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.conflict td.status,.status.conflict{color:#b00;font-weight:bold}
.conflict-band{fill:#fde8e8}.label{font-size:12px;font-weight:600}.small{font-size:10px;fill:#555}
.axis{stroke:#888}.grid{stroke:#eee}.mark{cursor:pointer}.mark:focus rect,.mark:hover rect{stroke:#000;stroke-width:1.5}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
#detail{border:1px solid #ccc;border-radius:4px;padding:8px;min-height:2em;background:#fafafa}
.values span{display:inline-block;margin-right:12px}q{font-style:italic}
"""

_SCRIPT = """
(function(){
  var details = JSON.parse(document.getElementById('details').textContent);
  var panel = document.getElementById('detail');
  function show(id){
    var d = details[id]; if(!d) return;
    panel.textContent = '';
    var h = document.createElement('strong');
    h.textContent = (d.event || '(no event)') + ': ' + d.value + ' [' + d.status + ']';
    panel.appendChild(h);
    d.mentions.forEach(function(m){
      var p = document.createElement('p');
      p.textContent = m.article + ' (' + m.id + '): \\u201c' + m.text + '\\u201d \\u2014 ' + m.sentence;
      panel.appendChild(p);
    });
  }
  var marks = document.querySelectorAll('#timeline .mark'), drawn = 0;
  marks.forEach(function(g){
    var b = g.getBBox(); if(b.width > 0 && b.height > 0) drawn++;
    var id = g.id.replace(/^mark-/, '');
    g.addEventListener('click', function(){ show(id); });
    g.addEventListener('keydown', function(e){ if(e.key === 'Enter') show(id); });
  });
  document.body.setAttribute('data-marks-drawn', String(drawn));
  if (location.hash.indexOf('#show=') === 0) show(location.hash.slice(6));
})();
"""


def _cell_articles(articles: list[str], tags: dict, colours: dict) -> str:
    return " ".join(f'<span class="swatch" style="background:{colours.get(a, "#555")}"></span>'
                    f'{escape(tags.get(a, a))}' for a in articles)


def render_html(document: dict[str, Any], texts: Optional[dict[str, str]] = None) -> str:
    """The page for a story document (story-v1.md); texts {article id: text} give each mark the
    sentence it comes from (without them, the sentence number). Returns the HTML as a string."""
    texts = texts or {}
    ids = [a["article"] for a in document["articles"]]
    tags = {a: f"A{i}" for i, a in enumerate(ids, start=1)}
    colours = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(ids)}
    svg, details = _timeline(document, tags, colours, texts)
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Story: {len(ids)} article(s)</title><style>{_CSS}</style></head><body>",
           f"<h1>Story of {len(ids)} article(s)</h1>",
           "<table><tr><th>#</th><th>article</th><th>date</th><th>title</th></tr>"]
    for a in document["articles"]:
        out.append(f'<tr><td>{_cell_articles([a["article"]], tags, colours)}</td><td>{escape(a["article"])}</td>'
                   f'<td>{escape(a.get("date") or "")}</td><td>{escape(a.get("title") or "")}</td></tr>')
    out.append("</table><h2>Timeline of events</h2>")
    out.append("<p>One mark per value, striped by the articles giving it (≈ on the axis marks a shortened gap); conflicting events "
               "are shaded, their values in lanes side by side. Hover a mark for its sentences, "
               "click it to show them below.</p>")
    out.append(svg)
    out.append('<div id="detail" aria-live="polite">Click a mark.</div>')
    out.append("<h2>Events</h2><table><tr><th>id</th><th>event</th><th>values (articles)</th><th>status</th></tr>")
    for e in document["events"]:
        values = "".join(f'<span>{escape(date_label(v))} ({_cell_articles(v["articles"], tags, colours)})</span>'
                         for v in e["values"])
        out.append(f'<tr class="{escape(e["status"])}"><td>{escape(e["id"])}</td><td>{escape(e.get("event") or "")}</td>'
                   f'<td class="values">{values}</td><td class="status">{escape(e["status"])}</td></tr>')
    out.append("</table><h2>Amounts</h2><table><tr><th>id</th><th>subject</th><th>values (articles)</th><th>status</th></tr>")
    for m in document["amounts"]:
        values = "".join(f'<span>{escape(money_label(v, m["currency"], m["per"]))} '
                         f'({_cell_articles(v["articles"], tags, colours)})</span>' for v in m["values"])
        out.append(f'<tr class="{escape(m["status"])}"><td>{escape(m["id"])}</td><td>{escape(m.get("subject") or "")}</td>'
                   f'<td class="values">{values}</td><td class="status">{escape(m["status"])}</td></tr>')
    out.append("</table><h2>Sites</h2><table><tr><th>id</th><th>site</th><th>organisation</th><th>kind</th>"
               "<th>region</th><th>country</th><th>lat, lon</th><th>articles</th></tr>")
    for s in document["sites"]:
        coords = f'{s["lat"]:.4f}, {s["lon"]:.4f}' if s.get("lat") is not None else ""
        arts = list(dict.fromkeys(m["article"] for m in s["mentions"]))
        out.append("<tr>" + "".join(f"<td>{escape(str(x))}</td>" for x in (
            s["id"], s["name"], s.get("organisation") or "", s.get("kind") or "", s.get("region") or "",
            s.get("country") or "", coords)) + f"<td>{_cell_articles(arts, tags, colours)}</td></tr>")
    out.append("</table><h2>Quotes</h2><table><tr><th>id</th><th>quote</th><th>speakers</th><th>articles</th><th>status</th></tr>")
    for q in document["quotes"]:
        arts = list(dict.fromkeys(m["article"] for m in q["mentions"]))
        out.append(f'<tr class="{escape(q["status"])}"><td>{escape(q["id"])}</td><td><q>{escape(q["content"])}</q></td>'
                   f'<td>{escape("; ".join(q["speakers"]))}</td><td>{_cell_articles(arts, tags, colours)}</td>'
                   f'<td class="status">{escape(q["status"])}</td></tr>')
    out.append("</table>")
    payload = json.dumps(details, ensure_ascii=False).replace("</", "<\\/")
    out.append(f'<script type="application/json" id="details">{payload}</script>')
    out.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(out)
