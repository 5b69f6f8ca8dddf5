"""A spaCy Matcher that runs only on the windows of a Doc where one of its patterns can match.

spaCy's `Matcher` tries every pattern at every token, and each extension predicate (`IN`,
`REGEX`, flags) is a Python call per token: on news, the date patterns cost ~1.5 s per 170
articles, most of it on tokens no pattern can use. A pattern of bounded length L (no `*`, `+`
or `{n,m}` quantifiers) with a required token whose test can be checked on the Doc's
attribute arrays (its *anchor*: `LOWER`/`TEXT`/`ORTH`/`NORM`/`SHAPE` equal to or `IN` a set,
a `TEXT REGEX`, a boolean flag such as `LIKE_NUM`) can only match where its anchor holds: a
match with the anchor at token k, the anchor being the j-th of the pattern's L tokens, lies
inside [k - j, k + L - j). `AnchoredMatcher` finds the anchors with numpy, merges their
windows, and runs the ordinary Matcher on each merged window (`matcher(doc[a:b])`),
shifting the offsets back. Every match of the whole Doc lies inside one merged window, and
the Matcher finds it there the same way, so the matches (and their order) are those of the
plain Matcher on the Doc; tests/test_anchored.py checks that on real text and on the shipped
date and site patterns. For each pattern the anchor with the fewest hits in the Doc is used.

A pattern without a usable anchor, or of unbounded length, makes every call run on the
whole Doc (still correct, no faster).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import numpy
from spacy.attrs import IDS
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

# Pattern keys whose string values are compared as hashes of one token attribute.
_STRING_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH", "NORM": "NORM", "SHAPE": "SHAPE"}
# Boolean token flags Doc.to_array can read.
_FLAG_ATTRS = ("LIKE_NUM", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
               "IS_SPACE", "IS_STOP", "LIKE_URL", "LIKE_EMAIL", "IS_CURRENCY")
_BOUNDED_OPS = (None, "1", "?", "!")


def _token_tests(token: dict, strings) -> tuple:
    """The array-checkable tests of one token pattern, as a hashable tuple (empty if none)."""
    tests = []
    for key, value in token.items():
        if key == "OP":
            continue
        if key in _STRING_ATTRS:
            attr = _STRING_ATTRS[key]
            if isinstance(value, str):
                tests.append(("in", attr, frozenset([strings.add(value)])))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                tests.append(("in", attr, frozenset(strings.add(v) for v in value["IN"])))
            elif key == "TEXT" and isinstance(value, dict) and set(value) == {"REGEX"}:
                tests.append(("regex", "ORTH", value["REGEX"]))
        elif key in _FLAG_ATTRS and isinstance(value, bool):
            tests.append(("flag", key, value))
    return tuple(sorted(tests, key=repr))


def pattern_anchors(pattern: list[dict], strings) -> list[tuple[tuple, int, int]] | None:
    """(tests, tokens before, tokens from the anchor on) for each usable anchor of a pattern,
    or None when the pattern has none or can be of any length."""
    if any(token.get("OP") not in _BOUNDED_OPS for token in pattern):
        return None
    anchors = []
    for j, token in enumerate(pattern):
        if token.get("OP") in (None, "1"):
            tests = _token_tests(token, strings)
            if tests:
                anchors.append((tests, j, len(pattern) - j))
    return anchors or None


class AnchoredMatcher:
    """`spacy.matcher.Matcher` with the same `add` and `__call__` (match ids and token
    offsets into the Doc; Spans are passed to the Matcher unchanged), run on anchor windows.

    `add(key, patterns)` takes the Matcher's patterns (no `on_match`, no `greedy`: a window
    boundary cannot change which matches exist, but the greedy filter's choice is left to the
    plain Matcher)."""

    def __init__(self, vocab, validate: bool = False):
        self.vocab = vocab
        self.matcher = Matcher(vocab, validate=validate)
        self._patterns: list[list[tuple[tuple, int, int]]] = []
        self._whole_doc = False
        # regex -> (texts it matches, texts it does not), as string hashes
        self._regex_cache: dict[str, tuple[set[int], set[int]]] = {}

    def __len__(self) -> int:
        return len(self.matcher)

    def add(self, key: str, patterns: Iterable[list[dict]]) -> None:
        patterns = list(patterns)
        self.matcher.add(key, patterns)
        for pattern in patterns:
            anchors = pattern_anchors(pattern, self.vocab.strings)
            if anchors is None:
                self._whole_doc = True
            else:
                self._patterns.append(anchors)

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Disjoint, sorted (start, end) token windows holding every possible match."""
        n = len(doc)
        if self._whole_doc:
            return [(0, n)] if n else []
        columns = _Columns(doc, self._regex_cache)
        seen: set[tuple] = set()
        spans: list[tuple[int, int]] = []
        for anchors in self._patterns:
            best = min(anchors, key=lambda a: len(columns.hits(a[0]))) if len(anchors) > 1 else anchors[0]
            if best in seen:
                continue
            seen.add(best)
            tests, before, after = best
            spans.extend((max(k - before, 0), min(k + after, n)) for k in columns.hits(tests))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                if e > merged[-1][1]:
                    merged[-1][1] = e
            else:
                merged.append([s, e])
        if sum(len(t) + len(f) for t, f in self._regex_cache.values()) > REGEX_CACHE_SIZE:
            self._regex_cache.clear()
        return [(s, e) for s, e in merged]

    def __call__(self, doclike: Doc | Span) -> list[tuple[int, int, int]]:
        if isinstance(doclike, Span):
            return self.matcher(doclike)
        found = []
        for a, b in self.windows(doclike):
            found.extend((key, a + s, a + e) for key, s, e in self.matcher(doclike[a:b]))
        return found


