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
        # per pattern: its anchors as (test ids, tokens before, tokens from the anchor on)
        self._patterns: list[list[tuple[tuple[int, ...], int, int]]] = []
        self._whole_doc = False
        self._tests = _AnchorTests(vocab.strings)

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
                self._patterns.append([(tuple(self._tests.add(t) for t in tests), before, after)
                                       for tests, before, after in anchors])

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Disjoint, sorted (start, end) token windows holding every possible match."""
        n = len(doc)
        if self._whole_doc:
            return [(0, n)] if n else []
        hits = self._tests.hits(doc)
        joint: dict[tuple[int, ...], list[int]] = {}

        def where(ids: tuple[int, ...]) -> list[int]:
            if len(ids) == 1:
                return hits[ids[0]]
            if ids not in joint:
                found = set(hits[ids[0]])
                for i in ids[1:]:
                    found.intersection_update(hits[i])
                joint[ids] = sorted(found)
            return joint[ids]

        seen: set[tuple] = set()
        spans: list[tuple[int, int]] = []
        for anchors in self._patterns:
            best = min(anchors, key=lambda a: len(where(a[0]))) if len(anchors) > 1 else anchors[0]
            if best in seen:
                continue
            seen.add(best)
            ids, before, after = best
            spans.extend((max(k - before, 0), min(k + after, n)) for k in where(ids))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                if e > merged[-1][1]:
                    merged[-1][1] = e
            else:
                merged.append([s, e])
        return [(s, e) for s, e in merged]

    def __call__(self, doclike: Doc | Span) -> list[tuple[int, int, int]]:
        if isinstance(doclike, Span):
            return self.matcher(doclike)
        found = []
        for a, b in self.windows(doclike):
            found.extend((key, a + s, a + e) for key, s, e in self.matcher(doclike[a:b]))
        return found


REGEX_CACHE_SIZE = 200_000  # distinct token texts whose regex results are kept across Docs


class _AnchorTests:
    """Every distinct anchor test of one matcher, numbered, and evaluated for a whole Doc in
    one pass per attribute: each attribute's wanted values map to the tests that want them
    (a dict lookup per token), each regex is tried once per distinct token text (results kept
    across Docs, at most REGEX_CACHE_SIZE texts), each flag is one array comparison."""

    def __init__(self, strings):
        self.strings = strings
        self._ids: dict[tuple, int] = {}
        self._by_value: dict[str, dict[int, list[int]]] = {}  # attr -> value hash -> test ids
        self._regexes: list[tuple[int, str]] = []  # (test id, pattern) on the token text
        self._flags: list[tuple[int, str, bool]] = []
        self._regex_hits: dict[int, tuple[int, ...]] = {}  # ORTH hash -> regex test ids holding

    def add(self, test: tuple) -> int:
        """The number of a test (kind, attribute, value), given on first sight."""
        if test in self._ids:
            return self._ids[test]
        tid = self._ids[test] = len(self._ids)
        kind, attr, value = test
        if kind == "in":
            table = self._by_value.setdefault(attr, {})
            for h in value:
                table.setdefault(h, []).append(tid)
        elif kind == "regex":
            self._regexes.append((tid, value))
            self._regex_hits.clear()
        else:
            self._flags.append((tid, attr, value))
        return tid

    def hits(self, doc: Doc) -> list[list[int]]:
        """For each test number, the sorted token positions of `doc` where the test holds."""
        hits: list[list[int]] = [[] for _ in self._ids]
        attrs = list(self._by_value)
        if self._regexes and "ORTH" not in self._by_value:
            attrs.append("ORTH")
        names = attrs + [attr for _, attr, _ in self._flags]
        if not names or not len(doc):
            return hits
        columns = doc.to_array([IDS[name] for name in names]).reshape(len(doc), len(names)).T
        for attr, column in zip(attrs, columns[: len(attrs)].tolist()):
            table = self._by_value.get(attr)
            if table:
                get = table.get
                for p, h in enumerate(column):
                    ids = get(h)
                    if ids:
                        for tid in ids:
                            hits[tid].append(p)
            if attr == "ORTH" and self._regexes:
                self._regex_positions(column, hits)
        for (tid, _, value), column in zip(self._flags, columns[len(attrs):]):
            hits[tid] = numpy.flatnonzero(column.astype(bool) == value).tolist()
        return hits

    def _regex_positions(self, orth: list[int], hits: list[list[int]]) -> None:
        cache = self._regex_hits
        if len(cache) > REGEX_CACHE_SIZE:
            cache.clear()
        strings = self.strings
        for p, h in enumerate(orth):
            ids = cache.get(h)
            if ids is None:
                text = strings[h]
                ids = cache[h] = tuple(tid for tid, rx in self._regexes
                                       if _regex(rx).search(text) is not None)
            for tid in ids:
                hits[tid].append(p)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)
