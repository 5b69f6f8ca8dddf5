"""TIMEX3 normaliser: turns the text of a temporal expression into a TIMEX3 value.

`normalise(words, anchor)` reads the lower-cased words of one expression (its extent already
trimmed by dates.py, the qualifier passed separately) and returns a `Timex` (value, kind, mod,
range, anchored), or None when the words are not a time expression we can read.

Relative expressions are resolved against `Anchor.pub_date`; the clause's tense decides between
the past and the future reading of a weekday or a year-less date. Without a publication date the
unknown parts are written with X (`XXXX-08-31`, `XXXX-WXX-2`) or as PAST_REF/PRESENT_REF/FUTURE_REF.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace, dataclass
from functools import lru_cache

from ..lexicon import lexicon

PAST, PRESENT, FUTURE = "past", "present", "future"
REF_BY_SHIFT = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}
NEAR_FUTURE_MONTHS = 2
NEAR_FUTURE_DAYS = 2


@lru_cache(maxsize=1)
def load_data() -> dict:
    return lexicon("dates")


@dataclass
class Anchor:
    """What resolution may use besides the words: the publication date, the clause tense,
    and the last year the text named (for "that year")."""

    pub_date: dt.date | None = None
    tense: str | None = None
    last_year: int | None = None
    last_day: Timex | None = None  # the last day or month the text named, for "that same day"
    # the last date named earlier in the same sentence: "a year earlier" counts back from it
    reference: Timex | None = None
    country: str | None = None  # ISO 3166 code of the article's country, for holidays that differ
    # the article sets calendar periods apart ("the second half of the calendar year"): its
    # bare quarters and halves are fiscal
    fiscal_periods: bool = False
    last_period: Timex | None = None  # the last quarter or half the text named
    # the dates the text named before this one (any sentence), for relatives anchored on the
    # story: "the following day", "two weeks later", "the year before"
    story_dates: tuple = ()


@dataclass
class Timex:
    value: str
    kind: str = "DATE"
    mod: str | None = None
    anchored: bool = False
    # a clock time written without its day ("at 3 pm"): the caller may take the day from
    # another date in the same sentence instead of the publication day
    day_from_context: bool = False

    def as_value(self) -> dict:
        rng = date_range(self.value) if self.kind == "DATE" else None
        return {"timex": self.value, "kind": self.kind, "mod": self.mod,
                "range": list(rng) if rng else None, "anchored": self.anchored}


# --- word lists as regex alternations ------------------------------------------------------


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    d = load_data()
    return {
        "MONTH": _alt(d["months"]),
        "DOW": _alt(d["weekdays"]),
        "SEASON": _alt(d["seasons"]),
        "PART": _alt(d["day_parts"]),
        "NUMW": _alt(d["number_words"]),
        "VAGUE": _alt(d["vague_counts"]),
        "UNIT": _alt(d["units"]),
        "ORD": _alt(k for k, v in d["ordinals"].items() if v > 0),
        "SHIFT": _alt(d["relative_shifts"]),
        "AGO": _alt(d["ago_words"]),
        "SETW": _alt(d["set_words"]),
        "AMPM": _alt(d["am_words"] + d["pm_words"]),
        "SPECIAL": _alt(d["special_times"]),
        "PARTMOD": _alt(d["part_mods"]),
        "CALUNIT": _alt(d["calendar_units"]),
    }


@lru_cache(maxsize=None)
def _rx(template: str) -> re.Pattern:
    """Compile a template whose {NAME} placeholders are the word-list alternations."""
    words = _patterns()
    return re.compile(re.sub(r"\{([A-Z]+)\}", lambda m: f"(?:{words[m[1]]})", template))


def clean_words(words) -> str:
    text = " ".join(words) if not isinstance(words, str) else words
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[\"\u201c\u201d]|''|``", " ", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*,\s*", " , ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    return text


# --- numbers ------------------------------------------------------------------------------


def to_number(text: str) -> float | None:
    """'3', 'three', 'twenty - five', '1.5', 'a' -> the number; vague words -> None."""
    d = load_data()
    text = text.strip().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if text in d["number_words"]:
        return float(d["number_words"][text])
    parts = re.split(r" - | ", text)
    if len(parts) == 2 and all(p in d["number_words"] for p in parts):
        tens, ones = (d["number_words"][p] for p in parts)
        if tens % 10 == 0 and tens >= 20 and ones < 10:
            return float(tens + ones)
    return None


def format_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


# --- calendar helpers -----------------------------------------------------------------------


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_month_day(month: int, day: int, anchor: Anchor) -> Timex | None:
    if not 1 <= day <= 31:
        return None
    pub = anchor.pub_date
    if pub is None:
        return Timex(f"XXXX-{month:02d}-{day:02d}")
    # Compare by month, as HeidelTime does: a day later in the publication month is still
    # this year's even in a past-tense clause ("today (29 September)" written on the 25th).
    # a named day in the simple present is scheduled ("Obama leaves office on Jan. 20")
    scheduled = replace(anchor, tense=FUTURE) if anchor.tense == PRESENT else anchor
    year = int(resolve_month(month, scheduled).value[:4])
    day_date = _safe_date(year, month, day)
    if day_date is None:
        return None
    return Timex(day_date.isoformat(), anchored=True)


def resolve_month(month: int, anchor: Anchor, shift: int | None = None) -> Timex:
    """A month name without a year; `shift` -1/+1 for "last March"/"next March"."""
    pub = anchor.pub_date
    if pub is None:
        return Timex(f"XXXX-{month:02d}")
    if shift == -1:
        year = pub.year if month < pub.month else pub.year - 1
    elif shift == 1:
        year = pub.year if month > pub.month else pub.year + 1
    elif shift == 0:
        year = pub.year
    else:
        ahead = (month - pub.month) % 12
        if anchor.tense == FUTURE:
            year = pub.year if month >= pub.month else pub.year + 1
        elif anchor.tense == PAST or not 0 < ahead <= NEAR_FUTURE_MONTHS:
            # news mostly reports the past: without a future tense only the next couple of
            # months are read forward
            year = pub.year if month <= pub.month else pub.year - 1
        else:
            year = pub.year if month > pub.month else pub.year + 1
    return Timex(f"{year}-{month:02d}", anchored=True)


def resolve_weekday(dow: int, anchor: Anchor, shift: int | None = None) -> Timex:
    """dow 1=Monday. The publication day itself counts as "on Monday" in a Monday article."""
    pub = anchor.pub_date
    if pub is None:
        return Timex(f"XXXX-WXX-{dow}")
    today = pub.isoweekday()
    back = (today - dow) % 7
    ahead = (dow - today) % 7
    if shift == -1:
        day = pub - dt.timedelta(days=back or 7)
    elif shift == 1:
        day = pub + dt.timedelta(days=ahead or 7)
    elif shift == 0:
        day = pub + dt.timedelta(days=dow - today)
    elif anchor.tense in (FUTURE, PRESENT):
        # "voters go to the polls on Thursday": a weekday in the simple present is scheduled
        day = pub + dt.timedelta(days=ahead)
    elif anchor.tense != PAST and 0 < ahead <= NEAR_FUTURE_DAYS:
        # without a past tense, tomorrow's or the day after's weekday is read forward
        day = pub + dt.timedelta(days=ahead)
    else:  # news default: the most recent such day
        day = pub - dt.timedelta(days=back)
    return Timex(day.isoformat(), anchored=True)


def resolve_weekend(anchor: Anchor, shift: int = 0) -> Timex:
    pub = anchor.pub_date
    if pub is None:
        return Timex("XXXX-WXX-WE")
    today = pub.isoweekday()
    if today >= 6:
        base = pub
    elif anchor.tense == FUTURE or (anchor.tense != PAST and today >= 4):
        base = pub + dt.timedelta(days=6 - today)
    else:
        base = pub - dt.timedelta(days=today)
    if shift == -1 and today >= 6:
        base -= dt.timedelta(days=7)
    if shift == 1 and today < 6:
        base = pub + dt.timedelta(days=6 - today) + dt.timedelta(days=7 if today >= 6 else 0)
    return Timex(_iso_week(base) + "-WE", anchored=True)


def resolve_period(unit: str, shift: int, anchor: Anchor) -> Timex:
    """this/last/next week, month, quarter, half, year, decade, century, day."""
    pub = anchor.pub_date
    if unit == "WE":
        return resolve_weekend(anchor, shift)
    if pub is None:
        return Timex(REF_BY_SHIFT[max(-1, min(1, shift))])
    if unit == "D":
        value = (pub + dt.timedelta(days=shift)).isoformat()
    elif unit == "W":
        value = _iso_week(pub + dt.timedelta(weeks=shift))
    elif unit == "M":
        y, m = _add_months(pub.year, pub.month, shift)
        value = f"{y}-{m:02d}"
    elif unit == "Q":
        index = pub.year * 4 + (pub.month - 1) // 3 + shift
        value = f"{index // 4}-Q{index % 4 + 1}"
    elif unit == "H":
        index = pub.year * 2 + (pub.month - 1) // 6 + shift
        value = f"{index // 2}-H{index % 2 + 1}"
    elif unit == "Y":
        value = str(pub.year + shift)
    elif unit == "DE":
        value = str(pub.year // 10 + shift)
    elif unit == "CE":
        value = str(pub.year // 100 + shift)
    else:
        return Timex(REF_BY_SHIFT[max(-1, min(1, shift))])
    return Timex(value, anchored=True)


def resolve_ago(count: float | None, unit: str, direction: int, anchor: Anchor) -> Timex:
    """'three years ago' -> the year three before publication, at the unit's granularity."""
    pub = anchor.pub_date
    if pub is None or count is None or not float(count).is_integer():
        return Timex(REF_BY_SHIFT[direction])
    n = int(count) * direction
    if unit in ("TH", "TM", "TS"):
        return Timex(REF_BY_SHIFT[direction])
    if unit == "2W":
        unit, n = "W", n * 2
    if unit == "Q":
        unit, n = "M", n * 3
    if unit in ("DE", "CE"):
        # "a decade ago" is the year ten years back, not the previous decade (that is "last decade")
        unit, n = "Y", n * (10 if unit == "DE" else 100)
    if unit == "D":
        return Timex((pub + dt.timedelta(days=n)).isoformat(), anchored=True)
    return resolve_period(unit, n, anchor)


