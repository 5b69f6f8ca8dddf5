"""The matching view: folded characters, blanked markup, offsets mapped back exactly."""

import datetime as dt

import pytest

from jlr_extract import extract
from jlr_extract.textview import blank_markup, make_view


@pytest.mark.parametrize("source, view", [
    ("March\u202f3", "March 3"),              # narrow no-break space
    ("£1\u00a0m", "£1 m"),                    # no-break space
    ("a\u2009b\u3000c", "a b c"),             # thin and ideographic spaces
    ("£1\u200b2m", "£12m"),                   # zero-width space
    ("re\u00adopen", "reopen"),               # soft hyphen
    ("20\u206025", "2025"),                   # word joiner
    ("\ufeffdate", "date"),                   # a BOM inside the text
    ("5\u03012m", "52m"),                     # a combining mark after a digit splits the number
    ("Jose\u0301", "Jose\u0301"),             # ... but after a letter it is an accent
    ("\U0001d40c\U0001d41a\U0001d42b\U0001d41c\U0001d421", "March"),  # mathematical bold
    ("\uff12\uff10\uff12\uff15", "2025"),     # full-width digits
])
def test_characters_are_folded(source, view):
    assert make_view(source, markup=False).text == view


@pytest.mark.parametrize("source, view", [
    ("said [Jo Bloggs](https://example.com/jo) on", "said  Jo Bloggs" + " " * len("](https://example.com/jo)") + " on"),
    ("![a chart](https://example.com/c.png) text", " " * 37 + " text"),
    ("it is **very** late", "it is   very   late"),
    ("it is __very__ late", "it is   very   late"),
    ("it is *very* late", "it is  very  late"),
    ("it is _very_ late", "it is  very  late"),
    ("## Results\nSales", "   Results\nSales"),
    ("* one\n+ two", "  one\n  two"),
    ("> quoted line", "  quoted line"),
    ("a <b>bold</b> word", "a    bold     word"),
])
def test_markup_is_blanked_with_the_same_length(source, view):
    assert blank_markup(source) == view
    assert len(blank_markup(source)) == len(source)


@pytest.mark.parametrize("source", [
    "5 * 3 * 2 = 30", "snake_case_name stays", "a - dash byline", "price < 5 and > 3",
    "file_name.txt and my_var", "x**2",
])
def test_text_that_only_looks_like_markup_is_kept(source):
    assert blank_markup(source) == source


@pytest.mark.parametrize("source", [
    "a\u200bb\u200bc", "\u200b\u200bab", "ab\u200b\u200b", "x\u00ady z\u2060w", "plain",
])
def test_offsets_map_back_to_the_source(source):
    view = make_view(source)
    for start in range(len(view.text)):
        for end in range(start + 1, len(view.text) + 1):
            s, e = view.span_to_source(start, end)
            kept = "".join(c for c in source[s:e] if c not in "\u200b\u00ad\u2060")
            assert kept == view.text[start:end]


@pytest.mark.parametrize("text, fact_text, amount", [
    ("Repairs cost £1\u200b2m last year.", "£1\u200b2m", 12_000_000),
    ("Repairs cost £12\u00a0million last year.", "£12\u00a0million", 12_000_000),
    ("Repairs cost \uff04\uff15\uff10 million.", "\uff04\uff15\uff10 million", 50_000_000),
])
def test_amounts_through_invisible_and_look_alike_characters(text, fact_text, amount):
    [fact] = extract(text, date=dt.date(2025, 9, 29), types=("money",))
    assert (fact.text, fact.value["amount"]) == (fact_text, amount)
    assert text[fact.start:fact.end] == fact.text


@pytest.mark.parametrize("sep", ["\u202f", "\u00a0", "\u2009"])
def test_a_day_with_a_unicode_space_is_a_day(sep):
    text = f"The plant reopened on March{sep}3."
    [fact] = extract(text, date=dt.date(2025, 9, 29), types=("date",))
    assert (fact.text, fact.value["timex"]) == (f"March{sep}3", "2025-03-03")


def test_link_markup_never_reaches_a_speaker():
    text = "“We will reopen the plant next week,” said [Jo Bloggs](https://example.com/people/jo-bloggs)."
    [quote] = extract(text, types=("quote",))
    assert quote.value["speaker"] == "Jo Bloggs"


def test_bold_markup_never_reaches_a_site_name():
    text = "Acme Motors said its factory in **Halewood** would stay closed."
    sites = extract(text, types=("site",))
    assert [(f.text, f.value["name"]) for f in sites] == [("Halewood", "Halewood")]
