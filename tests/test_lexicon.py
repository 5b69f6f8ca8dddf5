"""lexicon.word_alternation: the grouped alternation matches what the plain one matches."""

import random
import re

import pytest

from jlr_extract.lexicon import word_alternation

WORDS = ["US$", "USD", "US", "U.S. $", "usd", "Us", "EUR", "eur", "€", "£", "$", "C$", "CAD",
         "Can$", "c", "dlrs", "Dlrs", "DLRS", "half", "Half", "a half", "a quarter", "an",
         "a", "ähm", "Ähm", "x y"]


def _widen(word):
    return re.escape(word).replace(r"\ ", r"\s+")


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_same_matches_as_the_plain_alternation(seed, flags):
    rng = random.Random(seed)
    words = rng.sample([w for w in WORDS if not w[0].isupper() or w.isascii()], rng.randint(1, 15))
    rng.shuffle(words)
    if seed % 2:
        words.sort(key=len, reverse=True)
    text = " ".join(rng.choice(WORDS + ["x", "Ux", "12", "Dl", "ha"]) + rng.choice(["", "1", " 2"])
                    for _ in range(60))
    # followed by a digit: backtracking into the alternation must try the words in order
    for tail in ("", r"(?=\s?\d)", r"\d"):
        plain = re.compile(f"(?:{'|'.join(_widen(w) for w in words)}){tail}", flags)
        grouped = re.compile(f"(?:{word_alternation(words, _widen)}){tail}", flags)
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_groups_by_first_character_in_order():
    assert word_alternation(["USD", "EUR", "US$", "US"]) == r"U(?:SD|S\$|S)|EUR"
    assert word_alternation(["usd", "USD"]) == "(?:usd|USD)"  # mixed case: kept whole
    assert word_alternation(["ähm", "x"]) == "ähm|x"  # a non-ASCII letter: the plain form
    assert word_alternation([" x", "y"]) == r"\ x|y"