def season_of(day: dt.date) -> tuple[int, str]:
    """(year, code) of the season holding `day`; winter belongs to the year it starts in."""
    m = day.month
    if m in (3, 4, 5):
        return day.year, "SP"
    if m in (6, 7, 8):
        return day.year, "SU"
    if m in (9, 10, 11):
        return day.year, "FA"
    return (day.year if m == 12 else day.year - 1), "WI"


SEASON_ORDER = ["SP", "SU", "FA", "WI"]


def resolve_season(code: str, anchor: Anchor, shift: int | None) -> Timex:
    pub = anchor.pub_date
    if pub is None:
        return Timex(f"XXXX-{code}")
    cur_year, cur = season_of(pub)
    cur_i, want_i = SEASON_ORDER.index(cur), SEASON_ORDER.index(code)
    if shift == 0 or (shift is None and want_i == cur_i):
        year = cur_year
    elif shift == -1 or (shift is None and anchor.tense != FUTURE):
        year = cur_year if want_i < cur_i else cur_year - 1  # the latest one already begun
    else:
        year = cur_year if want_i > cur_i else cur_year + 1
    return Timex(f"{year}-{code}", anchored=True)


# --- ranges --------------------------------------------------------------------------------


def date_range(value: str) -> tuple[str, str] | None:
    """First and last calendar day of a fully resolved DATE value, else None."""
    if "X" in value or "REF" in value or value.startswith("P"):
        return None
    try:
        return _range(value)
    except ValueError:
        return None


def _range(value: str) -> tuple[str, str] | None:
    def span(a: dt.date, b: dt.date) -> tuple[str, str]:
        return a.isoformat(), b.isoformat()

    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return span(d, d)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m[1]), int(m[2])
        return span(dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1]))
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(m[1])
        return span(dt.date(y, 1, 1), dt.date(y, 12, 31))
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return span(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
        return span(monday, monday + dt.timedelta(days=6))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        last = q * 3
        return span(dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1]))
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return span(dt.date(y, 1 if h == 1 else 7, 1), dt.date(y, 6, 30) if h == 1 else dt.date(y, 12, 31))
    # seasons ("2025-SU") get no range: meteorological, astronomical and southern-hemisphere
    # seasons disagree on their first and last days
    if m := re.fullmatch(r"(\d{3})", value):
        y = int(m[1]) * 10
        return span(dt.date(y, 1, 1), dt.date(y + 9, 12, 31))
    if m := re.fullmatch(r"(\d{2})", value):
        y = int(m[1]) * 100
        return span(dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31))
    return None


# --- the parser --------------------------------------------------------------------------


def _year(text: str, anchor: Anchor) -> int | None:
    text = text.strip().lstrip("'")
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if re.fullmatch(r"\d{2}", text):
        n = int(text)
        pivot = (anchor.pub_date.year % 100 + 10) if anchor.pub_date else 30
        return (2000 if n <= pivot else 1900) + n
    return None


def _duration(count: float | None, unit: str) -> str:
    if unit == "2W":
        unit, count = "W", None if count is None else count * 2
    if unit == "Q":
        unit, count = "M", None if count is None else count * 3
    if unit in ("DE", "CE"):  # TimeML writes decades and centuries in years
        unit, count = "Y", None if count is None else count * (10 if unit == "DE" else 100)
    n = "X" if count is None else format_number(count)
    if unit.startswith("T"):
        return f"PT{n}{unit[1]}"
    return f"P{n}{unit}"


def _count(text: str | None) -> tuple[bool, float | None]:
    """(is a count, its value or None if vague)."""
    if text is None:
        return True, 1.0
    text = text.strip()
    if re.fullmatch(_patterns()["VAGUE"], text):
        return True, None
    n = to_number(text)
    return (n is not None), n


def normalise(words, anchor: Anchor | None = None, qualifier: str | None = None) -> Timex | None:
    """The TIMEX3 reading of an expression's words, or None if it is not one we can read."""
    anchor = anchor or Anchor()
    text = clean_words(words)
    if not text:
        return None
    timex = _parse(text, anchor)
    if timex is None:
        return None
    if qualifier:
        d = load_data()
        table = d["duration_mods"] if timex.kind == "DURATION" else d["point_mods"]
        timex.mod = table.get(qualifier.lower(), timex.mod) or timex.mod
        if text.endswith(" ago") and timex.kind == "DATE":
            # "more than a year ago" lies before the date a year back, not after it
            timex.mod = _AGO_FLIPPED_MODS.get(timex.mod, timex.mod)
    return timex


_AGO_FLIPPED_MODS = {"AFTER": "BEFORE", "BEFORE": "AFTER", "ON_OR_AFTER": "ON_OR_BEFORE", "ON_OR_BEFORE": "ON_OR_AFTER"}


