"""Coarse part-of-speech tags from fine-grained tags, without spaCy's attribute ruler.

The English pipelines set `token.pos_` with an `attribute_ruler` that runs a Matcher over
every token (about 12% of the whole parse time). Our extractors read `pos_` but never
`morph` or `lemma_`, so we keep only the ruler's POS (and space-tag) rules, read from the
loaded model itself, and apply them with dictionary lookups. The result is identical to
the ruler's POS for every token (tests/test_nlp.py checks it on real text).
"""


import re
from typing import Any, Callable

from spacy.language import Language
import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc

TARGET_ATTRS = ("POS", "TAG")
# The token attributes the ruler's patterns test, as columns of one `Doc.to_array` call: the
# rules are decided on these integers (string hashes, IS_SPACE 0/1), never on Token objects.
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH")
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE, ORTH]


def _value_test(spec: Any, strings, flag: bool) -> Callable[[int], bool]:
    """A test of one column value (a string hash, or 0/1 for a flag) against a pattern value."""
    key = (lambda v: v) if flag else strings.add
    if isinstance(spec, dict):
        if "IN" in spec:
            allowed = {key(v) for v in spec["IN"]}
            return allowed.__contains__
        if "NOT_IN" in spec:
            banned = {key(v) for v in spec["NOT_IN"]}
            return lambda v: v not in banned
        if "REGEX" in spec and not flag:
            rx = re.compile(spec["REGEX"])
            return lambda v: bool(rx.search(strings[v]))
        raise ValueError(f"unsupported pattern operator {spec}")
    target = key(spec)
    return lambda v: v == target


def _token_test(token_pattern: dict, strings) -> Callable[[list], bool]:
    """A test of one token's row of COLUMNS against one token pattern."""
    unknown = set(token_pattern) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unsupported pattern attribute(s) {sorted(unknown)}")
    checks = [(COLUMNS.index(k), _value_test(spec, strings, k == "IS_SPACE")) for k, spec in token_pattern.items()]
    if len(checks) == 1:  # the common shapes without a generator per call
        (c1, t1), = checks
        return lambda row: t1(row[c1])
    if len(checks) == 2:
        (c1, t1), (c2, t2) = checks
        return lambda row: t1(row[c1]) and t2(row[c2])
    return lambda row: all(test(row[column]) for column, test in checks)


# Each rule is filed under the values its first token must have for one of these attributes,
# so a token only tries the few rules that can match it; the first attribute the rule tests
# with a value or an IN list is used, rarest first (a word is rarer than a dependency label,
# which is rarer than a tag: "NN" + "something" is filed under "something", not under every NN).
_INDEX_KEYS = ("LOWER", "DEP", "TAG", "IS_SPACE")


def _index_values(spec: Any) -> list | None:
    if isinstance(spec, (str, bool)):
        return [spec]
    if isinstance(spec, dict) and "IN" in spec:
        return list(spec["IN"])
    return None


class PosRules:
    """The POS-setting rules of an attribute ruler, applied in its precedence order."""

    def __init__(self, patterns: list[dict], strings):
        self.strings = strings
        self.index: dict[str, dict[Any, list]] = {key: {} for key in _INDEX_KEYS}
        self.generic: list = []
        # Plain tag-map rules ([{"TAG": "NN"}] -> POS NOUN) need no test: tag hash -> POS id.
        self.tag_pos: dict[int, int] = {}
        tag_map_orders, other_orders = [0], [len(patterns)]
        for order, entry in enumerate(patterns):
            attrs = {k: v for k, v in entry["attrs"].items() if k in TARGET_ATTRS}
            if not attrs:
                continue
            for pattern in entry["patterns"]:
                tag = pattern[0].get("TAG")
                if len(pattern) == 1 and list(pattern[0]) == ["TAG"] and isinstance(tag, str) and list(attrs) == ["POS"]:
                    self.tag_pos[strings.add(tag)] = IDS[attrs["POS"]]
                    tag_map_orders.append(order)
                else:
                    self._file((order, [_token_test(tp, strings) for tp in pattern], entry.get("index", 0), attrs), pattern[0])
                    other_orders.append(order)
        # Applying the tag map first is only right when it precedes every other rule, as it
        # does in the English pipelines (the tag map is loaded first).
        self.tag_map_first = max(tag_map_orders) < min(other_orders)

    def _file(self, rule, first_token: dict) -> None:
        for key in _INDEX_KEYS:
            values = _index_values(first_token[key]) if key in first_token else None
            if values is not None:
                for value in values:
                    value = value if isinstance(value, bool) else self.strings.add(value)
                    self.index[key][value] = self.index[key].get(value, ()) + (rule,)
                return
        self.generic.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        # Every rule is decided against the doc as the tagger and parser left it (the ruler
        # matches before it sets anything); then the tag map, then the other rules in order.
        # Attributes are read in one array call and rules tested on its rows: creating a Token
        # per word is the slow part.
        rows = doc.to_array(_ARRAY_ATTRS).tolist()
        by_lower, by_dep, by_tag, by_space = (self.index[k] for k in _INDEX_KEYS)
        generic = tuple(self.generic)
        tag_pos = self.tag_pos
        found: list[tuple[int, int, dict]] = []
        pos = doc.to_array([POS]).tolist()
        length = len(rows)
        for i, row in enumerate(rows):
            tag = row[0]
            if tag in tag_pos:
                pos[i] = tag_pos[tag]
            candidates = by_tag.get(tag, ()) + by_lower.get(row[1], ()) + by_dep.get(row[2], ()) + (
                by_space.get(bool(row[3]), ()) + generic)
            for order, tests, index, attrs in candidates:
                end = i + len(tests)
                if end <= length and (tests[0](row) if end == i + 1 else
                                      all(test(rows[i + k]) for k, test in enumerate(tests))):
                    found.append((order, (i if index >= 0 else end) + index, attrs))
        doc.from_array([POS], numpy.asarray(pos, dtype="uint64"))
        for _, i, attrs in sorted(found, key=lambda match: match[0]):
            token = doc[i]
            if "TAG" in attrs:
                token.tag_ = attrs["TAG"]
            if "POS" in attrs:
                token.pos_ = attrs["POS"]
        return doc


@Language.factory("jlr_pos_rules", default_config={"patterns": []})
def make_pos_rules(nlp: Language, name: str, patterns: list[dict]) -> PosRules:
    return PosRules(patterns, nlp.vocab.strings)


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap the model's attribute_ruler for the equivalent POS-only rules, in place.

    Returns False (and keeps the ruler) when its rules are not in the expected order."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = [dict(p) for p in nlp.get_pipe("attribute_ruler").patterns]
    if not PosRules(patterns, nlp.vocab.strings).tag_map_first:
        return False
    names = nlp.pipe_names
    following = names[names.index("attribute_ruler") + 1 :]
    nlp.remove_pipe("attribute_ruler")
    place = {"before": following[0]} if following else {"last": True}
    nlp.add_pipe("jlr_pos_rules", config={"patterns": patterns}, **place)
    return True
