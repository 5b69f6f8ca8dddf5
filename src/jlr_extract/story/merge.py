"""Merging the v1 facts of several articles into one story document (story-v1.md).

`build_story(records, articles)` returns the JSON document: `articles`, `events`, `amounts`,
`sites`, `quotes`. Each entry's `mentions` are the facts it merges, named by (article, start,
end); every input fact appears in at most one entry. Where the contract is silent the rules
decide as the module's docstrings say (and README, "Story view").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Optional

from ..extract.events import event_key
from .conflicts import amounts_conflict, dates_conflict, date_interval
from .sources import quote_key, same_source, source_words

STATEMENT = "statement"
# A quotation this short (normalised characters) merges only when equal, not by containment.
MIN_CONTAINED_CHARS = 12
_SUBJECT_STOP = frozenset("a an the of to for and or in on its their his her new total".split())


class _Union:
    """Union-find over 0..n-1; components come out in order of their smallest member."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return sorted(out.values(), key=lambda g: g[0])


def linked_groups(n: int, linked) -> list[list[int]]:
    """The transitive groups of 0..n-1 under the pair test `linked(i, j)` (i > j), in order of
    their smallest member."""
    union = _Union(n)
    for i in range(n):
        for j in range(i):
            if linked(i, j):
                union.union(i, j)
    return union.groups()


def _mention(record: dict) -> dict:
    return {"article": record["article"], "start": record["start"], "end": record["end"],
            "text": record["text"], "sentence": record.get("sentence", 0)}


def _status(articles_of_values: list[tuple[dict, set]], conflict) -> str:
    """single / agree / conflict over (value, articles) pairs: a conflict needs two values from
    different articles that cannot both be true."""
    articles = set().union(*(a for _, a in articles_of_values)) if articles_of_values else set()
    if len(articles) < 2:
        return "single"
    for i, (x, xa) in enumerate(articles_of_values):
        for y, ya in articles_of_values[i + 1:]:
            if conflict(x, y) and any(p != q for p in xa for q in ya):
                return "conflict"
    return "agree"


# --- events -------------------------------------------------------------------------------


def _statement_source(record: dict, quotes: list[dict]) -> Optional[str]:
    """The speaker of a statement date: the quotation that holds the date, else one that opens
    in the date's sentence (same article)."""
    same = [q for q in quotes if q["article"] == record["article"]]
    for quote in same:
        if quote["start"] <= record["start"] and record["end"] <= quote["end"]:
            return quote["value"].get("speaker")
    for quote in same:
        if quote.get("sentence") == record.get("sentence"):
            return quote["value"].get("speaker")
    return None


def _event_keys(dates: list[dict], quotes: list[dict]) -> list[Optional[tuple]]:
    """The merge key of each date: (family key, habitual?) with the speaker's source words for
    a statement; None for a date tied to no event (it stays an entry of its own)."""
    keys: list[Optional[tuple]] = []
    for record in dates:
        key = event_key(record["value"].get("event"))
        if key is None:
            keys.append(None)
            continue
        habitual = record["value"].get("kind") == "SET"
        if key == STATEMENT:
            words = source_words(_statement_source(record, quotes))
            keys.append((key, habitual, words) if words else None)
        else:
            phrase = record["value"]["event"]
            target = phrase.split(" on ", 1)[1] if " on " in phrase else None
            keys.append((key, habitual, target))
    return keys


def _same_event(a: Optional[tuple], b: Optional[tuple]) -> bool:
    if a is None or b is None or a[:2] != b[:2]:
        return False
    if a[0] == STATEMENT:
        return bool(a[2] & b[2])  # statements of one source
    return a[2] == b[2]  # another organisation's incident ("attack on m&s") stays apart


