"""AnchoredMatcher finds exactly what spaCy's Matcher finds (anchored.py)."""

import pytest
from spacy.matcher import Matcher

from jlr_extract.anchored import AnchoredMatcher, pattern_anchors

TEXTS = [
    "Production stopped on 1 September 2025 and resumed in early October, on Monday 6 October.",
    "The plant in Solihull, near Birmingham, employs 9,000 workers; its Halewood factory 3,500.",
    "Tata Motors-owned JLR, based in Coventry, said last week that the shutdown ran to Oct. 1.",
    "“It’s a disaster,” he said at 10:30am on Sept 30th, two weeks after the attack.",
    "Nothing here has a date or a place, it is only words and more words.",
    "",
]

PATTERNS = {
    "MONTH_DAY": [[{"LOWER": {"IN": ["september", "october", "oct", "sept"]}},
                   {"TEXT": ".", "OP": "?"}, {"LIKE_NUM": True}]],
    "DAY_MONTH_YEAR": [[{"IS_DIGIT": True}, {"LOWER": {"IN": ["september", "october"]}},
                        {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]],
    "ORDINAL_DAY": [[{"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)$"}}]],
    "NOT_BOUND": [[{"LOWER": "in"}, {"IS_PUNCT": False, "OP": "?"}, {"IS_TITLE": True}]],
    "SITE": [[{"LOWER": {"IN": ["plant", "factory"]}}], [{"TEXT": "-"}, {"LOWER": "owned"}]],
    "NEGATED": [[{"LOWER": "on"}, {"IS_TITLE": True, "OP": "!"}, {"LIKE_NUM": True}]],
}


def _both(nlp, patterns):
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp.vocab)
    for key, pats in patterns.items():
        plain.add(key, pats)
        anchored.add(key, pats)
    return plain, anchored


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_matcher(nlp, text):
    plain, anchored = _both(nlp, PATTERNS)
    doc = nlp(text)
    assert anchored(doc) == plain(doc)
    assert len(anchored) == len(plain)


def test_windows_cover_only_anchor_neighbourhoods(nlp):
    _, anchored = _both(nlp, {"PLANT": [[{"LOWER": "big"}, {"LOWER": "plant"}]]})
    doc = nlp("Words and words. A big plant here. More words and words and words.")
    windows = anchored.windows(doc)
    k = [t.lower_ for t in doc].index("plant")
    assert windows == [(k - 1, k + 1)]
    assert anchored(doc) == [(nlp.vocab.strings["PLANT"], k - 1, k + 1)]


def test_unbounded_pattern_runs_on_whole_doc(nlp):
    patterns = {"RUN": [[{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "+"}, {"LOWER": "plant"}]]}
    assert pattern_anchors(patterns["RUN"][0], nlp.vocab.strings) is None
    plain, anchored = _both(nlp, patterns)
    doc = nlp("the very big plant and the plant")
    assert anchored.windows(doc) == [(0, len(doc))]
    assert anchored(doc) == plain(doc)


def test_span_input_goes_to_matcher(nlp):
    plain, anchored = _both(nlp, PATTERNS)
    doc = nlp(TEXTS[0])
    span = doc[3:12]
    assert anchored(span) == plain(span)


def test_regex_cache_survives_docs(nlp):
    plain, anchored = _both(nlp, PATTERNS)
    for text in TEXTS * 2:
        doc = nlp(text)
        assert anchored(doc) == plain(doc)


def test_shipped_date_and_site_patterns(nlp):
    from jlr_extract.extract import dates, sites

    from pathlib import Path

    articles = sorted((Path(__file__).resolve().parent.parent / "data" / "articles").glob("*.txt"))
    corpus = [nlp(t) for t in TEXTS] + [nlp(p.read_text(encoding="utf-8")) for p in articles]
    assert len(corpus) > len(TEXTS)
    for anchored in (dates._matcher(nlp.vocab), sites._matchers(nlp.vocab)[0]):
        for doc in corpus:
            assert anchored(doc) == anchored.matcher(doc)


def test_patterns_added_after_a_call_are_found(nlp):
    plain, anchored = _both(nlp, {"SITE": PATTERNS["SITE"]})
    docs = [nlp(t) for t in TEXTS]
    assert [anchored(d) for d in docs] == [plain(d) for d in docs]
    for key in ("ORDINAL_DAY", "DAY_MONTH_YEAR", "MONTH_DAY"):
        plain.add(key, PATTERNS[key])
        anchored.add(key, PATTERNS[key])
        assert [anchored(d) for d in docs] == [plain(d) for d in docs]