def _parse(text: str, anchor: Anchor) -> Timex | None:
    d = load_data()
    # parts of a period ("early December", "the end of September last year")
    m = _rx(r"(?:the )?({PARTMOD})(?: - | )?(.+)").fullmatch(text)
    if m and m[2] not in ("on", "of", "the"):
        key = m[1] if m[1] in d["part_mods"] else "the " + m[1]
        inner = _parse(m[2], anchor)
        if inner is not None and inner.kind in ("DATE", "TIME"):
            inner.mod = d["part_mods"].get(key, d["part_mods"].get(m[1]))
            return inner
    for rule in _RULES:
        result = rule(text, anchor)
        if result is not None:
            return result
    if text.startswith("the ") and not re.match(r"the (?:past|next|last|coming|following|previous)\b", text):
        return _parse(text[4:], anchor)  # "the Dec. 21 bombing"
    return None


# Why the absolute-date rules below stay hand-written rather than calling dateparser (measured
# on 23 written forms of one date: 19 read alike): dateparser reads a dotted date month-first
# ("01.05.2015" -> 5 January; European dotted dates are day-first), picks the century of a
# two-digit year by PREFER_DATES_FROM ("3/7/27" -> 1927 in the past) instead of a pivot on the
# publication year, ignores a weekday written beside a year-less date ("Friday, Oct. 23"), has
# no near-future window for year-less dates, misses ordinal words ("the second of August"), and
# costs ~0.7 ms per expression against ~10 us here. It is kept as the fallback for forms these
# rules do not know (parse_with_dateparser, at the end of this module).
def _rule_iso(text, anchor):
    if m := re.fullmatch(r"(\d{4}) - (\d{1,2}) - (\d{1,2})", text):
        if _safe_date(int(m[1]), int(m[2]), int(m[3])):
            return Timex(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
    if m := re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text):
        if _safe_date(int(m[1]), int(m[2]), int(m[3])):
            return Timex(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
    if m := _rx(r"(\d{1,2}) - ({MONTH}) - (\d{4}|\d{2})").fullmatch(text):  # 19-Nov-24, 03-Mar-2025
        y, month = _year(m[3], anchor), load_data()["months"][m[2]]
        if y and _safe_date(y, month, int(m[1])):
            return Timex(f"{y}-{month:02d}-{int(m[1]):02d}")
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):  # 13.5.2015: day first
        if _safe_date(int(m[3]), int(m[2]), int(m[1])):
            return Timex(f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}")
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", text):
        a, b, y = int(m[1]), int(m[2]), _year(m[3], anchor)
        month, day = (b, a) if a > 12 else (a, b)  # US order unless impossible
        if y and _safe_date(y, month, day):
            return Timex(f"{y}-{month:02d}-{day:02d}")
    return None


def _rule_day_month(text, anchor):
    m = re.fullmatch(r"(last|next|this) (.+)", text)
    if m:
        # "last Oct. 23": the latest such day before publication; "next March 3" the first after
        shifted = Anchor(anchor.pub_date, {"last": PAST, "next": FUTURE}.get(m[1], anchor.tense),
                         anchor.last_year, anchor.last_day)
        return _day_month(m[2], shifted)
    return _day_month(text, anchor)


def _day_month(text, anchor):
    d = load_data()
    forms = [
        r"(?:(?:{DOW}) (?:, )?)?(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: of)? (?P<month>{MONTH})(?: (?:, )?(?P<year>'?\d{4}|'\d{2}))?",
        r"(?:(?:{DOW}) (?:, )?)?(?P<month>{MONTH}) (?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: (?:, )?(?P<year>'?\d{4}|'\d{2}))?",
        r"(?:(?:{DOW}) (?:, )?)?(?:the )?(?P<dayw>{ORD})(?: of)? (?P<month>{MONTH})(?: (?:, )?(?P<year>\d{4}))?",
        r"(?:(?:{DOW}) (?:, )?)?(?P<month>{MONTH}) (?:the )?(?P<dayw>{ORD})(?: (?:, )?(?P<year>\d{4}))?",
    ]
    for form in forms:
        m = _rx(form + r"(?P<rel> (?:last|this|next) year)?").fullmatch(text)
        if not m:
            continue
        groups = m.groupdict()
        month = d["months"][m["month"]]
        day = int(groups["day"]) if groups.get("day") else d["ordinals"][groups["dayw"]]
        if m["year"]:
            y = _year(m["year"], anchor)
            if y and _safe_date(y, month, day):
                return Timex(f"{y}-{month:02d}-{day:02d}")
            return None
        if m["rel"]:
            year_tx = resolve_period("Y", {"last": -1, "this": 0, "next": 1}[m["rel"].split()[0]], anchor)
            if not year_tx.anchored:
                return Timex(f"XXXX-{month:02d}-{day:02d}")
            return Timex(f"{year_tx.value}-{month:02d}-{day:02d}", anchored=True) \
                if _safe_date(int(year_tx.value), month, day) else None
        return resolve_month_day(month, day, anchor)
    return None


def _rule_month(text, anchor):
    d = load_data()
    m = _rx(r"(?:(?P<shift>last|this|next|early|late|mid|until|in) )?(?P<month>{MONTH})"
            r"(?: (?:, )?(?:of )?(?P<year>\d{4}|'\d{2})| (?P<rel>last|this|next) year)?").fullmatch(text)
    if not m:
        return None
    month = d["months"][m["month"]]
    if m["year"]:
        y = _year(m["year"], anchor)
        return Timex(f"{y}-{month:02d}") if y else None
    if m["rel"]:
        year_tx = resolve_period("Y", {"last": -1, "this": 0, "next": 1}[m["rel"]], anchor)
        return Timex(f"{year_tx.value}-{month:02d}", anchored=True) if year_tx.anchored \
            else Timex(f"XXXX-{month:02d}")
    shift = {"last": -1, "this": 0, "next": 1}.get(m["shift"] or "")
    return resolve_month(month, anchor, shift)


def _rule_year(text, anchor):
    m = re.fullmatch(r"(?:the )?(?:(?:fiscal|calendar|financial|model|school|tax|academic)(?: year)? |fy ?|year )?"
                     r"(\d{4}|'\d{2})(?: (?:calendar|fiscal|financial|tax|model) year| year)?", text)
    if m:
        y = _year(m[1], anchor)
        if y is not None and 1000 <= y <= 2200:
            return Timex(str(y))
    m = re.fullmatch(r"(?:the )?(?:(?P<c>\d{2})|')?(?P<d>\d)0 ?'?s", text)
    if m:
        century = m["c"] or "19"
        return Timex(f"{century}{m['d']}")
    m = re.fullmatch(r"(?:the )?(\d{2})00 ?'?s", text)
    if m:
        return Timex(m[1])
    m = _rx(r"(?:the )?(?P<n>\d{1,2}(?:st|nd|rd|th)|{ORD}) century").fullmatch(text)
    if m:
        n = load_data()["ordinals"].get(m["n"]) or int(re.match(r"\d+", m["n"])[0])
        return Timex(f"{n - 1:02d}")
    return None


_FISCAL_YEAR = (r"(?:fy ?'?|(?:fiscal|financial) (?:year )?'?)(?P<fy1>\d{4}|\d{2})(?: ?(?:/|-) ?(?P<fy2>\d{4}|\d{2}))?"
                r"|(?P<fy3>\d{4}) ?(?:/|-) ?(?P<fy4>\d{4}|\d{2}) (?:fiscal|financial) year"
                r"|(?P<fy5>\d{4}) (?:fiscal|financial) year")


def _fiscal_label(m: re.Match, anchor: Anchor) -> int | None:
    """The year a fiscal year is named by: the one it ends in ('2024/25' -> 2025)."""
    first, second = (m["fy1"], m["fy2"]) if m["fy1"] else (m["fy3"] or m["fy5"], m["fy4"])
    year = int(first) if len(first) == 4 else _year(first, anchor)
    if year is None or not second:
        return year
    end = int(second) if len(second) == 4 else year // 100 * 100 + int(second)
    if end < year:
        end += 100  # "1999/00"
    return end if end == year + 1 else None