REGEX_CACHE_SIZE = 200_000  # (regex, token text) results kept across Docs before a reset


class _Columns:
    """One Doc's token attributes as numpy columns, each with a stable sort order (so the
    positions holding a value, or any of a set of values, are found by binary search), built
    on demand; and the positions where each test holds, cached. Regex results are cached per
    distinct text across Docs (`regex_cache`)."""

    def __init__(self, doc: Doc, regex_cache: dict):
        self.doc = doc
        self.regex_cache = regex_cache
        self._sorted: dict[str, tuple[numpy.ndarray, numpy.ndarray]] = {}
        self._keys: dict[str, set[int]] = {}
        self._flags: dict[str, numpy.ndarray] = {}
        self._hits: dict[tuple, list[int]] = {}

    def index(self, attr: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(values in sorted order, the token position of each), for one attribute."""
        if attr not in self._sorted:
            column = self.doc.to_array(IDS[attr]).reshape(-1)
            order = numpy.argsort(column, kind="stable")
            self._sorted[attr] = (column[order], order)
        return self._sorted[attr]

    def keys(self, attr: str) -> set[int]:
        """The distinct values of one attribute in the Doc."""
        if attr not in self._keys:
            self._keys[attr] = set(self.index(attr)[0].tolist())  # (numpy.unique imports numpy.ma: 25 ms)
        return self._keys[attr]

    def _with_values(self, attr: str, values) -> set[int]:
        ordered, order = self.index(attr)
        wanted = numpy.fromiter(values, dtype=ordered.dtype, count=len(values))
        low = ordered.searchsorted(wanted, "left")
        high = ordered.searchsorted(wanted, "right")
        present = high > low
        found: set[int] = set()
        for lo, hi in zip(low[present].tolist(), high[present].tolist()):
            found.update(order[lo:hi].tolist())
        return found

    def positions(self, test: tuple) -> set[int]:
        kind, attr, value = test
        if kind == "flag":
            if attr not in self._flags:
                self._flags[attr] = self.doc.to_array([IDS[attr]]).reshape(-1).astype(bool)
            return set(numpy.flatnonzero(self._flags[attr] == value).tolist())
        if kind == "in":
            return self._with_values(attr, value)
        # a regex on the token text, tried once per distinct text (cached across Docs)
        present = self.keys(attr)
        true, false = self.regex_cache.setdefault(value, (set(), set()))
        unknown = present - true - false
        if unknown:
            rx, strings = _regex(value), self.doc.vocab.strings
            for h in unknown:
                (true if rx.search(strings[h]) is not None else false).add(h)
        return self._with_values(attr, present & true)

    def hits(self, tests: tuple) -> list[int]:
        if tests not in self._hits:
            found = self.positions(tests[0])
            for test in tests[1:]:
                if not found:
                    break
                found &= self.positions(test)
            self._hits[tests] = sorted(found)
        return self._hits[tests]


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)
