"""Property-based tests (hypothesis): hostile text never breaks an extractor or a record.

Profiles: `ci` (the default: few examples, fast) and `local` (many more), chosen with the
HYPOTHESIS_PROFILE environment variable:

    HYPOTHESIS_PROFILE=local .venv/bin/python -m pytest tests/test_properties.py

Time on hostile inputs is measured by benchmarks/bench_hostile.py, not here.
"""

from __future__ import annotations

import datetime as dt
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from jlr_extract.articles import Article
from jlr_extract.extract import dates, money, quotes, sites
from jlr_extract.components import Context
from jlr_extract.pipeline import Extractor
from jlr_extract.records import load_schema

settings.register_profile(
    "ci", max_examples=12, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: rerun with `local` to shrink
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "local", max_examples=400, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

EXTRACTORS = {"date": dates, "money": money, "site": sites, "quote": quotes}
QUOTE_MARKS = list("\"“”„«»'‘’‚`") + ["``", "''"]
CURRENCIES = list("£$€¥₹₩₽¢") + ["US$", "Rs", "GBP ", "EUR", "p", "pence", "dollars"]
SCALES = ["m", "bn", "k", "mn", "mln", " million", " billion", "m.", "bn."]
INVISIBLE = ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u0301", "\u200d", "\u00a0", "\u2009"]
WORDS = [
    "said", "told", "Smith", "Jane Roe", "he", "she", "it", "Acme Motors", "the company", "plant",
    "factory", "in", "Ohio", "Coventry", "January", "March 3", "2024", "last year", "Monday",
    "Q3", "fiscal", "about", "between", "and", "to", "from", ":", ",", ".", "!", "?", "—", "-",
    "(", ")", "Mr", "Dr.", "U.S.", "p.m.", "%", "per cent", "per share",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "  "]

pieces = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CURRENCIES),
    st.sampled_from(SCALES),
    st.sampled_from(INVISIBLE),
    st.sampled_from(WORDS),
    st.sampled_from(SEPARATORS),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.text(max_size=6),  # any Unicode: astral planes, controls, combining marks, surrogates out
)
hostile_text = st.lists(pieces, max_size=60).map("".join)


def _check_facts(facts, text):
    for fact in facts:
        assert fact.type in EXTRACTORS
        assert 0 <= fact.start < fact.end <= len(text), (fact, len(text))


@pytest.mark.parametrize("name", list(EXTRACTORS))
@given(text=hostile_text)
@example(text="“ he said ” “" * 40)
@example(text="Smith said “we are fine”, and " * 30)
@example(text="It cost £1\u200b2m. Jo said: “" + "x " * 20)
def test_every_extractor_returns_on_hostile_text(nlp, name, text):
    doc = nlp(text)
    facts = list(EXTRACTORS[name].extract(doc, Context("prop", dt.date(2025, 9, 29))))
    _check_facts(facts, text)
    assert all(f.type == name for f in facts)


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(load_schema())


@given(body=hostile_text, header=st.sampled_from(["", " date 2025-09-29\n", "date 2024-02-29\n\n"]))
@example(body="JLR lost £50m. Adrian Roe said: “We will be fine, all of us.”", header="")
def test_records_are_exact_slices_and_follow_the_schema(extractor, validator, body, header):
    text = header + body
    (result,) = list(extractor.run([Article.from_text("prop", text)]))
    assert result.error is None, result.error
    records = result.records()
    for record in records:
        validator.validate(record)
        assert record["text"] == text[record["start"] : record["end"]]
        assert len(header) <= record["start"] < record["end"] <= len(text)
    keys = [(r["start"], r["end"]) for r in records]
    assert keys == sorted(keys)


@given(noise=hostile_text, amount=st.integers(min_value=1, max_value=999),
       symbol=st.sampled_from(["$", "£", "€"]))
def test_a_plain_amount_survives_any_paragraph_before_it(extractor, noise, amount, symbol):
    """Noise in the paragraph before never hides, moves or changes a plain amount."""
    body = f"Acme Motors paid {symbol}{amount} million for the plant."
    text = noise + "\n\n" + body
    (result,) = list(extractor.run([Article.from_text("prop", text)]))
    found = [r for r in result.records() if r["type"] == "money" and r["start"] >= len(noise) + 2]
    assert [(r["text"], r["value"]["amount"]) for r in found] == [
        (f"{symbol}{amount} million", amount * 1_000_000)
    ]


# --- point 10 of issue 16: invisible characters and look-alike letters --------------------
# Read through the shared matching view (textview.py), as the command line reads articles:
# the characters are dropped or folded for matching and the offsets mapped back.

INSIDE_AMOUNT = ["\u200b", "\u2060", "\u200d", "\ufeff"]


def _through_the_view(types, text, pub_date=None):
    """Facts as the command line gives them: the text read through the matching view."""
    article = Article.from_text("t", text, dt.date.fromisoformat(pub_date) if pub_date else None)
    [result] = _extractors(types).run([article])
    return result.facts


_EXTRACTORS: dict = {}


def _extractors(types):
    if types not in _EXTRACTORS:
        _EXTRACTORS[types] = Extractor(types=types)
    return _EXTRACTORS[types]


@given(digits=st.integers(min_value=10, max_value=9999).map(str),
       cut=st.integers(min_value=1, max_value=3), mark=st.sampled_from(INSIDE_AMOUNT))
def test_invisible_character_inside_an_amount_keeps_it_whole(digits, cut, mark):
    assume(cut < len(digits))
    written = f"£{digits[:cut]}{mark}{digits[cut:]}m"
    text = f"Acme Motors paid {written} for the plant."
    found = _through_the_view(("money",), text)
    assert [(f.text, f.value["amount"]) for f in found] == [(written, int(digits) * 1_000_000)]


def _math_bold(word: str) -> str:
    out = []
    for char in word:
        if "A" <= char <= "Z":
            out.append(chr(0x1D400 + ord(char) - ord("A")))
        elif "a" <= char <= "z":
            out.append(chr(0x1D41A + ord(char) - ord("a")))
        else:
            out.append(char)
    return "".join(out)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@given(month=st.integers(min_value=1, max_value=12), day=st.integers(min_value=1, max_value=28),
       year=st.integers(min_value=1990, max_value=2030))
def test_look_alike_letters_do_not_hide_a_date(month, day, year):
    written = f"{day} {_math_bold(MONTHS[month - 1])} {year}"
    text = f"The plant opened on {written}, the company said."
    found = _through_the_view(("date",), text, "2025-09-29")
    assert [(f.text, f.value["timex"]) for f in found] == [
        (written, f"{year:04d}-{month:02d}-{day:02d}")
    ]


@given(text=st.lists(st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(SEPARATORS),
                               st.sampled_from(WORDS)), max_size=200).map("".join))
def test_quote_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = quotes.find_quote_spans(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        for a, b in span.pieces:
            assert span.start <= a <= b <= span.end
        previous_end = span.end