def _rule_fiscal_year(text, anchor):
    """'FY25', 'FY 2025', 'fiscal 2025', 'the 2024/25 financial year' -> FY2025 (ISO-TimeML
    style label, the year the fiscal year ends in; its range is unknown)."""
    m = re.fullmatch(r"(?:the )?(?:" + _FISCAL_YEAR + ")", text)
    if not m:
        return None
    year = _fiscal_label(m, anchor)
    return Timex(f"FY{year}") if year and 1000 <= year <= 2200 else None


def _rule_part_of_year(text, anchor):
    """Quarters and halves: 'the third quarter of 2024', 'Q3 2024', 'the second half',
    'first - half', "2019 's third quarter", '3rd qtr'; fiscal ones ('fiscal Q3', 'Q1 FY25',
    'the first half of fiscal 2025') as FY2025-Q1. In an article that sets calendar periods
    apart (`Anchor.fiscal_periods`), a half or quarter not called 'calendar' is fiscal."""
    d = load_data()
    m = _rx(r"(?:the )?(?:(?P<pyear>\d{4}) 's )?(?:(?P<fyb>fy ?'?\d{2}(?:\d{2})?) )?"
            r"(?:(?P<shift>last|this|next|current|previous|fiscal|financial) )?"
            r"(?:(?P<ord>{ORD})(?: - | )(?P<unit>quarter|half|qtr\.?)|q(?P<q>[1-4])|h(?P<h>[12]))"
            r"(?: (?:of )?(?:the )?(?:(?P<year>\d{4}|'\d{2})|(?P<fya>" + _FISCAL_YEAR.replace("?P<fy", "?P<a")
            + r")|(?P<rel>last|this|next|current) year|year))?"
            r"(?: (?P<suffix>calendar|fiscal|financial)(?: year)?)?").fullmatch(text)
    if not m:
        return None
    if m["ord"]:
        n = d["ordinals"][m["ord"]]
        unit = "H" if m["unit"] == "half" else "Q"
    else:
        n, unit = (int(m["q"]), "Q") if m["q"] else (int(m["h"]), "H")
    if not (1 <= n <= (4 if unit == "Q" else 2)):
        return None
    fiscal_label = None
    if m["fya"] or m["fyb"]:
        fy = re.fullmatch(_FISCAL_YEAR, m["fya"] or m["fyb"])
        fiscal_label = fy and _fiscal_label(fy, anchor)
        if fiscal_label is None:
            return None
    written = fiscal_label or m["pyear"] or m["year"]
    fiscal = fiscal_label is not None or m["shift"] in ("fiscal", "financial") \
        or m["suffix"] in ("fiscal", "financial") \
        or (anchor.fiscal_periods and m["suffix"] != "calendar" and not written)
    if written:
        year = written if isinstance(written, int) else _year(written, anchor)
        return Timex(f"FY{year}-{unit}{n}" if fiscal else f"{year}-{unit}{n}")
    pub = anchor.pub_date
    if pub is None:
        return Timex(f"XXXX-{unit}{n}")
    shift = {"last": -1, "previous": -1, "next": 1}.get(m["rel"] or "", 0)
    year = pub.year + shift
    if fiscal:
        return Timex(f"FY{year}-{unit}{n}", anchored=True)
    current = (pub.month - 1) // 3 + 1 if unit == "Q" else (pub.month - 1) // 6 + 1
    if not m["rel"] and anchor.tense == PAST and n > current:
        year -= 1
    return Timex(f"{year}-{unit}{n}", anchored=True)


def _rule_season(text, anchor):
    d = load_data()
    m = _rx(r"(?:(?P<shift>last|this|next|the|past|early|late) )?(?P<s>{SEASON})"
            r"(?: (?:of )?(?P<year>\d{4}|'\d{2})| (?P<rel>last|this|next) year)?").fullmatch(text)
    if not m:
        return None
    code = d["seasons"][m["s"]]
    if m["year"]:
        return Timex(f"{_year(m['year'], anchor)}-{code}")
    if m["rel"]:
        year_tx = resolve_period("Y", {"last": -1, "this": 0, "next": 1}[m["rel"]], anchor)
        return Timex(f"{year_tx.value}-{code}", anchored=True) if year_tx.anchored else Timex(f"XXXX-{code}")
    shift = {"last": -1, "past": -1, "this": 0, "next": 1}.get(m["shift"] or "")
    return resolve_season(code, anchor, shift)


def nth_weekday(year: int, rule: list[int]) -> dt.date:
    month, weekday, nth, earliest = rule
    if nth > 0:
        first = dt.date(year, month, earliest)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


@lru_cache(maxsize=1)
def _holiday_key(name: str) -> str:
    """A holiday name as normalise() sees it: "New Year's Eve" -> "new year 's eve"."""
    return clean_words(re.sub(r"(\w)(['\u2019]s)\b", r"\1 \2", name))


@lru_cache(maxsize=1)
def _holiday_date_rules() -> dict:
    """Holiday name (cleaned, lower-case) -> function (year, country) -> date or None.

    Sources, in data/dates.json: `holidays` (fixed month-day), `nth_weekday_holidays` (the nth
    weekday of a month), `easter_holidays` (days from Easter Sunday, dateutil.easter),
    `holiday_calendars` (lunar, lunisolar and other moving feasts, read from the `holidays`
    package's national calendars: by the article's country when that calendar has the day, else
    the holiday's main calendar, listed first) and `derived_holidays` (commercial days counted
    from the holiday they follow: Black Friday is the day after US Thanksgiving)."""
    from dateutil.easter import easter

    d = load_data()
    rules = {}
    for name, month_day in d["holidays"].items():
        month, day = (int(x) for x in month_day.split("-"))
        rules[_holiday_key(name)] = lambda year, country=None, m=month, dd=day: _safe_date(year, m, dd)
    for name, rule in d["nth_weekday_holidays"].items():
        if not name.startswith("_"):
            rules[_holiday_key(name)] = lambda year, country=None, r=rule: nth_weekday(year, r)
    for name, offset in d["easter_holidays"].items():
        if not name.startswith("_"):
            rules[_holiday_key(name)] = lambda year, country=None, o=offset: easter(year) + dt.timedelta(days=o)
    for name, calendars in d["holiday_calendars"].items():
        if not name.startswith("_"):
            rules[_holiday_key(name)] = lambda year, country=None, c=tuple(map(tuple, calendars)): \
                _calendar_holiday(year, country, c)
    for name, derived in d["derived_holidays"].items():
        if not name.startswith("_"):
            base, days = derived
            rules[_holiday_key(name)] = lambda year, country=None, b=_holiday_key(base), n=days: \
                _shifted(rules[b](year, country), n)
    return rules


def _shifted(day: dt.date | None, days: int) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=days)


def _calendar_holiday(year: int, country: str | None, calendars: tuple) -> dt.date | None:
    """The first day named `holiday` in a national calendar of the `holidays` package: the
    article's country's calendar if it lists the holiday, else the first one given."""
    ordered = sorted(calendars, key=lambda c: c[0] != country) if country else calendars
    for code, holiday in ordered:
        day = _calendar_day(code, year, holiday)
        if day is not None:
            return day
    return None


@lru_cache(maxsize=512)
def _calendar_day(country: str, year: int, holiday: str) -> dt.date | None:
    import holidays  # lazy: only articles that name such a holiday pay for the import

    try:
        calendar_ = holidays.country_holidays(country, years=year, language="en_US")
    except (NotImplementedError, KeyError, ValueError):
        return None
    wanted = holiday.lower()
    days = [day for day, names in calendar_.items()
            if any(n.strip().lower().removesuffix(" holiday") == wanted for n in names.split(";"))]
    return min(days) if days else None