def merge_events(dates: list[dict], quotes: list[dict]) -> list[dict]:
    """Events: dates merged by happening (the family key of their `event`), never by value.

    Silent-contract decisions: a habitual time (SET) never merges with a dated happening; an
    incident told of another organisation than its article's main one ("attack on m&s")
    merges only with the same organisation's;
    "statement" dates merge only when they come from one source (the speaker of the quotation
    they stand in or beside), so two sources' statements stay apart; a date whose event is
    null, or a statement of unknown source, is an entry of its own.
    """
    keys = _event_keys(dates, quotes)
    entries = []
    for group in linked_groups(len(dates), lambda i, j: _same_event(keys[i], keys[j])):
        records = [dates[i] for i in group]
        values: list[dict] = []
        for record in records:
            v = record["value"]
            found = next((x for x in values if (x["timex"], x["mod"], x["range"]) ==
                          (v["timex"], v.get("mod"), v.get("range"))), None)
            if found is None:
                found = {"timex": v["timex"], "mod": v.get("mod"), "range": v.get("range"),
                         "articles": [], "kind": v.get("kind")}
                values.append(found)
            if record["article"] not in found["articles"]:
                found["articles"].append(record["article"])
        values.sort(key=_value_order)
        mentions = [{**_mention(r), "value": _value_index(values, r["value"])} for r in records]
        pairs = [(x, set(x["articles"])) for x in values]
        status = _status(pairs, dates_conflict)
        for x in values:
            x.pop("kind")
        events = Counter(r["value"].get("event") for r in records if r["value"].get("event"))
        label = max(events, key=lambda e: (events[e], -_first_index(records, e))) if events else None
        entries.append({"event": label, "values": values, "status": status,
                        "mentions": mentions, "_first": group[0],
                        "_kinds": [r["value"].get("kind") for r in records]})
    entries.sort(key=lambda e: (_earliest(e), e["_first"]))
    for entry in entries:
        entry.pop("_first")
        entry.pop("_kinds")
    return entries


def _value_index(values: list[dict], v: dict) -> int:
    """Which of the entry's values a date mention gives (an index into `values`)."""
    return next(i for i, x in enumerate(values)
                if (x["timex"], x["mod"], x["range"]) == (v["timex"], v.get("mod"), v.get("range")))


def _first_index(records: list[dict], event: str) -> int:
    return next(i for i, r in enumerate(records) if r["value"].get("event") == event)


def _value_order(value: dict) -> tuple:
    rng = value.get("range")
    return (0, rng[0], rng[1], value["timex"]) if rng else (1, "", "", value["timex"])


def _earliest(entry: dict) -> tuple:
    starts = [v["range"][0] for v in entry["values"] if v.get("range")]
    return (0, min(starts)) if starts else (1, "")


# --- amounts ------------------------------------------------------------------------------


def subject_words(subject: Optional[str]) -> frozenset[str]:
    """The content words of a subject ('the loan guarantee' -> {loan, guarantee})."""
    if not subject:
        return frozenset()
    return frozenset(w for w in re.findall(r"[a-z]+", subject.lower()) if w not in _SUBJECT_STOP)


def _money_value(v: dict) -> dict:
    return {"amount": v.get("amount"), "min": v.get("min"), "max": v.get("max"), "mod": v.get("mod")}


def merge_amounts(money: list[dict]) -> list[dict]:
    """Amounts: merged when currency and rate (`per`) agree and the subjects share a content
    word ("loan guarantee" / "loan").

    Silent-contract decision: an amount without a subject merges only with an amount of the
    same currency, rate and exactly equal value from another article (a repeated figure); else
    it is an entry of its own.
    """
    words = [subject_words(r["value"].get("subject")) for r in money]
    def same_amount(i: int, j: int) -> bool:
        a, b = money[i], money[j]
        if (a["value"].get("currency"), a["value"].get("per")) != \
                (b["value"].get("currency"), b["value"].get("per")):
            return False
        if words[i] and words[j]:
            return bool(words[i] & words[j])
        return a["article"] != b["article"] and _money_value(a["value"]) == _money_value(b["value"]) \
            and a["value"].get("amount") is not None

    entries = []
    for group in linked_groups(len(money), same_amount):
        records = [money[i] for i in group]
        values: list[dict] = []
        for record in records:
            mv = _money_value(record["value"])
            found = next((x for x in values if {k: x[k] for k in mv} == mv), None)
            if found is None:
                found = {**mv, "articles": []}
                values.append(found)
            if record["article"] not in found["articles"]:
                found["articles"].append(record["article"])
        mentions = [{**_mention(r), "value": values.index(next(
            x for x in values if {k: x[k] for k in _money_value(r["value"])} == _money_value(r["value"])))}
            for r in records]
        subjects = Counter(r["value"].get("subject") for r in records if r["value"].get("subject"))
        subject = max(subjects, key=lambda s: (subjects[s], len(s))) if subjects else None
        first = records[0]["value"]
        entries.append({
            "subject": subject, "currency": first.get("currency"), "per": first.get("per"),
            "values": values, "status": _status([(x, set(x["articles"])) for x in values], amounts_conflict),
            "mentions": mentions,
        })
    return entries


# --- quotes -------------------------------------------------------------------------------


def _quotes_match(a: str, b: str) -> bool:
    if a == b:
        return bool(a)
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_CONTAINED_CHARS and short in long


