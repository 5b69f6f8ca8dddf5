"""The JSON and terminal (rich) views of a story document."""

from __future__ import annotations

import json
from typing import Any, TextIO


def write_json(document: dict[str, Any], stream: TextIO) -> None:
    """The story document as indented UTF-8 JSON, one trailing newline."""
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def date_label(value: dict) -> str:
    """'2025-10-01 (ON_OR_AFTER)'."""
    return value["timex"] + (f" ({value['mod']})" if value.get("mod") else "")


def money_label(value: dict, currency: str | None, per: str | None) -> str:
    """'GBP 1,500,000,000', 'GBP 3,500,000–4,000,000 a day', with the mod in brackets."""
    def num(x):
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"

    if value.get("amount") is not None:
        text = num(value["amount"])
    else:
        text = "–".join(num(x) if x is not None else "?" for x in (value.get("min"), value.get("max")))
    text = f"{currency or '?'} {text}" + (f" per {per}" if per else "")
    return text + (f" ({value['mod']})" if value.get("mod") else "")


def short_id(article: str, width: int = 14) -> str:
    return article if len(article) <= width else article[: width - 1] + "…"


def render_table(document: dict[str, Any], console) -> None:
    """Print the story on a rich Console: the articles, a timeline of events with each
    article's value (conflicts in red, marked ✗), then amounts, sites and quotes with their
    sources."""
    from rich.table import Table
    from rich.text import Text

    articles = [a["article"] for a in document["articles"]]
    listing = Table(title="Articles", show_lines=False, title_justify="left")
    for name in ("#", "article", "date", "title"):
        listing.add_column(name, overflow="fold" if name == "title" else "ellipsis")
    for i, a in enumerate(document["articles"], start=1):
        title = a.get("title") or ""
        if len(title) > 80:
            title = title[:80].rsplit(" ", 1)[0] + " …"
        listing.add_row(f"A{i}", a["article"], a.get("date") or "", title)
    console.print(listing)
    tag = {a: f"A{i}" for i, a in enumerate(articles, start=1)}

    timeline = Table(title="Timeline of events", title_justify="left")
    timeline.add_column("id")
    timeline.add_column("event")
    for a in articles:
        timeline.add_column(tag[a])
    timeline.add_column("status")
    for entry in document["events"]:
        conflict = entry["status"] == "conflict"
        cells = []
        for a in articles:
            labels = [date_label(v) for v in entry["values"] if a in v["articles"]]
            cells.append(Text("\n".join(labels), style="bold red" if conflict and labels else ""))
        status = Text("✗ conflict" if conflict else entry["status"],
                      style="bold red" if conflict else ("green" if entry["status"] == "agree" else "dim"))
        timeline.add_row(entry["id"], entry.get("event") or "—", *cells, status)
    console.print(timeline)

    amounts = Table(title="Amounts", title_justify="left")
    for name in ("id", "subject", "value", "articles", "status"):
        amounts.add_column(name)
    for entry in document["amounts"]:
        conflict = entry["status"] == "conflict"
        values = "\n".join(money_label(v, entry["currency"], entry["per"]) for v in entry["values"])
        where = "\n".join(" ".join(tag.get(a, a) for a in v["articles"]) for v in entry["values"])
        amounts.add_row(entry["id"], entry.get("subject") or "—", values, where,
                        Text("✗ conflict" if conflict else entry["status"], style="bold red" if conflict else ""))
    console.print(amounts)

    sites = Table(title="Sites", title_justify="left")
    for name in ("id", "site", "organisation", "kind", "region", "country", "lat, lon", "articles"):
        sites.add_column(name)
    for entry in document["sites"]:
        coords = f"{entry['lat']:.2f}, {entry['lon']:.2f}" if entry.get("lat") is not None else ""
        sites.add_row(entry["id"], entry["name"], entry.get("organisation") or "", entry.get("kind") or "",
                      entry.get("region") or "", entry.get("country") or "", coords,
                      " ".join(sorted({tag.get(m["article"], m["article"]) for m in entry["mentions"]})))
    console.print(sites)

    quotes = Table(title="Quotes", title_justify="left")
    for name in ("id", "quote", "speakers", "articles", "status"):
        quotes.add_column(name, overflow="fold")
    for entry in document["quotes"]:
        content = entry["content"] if len(entry["content"]) <= 120 else entry["content"][:119] + "…"
        conflict = entry["status"] == "conflict"
        quotes.add_row(entry["id"], content, "; ".join(entry["speakers"]),
                       " ".join(sorted({tag.get(m["article"], m["article"]) for m in entry["mentions"]})),
                       Text("✗ conflict" if conflict else entry["status"], style="bold red" if conflict else ""))
    console.print(quotes)