def _rule_holiday(text, anchor):
    """Named days: fixed ('Christmas Eve'), the nth weekday of a month ('Thanksgiving'), feasts
    counted from Easter ('Good Friday'), lunar and lunisolar feasts ('Diwali', 'Chinese New
    Year', 'Eid') and the commercial days after them ('Black Friday'). Without a year, the
    tense and 'last'/'next' pick which one: the latest one passed in a past clause, the next one
    ahead in a future clause, else like a month name (forward only into the next couple of
    months). 'Easter week' is its ISO week."""
    m = re.fullmatch(r"(?:(last|this|next) )?(.+?)( week)?(?: (\d{4}))?", text)
    if not m or m[2] not in _holiday_date_rules():
        return None
    rule = _holiday_date_rules()[m[2]]
    date_in = lambda year: rule(year, anchor.country)  # noqa: E731
    if m[4]:
        day = date_in(int(m[4]))
        if day is None:
            return None
        return Timex(_iso_week(day) if m[3] else day.isoformat())
    pub = anchor.pub_date
    if pub is None:
        sample = date_in(2001)
        fixed = sample is not None and all(date_in(y) == _safe_date(y, sample.month, sample.day)
                                           for y in (2002, 2003))
        if m[3]:
            return Timex("XXXX-WXX")
        return Timex(f"XXXX-{sample.month:02d}-{sample.day:02d}" if fixed else "XXXX-XX-XX")
    shift = {"last": -1, "next": 1}.get(m[1] or "")
    if m[3]:  # a week has begun once its Monday is past: "as Easter week began"
        date_in = lambda year, holiday=date_in: _shifted(holiday(year), -holiday(year).weekday()) \
            if holiday(year) else None  # noqa: E731
    this_year = date_in(pub.year)
    if this_year is None:
        return None
    if shift == -1 or (shift is None and anchor.tense == PAST):
        year = pub.year if this_year <= pub else pub.year - 1
    elif shift == 1 or anchor.tense == FUTURE:
        year = pub.year if this_year >= pub else pub.year + 1
    elif m[1] == "this":
        year = pub.year
    else:  # like a month name: forward only into the next couple of months
        year = pub.year if this_year <= pub + dt.timedelta(days=31 * NEAR_FUTURE_MONTHS) else pub.year - 1
    day = date_in(year)
    if day is None:
        return None
    return Timex(_iso_week(day) if m[3] else day.isoformat(), anchored=True)


def _time_of_day(text: str) -> str | None:
    """'3 pm' -> '15:00', '10:30' -> '10:30', 'noon' -> '12:00'; None if not a clock time."""
    d = load_data()
    text = re.sub(r" (?:gmt|bst|utc|et|est|edt|pst|pdt|cet|cest|local time)$", "", text)
    if text in d["special_times"]:
        return d["special_times"][text]
    m = _rx(r"(\d{1,2})(?:[:.](\d{2}))? ?(?P<ap>{AMPM})|(\d{1,2})[:.](\d{2})|(\d{1,2}) o'clock").fullmatch(text)
    if not m:
        return None
    if m["ap"]:
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour > 12:
            return None
        if m["ap"] in d["pm_words"] and hour < 12:
            hour += 12
        if m["ap"] in d["am_words"] and hour == 12:
            hour = 0
    elif m[4]:
        hour, minute = int(m[4]), int(m[5])
    else:
        hour, minute = int(m[6]), 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_CLOCK_THEN_DAY_PART = re.compile(
    r"(?P<clock>\d{1,2}(?:[:.]\d{2})?)(?: o'clock)? (?P<part>in the (?:morning|afternoon|evening)|at night"
    r"|this (?:morning|afternoon|evening)|tonight)")


def _clock_with_day_part(text: str) -> str:
    """'4 in the morning' -> '4 a.m.', "6 o'clock this afternoon" -> '6 p.m. today': the day
    part says which half of the day the clock means."""
    m = _CLOCK_THEN_DAY_PART.search(text)
    if not m:
        return text
    half = "a.m." if m["part"].endswith("morning") else "p.m."
    day = " today" if m["part"].startswith("this") or m["part"] == "tonight" else ""
    return text[: m.start()] + f"{m['clock']} {half}{day}" + text[m.end():]


def _rule_time(text, anchor):
    """Clock times, alone or with a day: '3 pm', '10:30 a.m. Monday', 'Friday at noon'."""
    text = _clock_with_day_part(text)
    clock = _rx(r"(?:\d{1,2}(?:[:.]\d{2})? ?(?:{AMPM})|\d{1,2}[:.]\d{2}|\d{1,2} o'clock|{SPECIAL})"
                r"(?: (?:gmt|bst|utc|et|est|edt|pst|pdt|cet|cest|local time))?")
    m = re.search(clock, text)
    if not m:
        return None
    hhmm = _time_of_day(m[0])
    if hhmm is None:
        return None
    rest = (text[: m.start()] + " " + text[m.end():]).strip()
    rest = re.sub(r"^(?:at|on|, )+ |(?: at| on| ,)+$", "", rest).strip(" ,")
    rest = re.sub(r"\b(?:at|on)\b", " ", rest).strip()
    rest = re.sub(r"\s+", " ", rest)
    if not rest:
        if anchor.pub_date is None:
            return Timex(f"T{hhmm}", kind="TIME", day_from_context=True)
        return Timex(f"{anchor.pub_date.isoformat()}T{hhmm}", kind="TIME", anchored=True,
                     day_from_context=True)
    day = _parse(rest, anchor)
    if day is None or day.kind != "DATE" or not re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}|XXXX-WXX-\d", day.value):
        return None
    return Timex(f"{day.value}T{hhmm}", kind="TIME", anchored=day.anchored)


def _rule_day_part(text, anchor):
    """'Monday morning', 'this afternoon', 'last night', 'tonight', 'late Thursday morning'."""
    d = load_data()
    m = _rx(r"(?P<day>.+?) (?P<part>{PART})").fullmatch(text)
    if m:
        part = d["day_parts"][m["part"]]
        if m["day"] in ("this", "the", "that"):
            day = resolve_period("D", 0, anchor) if anchor.pub_date else Timex("XXXX-XX-XX")
        elif m["day"] == "last" and part == "NI":
            day = resolve_period("D", -1, anchor) if anchor.pub_date else Timex("XXXX-XX-XX")
        else:
            day = _parse(m["day"], anchor)
        if day is None or not re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}|XXXX-WXX-\d", day.value):
            return None
        return Timex(f"{day.value}T{part}", kind="TIME", anchored=day.anchored)
    if text == "tonight":
        day = resolve_period("D", 0, anchor) if anchor.pub_date else Timex("XXXX-XX-XX")
        return Timex(f"{day.value}TNI", kind="TIME", anchored=day.anchored)
    return None


def _rule_deictic(text, anchor):
    d = load_data()
    m = re.fullmatch(r"(?:the day (?P<rel>before|after) )?(?P<w>today|yesterday|tomorrow)(?: 's)?", text)
    if not m:
        return None
    shift = d["deictic_days"][m["w"]] + {"before": -1, "after": 1}.get(m["rel"] or "", 0)
    if anchor.pub_date is None:
        return Timex(REF_BY_SHIFT[max(-1, min(1, shift))])
    return resolve_period("D", shift, anchor)


def _rule_weekday(text, anchor):
    d = load_data()
    m = _rx(r"(?:(?P<shift>last|this|next|past|coming|on) )?(?P<dow>{DOW})(?: 's)?").fullmatch(text)
    if not m:
        return None
    shift = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}.get(m["shift"] or "")
    return resolve_weekday(d["weekdays"][m["dow"]], anchor, shift)


