"""Which values cannot both be true (story-v1.md, `status`).

Dates: resolved ranges that do not overlap after `mod` (a bound is the open range it names;
APPROX, START, MID, END keep the period's range); durations, sets, *_REF values and values with
X carry no range and never conflict. Amounts: values more than 5% apart after `mod` ("more than
£100m" conflicts only with £100m or less; "about £5m" only with values more than 5% from it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

AMOUNT_TOLERANCE = 0.05

_NEG_DAY, _POS_DAY = dt.date.min, dt.date.max


def date_interval(value: dict[str, Any]) -> Optional[tuple[dt.date, dt.date]]:
    """The closed interval of days a date value allows, or None when it can never conflict.

    value: a v1 date value (or a story event value) with `timex`, `mod`, `range`. A bound mod
    opens the range on one side: BEFORE [-inf, start-1], ON_OR_BEFORE [-inf, end],
    AFTER [end+1, +inf], ON_OR_AFTER [start, +inf].
    """
    rng = value.get("range")
    if not rng or "X" in (value.get("timex") or "X") or (value.get("kind") in ("DURATION", "SET")):
        return None
    try:
        start, end = dt.date.fromisoformat(rng[0]), dt.date.fromisoformat(rng[1])
    except (TypeError, ValueError):
        return None
    mod = value.get("mod")
    one = dt.timedelta(days=1)
    if mod == "BEFORE":
        return _NEG_DAY, start - one
    if mod == "ON_OR_BEFORE":
        return _NEG_DAY, end
    if mod == "AFTER":
        return end + one, _POS_DAY
    if mod == "ON_OR_AFTER":
        return start, _POS_DAY
    return start, end


def dates_conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two date values cannot both be true (their intervals do not overlap)."""
    x, y = date_interval(a), date_interval(b)
    if x is None or y is None:
        return False
    return x[1] < y[0] or y[1] < x[0]


def amount_interval(value: dict[str, Any]) -> Optional[tuple[float, float, bool, bool, bool]]:
    """(low, high, low_open, high_open, is_point) of a money value, None without a number.

    A range is [min, max]; APPROX a is [0.95a, 1.05a]; MORE_THAN (a, +inf), EQUAL_OR_MORE
    [a, +inf), LESS_THAN (-inf, a), EQUAL_OR_LESS (-inf, a]; a plain amount is the point a.
    """
    inf = float("inf")
    amount, low, high, mod = value.get("amount"), value.get("min"), value.get("max"), value.get("mod")
    if amount is None:
        if low is None and high is None:
            return None
        return (low if low is not None else -inf, high if high is not None else inf, False, False, False)
    a = float(amount)
    if mod == "APPROX":
        span = abs(a) * AMOUNT_TOLERANCE
        return a - span, a + span, False, False, False
    if mod == "MORE_THAN":
        return a, inf, True, False, False
    if mod == "EQUAL_OR_MORE":
        return a, inf, False, False, False
    if mod == "LESS_THAN":
        return -inf, a, False, True, False
    if mod == "EQUAL_OR_LESS":
        return -inf, a, False, False, False
    return a, a, False, False, True


def amounts_conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two money values of one subject, currency and rate cannot both be true."""
    x, y = amount_interval(a), amount_interval(b)
    if x is None or y is None:
        return False
    if x[4] and y[4]:
        return abs(x[0] - y[0]) > AMOUNT_TOLERANCE * max(abs(x[0]), abs(y[0]))
    return _disjoint(x, y) or _disjoint(y, x)


def _disjoint(x, y) -> bool:
    """x lies wholly below y."""
    if x[1] < y[0]:
        return True
    return x[1] == y[0] and (x[3] or y[2])