def merge_quotes(quotes: list[dict]) -> list[dict]:
    """Quotations: merged when their words are equal after case, punctuation and all spaces are
    removed, or one contains the other (transitively: a partial quote and the full paragraph it
    comes from join the other article's copy). Conflict: the same words from speakers that are
    not one source (a pronoun or bare role never conflicts). The entry's `content` is the
    longest merged content; `speakers` lists each distinct speaker once, in order of mention.
    """
    keys = [quote_key(r["value"].get("content") or r["text"]) for r in quotes]
    entries = []
    for group in linked_groups(len(quotes), lambda i, j: _quotes_match(keys[i], keys[j])):
        records = [quotes[i] for i in group]
        speakers: list[str] = []
        for r in records:
            s = r["value"].get("speaker")
            if s and s not in speakers:
                speakers.append(s)
        content = max((r["value"].get("content") or r["text"] for r in records), key=len)
        status = "single" if len({r["article"] for r in records}) < 2 else "agree"
        if status == "agree":
            for x in records:
                for y in records:
                    if x["article"] != y["article"] and \
                            same_source(x["value"].get("speaker"), y["value"].get("speaker")) is False:
                        status = "conflict"
        entries.append({"content": content, "speakers": speakers, "status": status,
                        "mentions": [_mention(r) for r in records]})
    return entries


# --- sites --------------------------------------------------------------------------------


def _site_key(value: dict) -> tuple[str, str]:
    org = " ".join(sorted(source_words(value.get("organisation"))))
    return org, quote_key(value.get("name") or "")


def merge_sites(sites: list[dict]) -> list[dict]:
    """Sites: merged by (organisation, place), names compared without case, accents and
    punctuation and organisations by their words ("JLR" = "Jaguar Land Rover" through the
    initials). Each field is the first non-null one among the mentions; sites never conflict
    (the contract names no site conflict), so status is single or agree."""
    groups: dict[tuple, list[dict]] = {}
    for record in sites:
        key = _site_key(record["value"])
        target = next((k for k in groups if k[1] == key[1] and
                       (k[0] == key[0] or set(k[0].split()) & set(key[0].split()))), key)
        groups.setdefault(target, []).append(record)
    entries = []
    for records in groups.values():
        fields = {}
        for name in ("name", "organisation", "kind", "region", "country", "lat", "lon"):
            fields[name] = next((r["value"].get(name) for r in records if r["value"].get(name) is not None), None)
        status = "single" if len({r["article"] for r in records}) < 2 else "agree"
        entries.append({**fields, "status": status, "mentions": [_mention(r) for r in records]})
    return entries


# --- the document -------------------------------------------------------------------------


def _order_key(order: dict[str, int]):
    def key(entry: dict) -> tuple:
        first = min((order.get(m["article"], len(order)), m["start"]) for m in entry["mentions"])
        return first
    return key


def build_story(records: Iterable[dict], articles: Optional[list[dict]] = None) -> dict[str, Any]:
    """The story document (story-v1.md) of v1 records.

    records: v1 fact records (dicts) of any number of articles, in input order.
    articles: [{"article", "date", "title"}] in input order when the texts were read; else the
    list is made from the records' article ids, with null date and title.
    Returns {"articles", "events", "amounts", "sites", "quotes"}; entries carry ids e1.., m1..,
    s1.., q1... Deterministic: the same records in the same order give the same document.
    """
    records = list(records)
    if articles is None:
        articles = []
    listed = {a["article"] for a in articles}
    articles = list(articles)
    for record in records:
        if record["article"] not in listed:
            listed.add(record["article"])
            articles.append({"article": record["article"], "date": None, "title": None})
    order = {a["article"]: i for i, a in enumerate(articles)}
    records.sort(key=lambda r: (order[r["article"]], r["start"], r["end"], r["type"]))
    by_type: dict[str, list[dict]] = {"date": [], "money": [], "site": [], "quote": []}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    events = merge_events(by_type["date"], by_type["quote"])
    amounts = sorted(merge_amounts(by_type["money"]), key=_order_key(order))
    sites = sorted(merge_sites(by_type["site"]), key=_order_key(order))
    quotes = sorted(merge_quotes(by_type["quote"]), key=_order_key(order))
    document = {"articles": articles}
    for name, prefix, entries in (("events", "e", events), ("amounts", "m", amounts),
                                  ("sites", "s", sites), ("quotes", "q", quotes)):
        document[name] = [{"id": f"{prefix}{i}", **entry} for i, entry in enumerate(entries, start=1)]
    return document