@lru_cache(maxsize=1)
def _quantified_units() -> re.Pattern:
    d = load_data()
    return _rx(r"(?P<q>" + _alt(d["future_quantified"] + d["past_quantified"]) + r") (?P<u>{UNIT})")


def _rule_refs(text, anchor):
    d = load_data()
    bare = re.sub(r" 's$", "", text)
    for key, value in (("present_refs", "PRESENT_REF"), ("past_refs", "PAST_REF"), ("future_refs", "FUTURE_REF")):
        if bare in _cleaned_list(key):
            return Timex(value)
    # vague spans of a unit ("the coming days", "recent months", "the next few weeks") are
    # durations of an unspecified count, as TimeML writes them (PXD, PXW, PXM, PXY)
    m = _quantified_units().fullmatch(text)
    if m and m["u"].endswith("s"):
        return Timex(_duration(None, d["units"][m["u"]]), kind="DURATION")
    m = _rx(r"(?:in )?(?:the )?(?:(?:recent|past|last) (?:few |several )?|)(?P<u>{UNIT})(?: ahead)?").fullmatch(text)
    if m and m["u"].endswith("s") and text != m["u"]:
        return Timex(_duration(None, d["units"][m["u"]]), kind="DURATION")
    return None


@lru_cache(maxsize=None)
def _cleaned_list(key: str) -> frozenset:
    return frozenset(clean_words(w) for w in load_data()[key])


def _rule_relative_period(text, anchor):
    """'last week', 'this month', 'next year', 'the weekend', 'earlier this month', 'the quarter'."""
    d = load_data()
    m = _rx(r"(?:(?P<pre>earlier|later|so far|the rest of|the remainder of) )?"
            r"(?P<shift>last|this past|this coming|this|next|the|that|past|previous|coming|following|current|the current|the same|that same|the following|the previous|the prior|the preceding|prior|the past|the coming|the last|the next|a|one)"
            r" (?P<unit>week|weekend|month|year|quarter|decade|century|half|half - year|day)(?: 's)?").fullmatch(text)
    if not m:
        m2 = re.fullmatch(r"(?:the )?(?P<unit>weekend)", text)
        if m2:
            return resolve_weekend(anchor, 0)
        return None
    unit_word, shift_word = m["unit"], m["shift"]
    unit = "H" if unit_word.startswith("half") else d["calendar_units"][unit_word]
    if shift_word in ("a", "one"):
        return None
    story_shift = STORY_NEIGHBOURS.get(shift_word)
    if story_shift is not None and unit in ("D", "W", "M", "Y") and not m["pre"]:
        # "the following day", "the previous year": next to the date the story just named
        story = story_reference(anchor, unit)
        if story is not None:
            return _neighbour_of(story, unit, story_shift)
    if unit in ("Q", "H") and shift_word in PERIOD_NEIGHBOURS:
        # "the prior quarter", "the following half": the calendar period next to the one the
        # story is about (the last quarter or half it named), else to the publication date's
        shift = PERIOD_NEIGHBOURS[shift_word]
        base = anchor.last_period if anchor.last_period and anchor.last_period.value[5:6] == unit else None
        if base is not None:
            return _shift_period(base, shift)
        return resolve_period(unit, shift, anchor)
    if shift_word.startswith("the ") and shift_word not in ("the current", "the same") and unit != "WE":
        # "the past year", "the next month" are stretches of time, not calendar periods
        return Timex(_duration(1, "M" if unit == "H" else unit) if unit != "H" else "P6M", kind="DURATION")
    if shift_word in ("past", "coming", "following", "previous", "this past", "this coming") \
            and (unit != "WE" or shift_word.startswith("this ")):
        shift = d["relative_shifts"][shift_word]
        return resolve_period(unit, shift, anchor)
    if shift_word == "that" and unit == "Y" and anchor.last_year:
        return Timex(str(anchor.last_year))
    month_named = anchor.last_day and re.match(r"\d{4}-\d{2}", anchor.last_day.value)
    if shift_word == "that" and unit == "M" and month_named:
        return Timex(month_named[0], anchored=anchor.last_day.anchored)  # "in June 2012 ... That month"
    shift = d["relative_shifts"].get(shift_word, 0)
    if unit == "D" and shift == 0:
        if shift_word in ("that", "the same", "that same") and anchor.last_day is not None:
            # "that same day", "earlier that day": the day just named; after a month only
            # the month is known ("last October ... that same day")
            day = anchor.last_day
            value = day.value if re.fullmatch(r"[\dX]{4}-(?:\d{2}-\d{2}|WXX-\d)", day.value) \
                else day.value + "-XX"
            return Timex(value, anchored=day.anchored)
        return None  # "the day" alone needs discourse we do not track
    result = resolve_period(unit, shift, anchor)
    if m["pre"] == "later" and result.value != "FUTURE_REF":
        result.mod = "END"
    return result


PERIOD_NEIGHBOURS = {"the current": 0, "current": 0, "the same": 0, "the prior": -1, "prior": -1, "the previous": -1,
                     "previous": -1, "the preceding": -1, "the following": 1, "following": 1, "the next": 1}


STORY_NEIGHBOURS = {"the following": 1, "following": 1, "the previous": -1, "previous": -1, "the prior": -1,
                    "prior": -1, "the preceding": -1}


def _neighbour_of(story: Timex, unit: str, shift: int) -> Timex:
    """The day, week, month or year `shift` away from a story date, at the unit's granularity."""
    first = dt.date.fromisoformat(date_range(story.value)[0])
    timex = resolve_period(unit, shift, Anchor(first))
    timex.anchored = story.anchored
    return timex


def _rule_story_relative(text, anchor):
    """'the next day', 'the day before', 'the year after', 'the week before last': relatives
    with no object, counted from the last date the story named (the publication date for
    'before last', which counts back from now)."""
    m = re.fullmatch(r"(?:(?P<inner>.+?) )?the (?P<unit>day|week|month|year) before last", text)
    if m:
        unit = load_data()["calendar_units"][m["unit"]]
        period = resolve_period(unit, -2, anchor)
        if not m["inner"]:
            return period
        if unit == "Y" and re.fullmatch(r"\d{4}", period.value):
            inner = _parse(f"{m['inner']} {period.value}", anchor)
            if inner is not None and inner.kind == "DATE" and inner.value.startswith(period.value):
                inner.anchored = period.anchored
                return inner
        return None
    m = re.fullmatch(r"the (?:(?P<next>next|following) day|day (?P<rel>before|after)|(?P<unit>week|month|year) (?P<rel2>before|after))", text)
    if not m:
        return None
    unit = "D" if (m["next"] or m["rel"]) else load_data()["calendar_units"][m["unit"]]
    shift = -1 if "before" in (m["rel"], m["rel2"]) else 1
    story = story_reference(anchor, unit)
    if story is None:
        return None
    return _neighbour_of(story, unit, shift)


def _shift_period(base: Timex, shift: int) -> Timex:
    """A quarter or half `shift` periods from `base` ('2019-Q4' + 1 -> '2020-Q1'; fiscal too)."""
    m = re.fullmatch(r"(FY)?(\d{4})-([QH])([1-4])", base.value)
    size = 4 if m[3] == "Q" else 2
    index = int(m[2]) * size + int(m[4]) - 1 + shift
    return Timex(f"{m[1] or ''}{index // size}-{m[3]}{index % size + 1}", anchored=base.anchored)


def _rule_ago(text, anchor):
    d = load_data()
    m = _rx(r"(?P<n>.+?) (?P<unit>{UNIT}) (?P<ago>{AGO})").fullmatch(text)
    if not m:
        return None
    is_count, n = _count(m["n"])
    if not is_count:
        return None
    direction = d["ago_words"][m["ago"]]
    unit = d["units"][m["unit"]]
    story_direction = d["counted_from_story_words"].get(m["ago"])
    if story_direction == -1 and anchor.reference is not None:
        # "a year earlier" counts back from the date the sentence just named, not from "now"
        counted = _count_back_from(anchor.reference, n, unit)
        if counted is not None:
            return counted
    if story_direction is not None:
        # "two weeks later", "a month before": counted from the last date the story named that
        # is precise enough for the unit; without one, a stretch of time (three weeks later)
        story = story_reference(anchor, unit)
        counted = story and _count_back_from(story, n, unit, direction=story_direction)
        if counted is not None:
            return counted
        if story_direction == 1:
            return Timex(_duration(n, unit), kind="DURATION")
    return resolve_ago(n, unit, direction, anchor)


def story_reference(anchor: Anchor, unit: str) -> Timex | None:
    """The last date named before, in any sentence, whose granularity allows counting by
    `unit` ('2019' for years; '2019-03-04' for days)."""
    shape = _REFERENCE_SHAPES.get(unit)
    for timex in reversed(anchor.story_dates):
        if shape and re.fullmatch(shape, timex.value) and date_range(timex.value):
            return timex
    return None


# which granularities of a reference date allow counting back by a unit ("1987" allows years,
# not days)
_REFERENCE_SHAPES = {
    "Y": r"\d{4}(?:-[^T]*)?",
    "DE": r"\d{4}(?:-[^T]*)?",
    "CE": r"\d{4}(?:-[^T]*)?",
    "Q": r"\d{4}-(?:\d{2}|Q[1-4])(?:-\d{2})?",
    "M": r"\d{4}-\d{2}(?:-\d{2})?",
    "W": r"\d{4}-\d{2}-\d{2}",
    "2W": r"\d{4}-\d{2}-\d{2}",
    "D": r"\d{4}-\d{2}-\d{2}",
}


def _count_back_from(reference: Timex, count: float | None, unit: str, direction: int = -1) -> Timex | None:
    """'a year earlier' after '1987': count back from the reference date instead of the
    publication date (a year keeps the reference's granularity, other units count from its
    first day). Anchored only if the reference itself needed the publication date."""
    shape = _REFERENCE_SHAPES.get(unit)
    first_day = date_range(reference.value)
    if shape is None or first_day is None or not re.fullmatch(shape, reference.value):
        return None
    if count is None or not float(count).is_integer():
        return None  # "some years earlier": nothing to count back
    n = int(count) * -direction
    if unit == "Y":
        # "a year earlier" after "the first quarter of 1987" is that quarter of 1986
        value = f"{int(reference.value[:4]) - n}{reference.value[4:]}"
        if date_range(value) is None:
            value = value[:4]  # 29 February of a common year
        return Timex(value, anchored=reference.anchored)
    if unit == "Q" and "-Q" in reference.value:
        index = int(reference.value[:4]) * 4 + int(reference.value[-1]) - 1 - n
        return Timex(f"{index // 4}-Q{index % 4 + 1}", anchored=reference.anchored)
    timex = resolve_ago(abs(n), unit, -1 if n > 0 else 1, Anchor(dt.date.fromisoformat(first_day[0])))
    timex.anchored = reference.anchored
    return timex


def _rule_set(text, anchor):
    d = load_data()
    if text in d["set_words"]:
        return Timex(d["set_words"][text], kind="SET")
    m = _rx(r"(?:(?P<times>.+?) times? (?:a|an|per|every|each) |(?:every|each|per) )(?:(?P<n>other|single|\S+) )?(?P<unit>{UNIT})").fullmatch(text)
    if not m:
        return None
    unit = d["units"][m["unit"]]
    if m["n"] == "other":
        n = 2.0
    elif m["n"] in (None, "single"):
        n = 1.0
    else:
        n = to_number(m["n"])
    if n is None:
        return None
    return Timex(_duration(n, unit), kind="SET")


def _rule_duration(text, anchor):
    """'three months', 'a full month', 'the past 10 years', 'five - week', 'months', 'half - year'."""
    d = load_data()
    m = _rx(r"(?:the )?(?:(?:past|last|next|first|coming|following|previous|initial|final|remaining|entire|whole|full|other|additional|further|extra|another) )*"
            r"(?:(?P<n>.+?) )?(?:(?:-|more|full|straight|consecutive|long|additional|further|extra|successive|calendar|whole|entire|odd|plus) )*"
            r"(?P<unit>{UNIT})(?: - long| long| running| in a row| straight)?").fullmatch(text)
    if m:
        unit = d["units"][m["unit"]]
        if m["n"] is None:
            if m["unit"].endswith("s") or m["unit"] in ("fortnights",):
                return Timex(_duration(None, unit), kind="DURATION")
            return None
        num = m["n"].strip()
        if num in ("half", "a half", "half a", "half an", "half - a"):
            return _half(unit)
        is_count, n = _count(num)
        if not is_count:
            return None
        if n is not None and n > 1 and not m["unit"].endswith("s") and " - " not in text and unit != "2W":
            # "six month" without a plural is still a duration written loosely
            pass
        return Timex(_duration(n, unit), kind="DURATION")
    m = _rx(r"(?:a |an )?half (?:a |an )?(?:- )?(?P<unit>{UNIT})").fullmatch(text)
    if m:
        return _half(d["units"][m["unit"]])
    m = _rx(r"(?P<n>.+?) and a half (?P<unit>{UNIT})|(?:a|an|one) (?P<unit2>{UNIT}) and a half").fullmatch(text)
    if m:
        n = to_number(m["n"]) if m["n"] else 1
        unit = d["units"][m["unit"] or m["unit2"]]
        if n is not None:
            return Timex(_duration(n + 0.5, unit), kind="DURATION")
    return None


# the next smaller unit and how many of it make one: "three quarters of an hour" is PT45M
_SMALLER_UNIT = {"CE": ("Y", 100), "DE": ("Y", 10), "Y": ("M", 12), "Q": ("M", 3), "M": ("D", 30),
                 "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}
_FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "quarter": 0.25, "a quarter": 0.25,
              "one quarter": 0.25, "three quarters": 0.75, "three - quarters": 0.75}


def _rule_fraction_duration(text, anchor):
    """'half a year' (P6M), 'a quarter of an hour' (PT15M), 'three quarters of a century' (P75Y):
    a fraction of one unit, written in the next smaller unit when that makes a whole count."""
    m = _rx(r"(?P<f>three - quarters|three quarters|a quarter|one quarter|quarter|a half|one half|half)"
            r" (?:of )?(?:a|an) (?P<unit>{UNIT})").fullmatch(text)
    if not m or m["unit"].endswith("s") and m["unit"] not in ("hours", "days"):
        return None
    unit = load_data()["units"][m["unit"]]
    count = _FRACTIONS[m["f"]]
    if unit == "M" and count == 0.5:
        return Timex("P2W", kind="DURATION")  # half a month, as TimeML writes it
    smaller = _SMALLER_UNIT.get(unit)
    if smaller and float(count * smaller[1]).is_integer():
        return Timex(_duration(count * smaller[1], smaller[0]), kind="DURATION")
    return Timex(_duration(count, unit), kind="DURATION")


def _half(unit: str) -> Timex | None:
    halves = {"Y": "P6M", "D": "PT12H", "TH": "PT30M", "M": "P2W", "DE": "P5Y", "CE": "P50Y"}
    return Timex(halves[unit], kind="DURATION") if unit in halves else None


def _rule_week_of(text, anchor):
    """'the week of March 6': the ISO week holding that day."""
    m = re.fullmatch(r"(?:the )?week (?:of|beginning|starting|ending) (?P<day>.+)", text)
    if not m:
        return None
    day = _parse(m["day"], anchor)
    found = day and re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", day.value)
    if not found:
        return None
    week = _iso_week(dt.date(int(found[1]), int(found[2]), int(found[3])))
    return Timex(week, anchored=day.anchored)


def _rule_day_next_to(text, anchor):
    """'the day before last Tuesday', 'the day after Christmas': one day off a named day."""
    m = re.fullmatch(r"(?:the )?day (?P<rel>before|after) (?P<day>.+?)(?: 's)?", text)
    if not m or m["day"] in ("yesterday", "tomorrow"):
        return None  # "the day before yesterday" is read by _rule_deictic
    day = _parse(m["day"], anchor)
    found = day and re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", day.value)
    if not found:
        return None
    named = dt.date(int(found[1]), int(found[2]), int(found[3]))
    shifted = named + dt.timedelta(days=1 if m["rel"] == "after" else -1)
    return Timex(shifted.isoformat(), anchored=day.anchored)


def _month_of(text: str, anchor: Anchor) -> Timex | None:
    month = _parse(text, anchor)
    if month is None or not re.fullmatch(r"\d{4}-\d{2}", month.value):
        return None
    return month


def _rule_nth_in_month(text, anchor):
    """'the second Monday of next month', 'the last week of July' (ISO weeks are counted
    by their Thursday, so a week belongs to the month holding most of its days)."""
    d = load_data()
    m = _rx(r"(?:the )?(?P<ord>{ORD}|last|final) (?:(?P<dow>{DOW})|(?P<week>week))"
            r" (?:of|in) (?P<month>.+)").fullmatch(text)
    if not m:
        return None
    month = _month_of(m["month"], anchor)
    if month is None:
        return None
    year, mon = (int(x) for x in month.value.split("-"))
    nth = d["ordinals"][m["ord"]]
    weekday = d["weekdays"][m["dow"]] if m["dow"] else 4
    if nth > 5:
        return None
    try:
        day = nth_weekday(year, [mon, weekday, nth, 1])
    except ValueError:
        return None
    if day.month != mon:
        return None  # "the fifth Monday" of a month that has four
    return Timex(_iso_week(day) if m["week"] else day.isoformat(), anchored=month.anchored)


def _rule_in_named_period(text, anchor):
    """'June 16th of last year', 'March of next year', 'Monday of last week': a day or month
    read inside the year or week the relative phrase names."""
    m = re.fullmatch(r"(?P<inner>.+?) of (?P<outer>(?:last|next|this|that|the previous|the following) (?:year|week))",
                     text)
    if not m:
        return None
    outer = _parse(m["outer"], anchor)
    if outer is None:
        return None
    week = re.fullmatch(r"(\d{4})-W(\d{2})", outer.value)
    if week:
        dow = load_data()["weekdays"].get(m["inner"])
        if dow is None:
            return None
        day = dt.date.fromisocalendar(int(week[1]), int(week[2]), dow)
        return Timex(day.isoformat(), anchored=outer.anchored)
    if not re.fullmatch(r"\d{4}", outer.value):
        return None
    inner = _parse(f"{m['inner']} {outer.value}", anchor)
    if inner is None or inner.kind != "DATE" or not inner.value.startswith(outer.value):
        return None
    inner.anchored = outer.anchored
    return inner


_RULES = [
    _rule_story_relative, _rule_in_named_period, _rule_week_of, _rule_nth_in_month, _rule_day_next_to,
    _rule_iso, _rule_day_month, _rule_month, _rule_fiscal_year, _rule_year, _rule_part_of_year, _rule_season,
    _rule_holiday, _rule_deictic, _rule_weekday, _rule_time, _rule_day_part, _rule_refs,
    _rule_relative_period, _rule_ago, _rule_set, _rule_fraction_duration, _rule_duration,
]


# --- dateparser fallback ---------------------------------------------------------------------
# Only for spans the rules above cannot read (and never over whole texts). dateparser returns
# one datetime plus its period; it reads durations ("two months", "2 hours") as points and
# ignores a named weekday ("Saturday the 23rd"), so it is only offered spans with a calendar
# anchor and its answer is checked against the weekday written.

PREFERENCE_BY_TENSE = {PAST: "past", FUTURE: "future"}
# bases far from any publication date: a value that changes with the base is relative
_PROBE_BASES = (dt.date(1901, 7, 15), dt.date(1907, 2, 3))


@lru_cache(maxsize=16)
def _date_data_parser(base: dt.date, prefer: str):
    """One parser per (base, preference): building is cheap, but settings are fixed per parser."""
    from dateparser.date import DateDataParser  # lazy: importing dateparser takes ~0.1 s

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": True,
    })


@lru_cache(maxsize=1)
def _fallback_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    ending = _alt(load_data()["dateparser_fallback"]["anchored_endings"])
    # "2022-23" is a range of years (split_range reads it), so a numeric date needs a day and
    # a month of at most two digits each, or a year first and two more parts
    anchor = _rx(r"(?:^|[^a-z])(?:{MONTH})(?:$|[^a-z])|\b\d{1,2}[/.-]\d{1,2}\b|\d{4}[/.-][a-z\d]+[/.-]\d"
                 r"|\d(?:st|nd|rd|th)\b|(?:^| )(?:" + ending + r")$")
    duration = _rx(r"(?:\d|\b(?:{NUMW}))(?:[\d/.,]*) (?:{UNIT})\b")
    weekday = _rx(r"\b(?P<dow>{DOW})\b")
    counted_from_now = re.compile(r"(?:^| )(?:" + ending + r")$")
    return anchor, duration, weekday, counted_from_now


def fallback_accepts(text: str) -> bool:
    """A calendar anchor and no bare duration ("1/2 hours", "two months 1987")."""
    anchor, duration, _, counted_from_now = _fallback_patterns()
    low = text.lower()
    if not anchor.search(low):
        return False
    return not duration.search(low) or bool(counted_from_now.search(low))


def _timex_from_date_data(date_obj: dt.datetime, period: str) -> Timex | None:
    granularity = load_data()["dateparser_fallback"]["periods"].get(period)
    if granularity == "day":
        return Timex(date_obj.date().isoformat())
    if granularity == "week":
        return Timex(_iso_week(date_obj.date()))
    if granularity == "month":
        return Timex(f"{date_obj.year}-{date_obj.month:02d}")
    if granularity == "year":
        return Timex(str(date_obj.year))
    if granularity == "time":
        return Timex(f"{date_obj.date().isoformat()}T{date_obj:%H:%M}", kind="TIME")
    return None


def _read_date_data(text: str, base: dt.date, prefer: str) -> Timex | None:
    data = _date_data_parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return _timex_from_date_data(data.date_obj, data.period)


def parse_with_dateparser(text: str, anchor: Anchor | None = None) -> Timex | None:
    """dateparser's reading of a span's text, at its period's granularity; None unless the span
    has a calendar anchor, the weekday written agrees, and (undated article) it is absolute."""
    anchor = anchor or Anchor()
    if not fallback_accepts(text):
        return None
    prefer = PREFERENCE_BY_TENSE.get(anchor.tense, "current_period")
    probe = _read_date_data(text, _PROBE_BASES[0], prefer)
    if probe is None:
        return None
    timex = _read_date_data(text, anchor.pub_date or _PROBE_BASES[1], prefer)
    if timex is None:
        return None
    timex.anchored = timex.value != probe.value
    if timex.anchored and anchor.pub_date is None:
        return None  # relative, and nothing to resolve it against
    dow = _fallback_patterns()[2].search(text.lower())
    day = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", timex.value[:10])
    if dow and day and dt.date(*map(int, day.groups())).isoweekday() != load_data()["weekdays"][dow["dow"]]:
        return None
    return timex
