"""Sentence boundaries after an amount's scale letter ("£50m. Jane Roe said ...")."""

import pytest

from jlr_extract import boundaries
from jlr_extract.extract import money, quotes


def sentences(nlp, text):
    return [sent.text.strip() for sent in nlp(text).sents]


@pytest.mark.parametrize(
    "amount",
    ["£50m.", "$3m.", "€1.2m.", "20 m.", "5k.", "$7b.", "£40 m.", "¥9m."],
)
@pytest.mark.parametrize(
    "following",
    ["Jane Roe said the plan would change.", "“We will recover,” Jane Roe said.",
     "\n\nThe board met on Friday.", "(Jane Roe) said it was fine."],
)
def test_scale_letter_stop_ends_the_sentence(nlp, amount, following):
    first = f"The carmaker said it lost {amount}"
    text = f"{first} {following}" if not following.startswith("\n") else first + following
    doc = nlp(text)
    assert doc.text == text
    starts = [sent.start_char for sent in doc.sents]
    assert text.index(following.strip()) in starts, [s.text for s in doc.sents]
    # the stop is a token of its own
    stop = text.index(amount) + len(amount) - 1
    assert any(t.idx == stop and t.text == "." for t in doc)


@pytest.mark.parametrize(
    "text",
    [
        "The carmaker lost £50m. and then £20m. more.",  # a lower-case word: no new sentence
        "It opened at 9 a.m. Jane Roe said so.",  # a clock time is not a scale letter
        "Initials such as J. K. Rowling stay whole.",
    ],
)
def test_no_split_without_a_number_and_a_capital(nlp, text):
    plain = nlp.make_doc(text)  # tokenizer alone, no component
    after = boundaries.split_scale_stops(nlp.make_doc(text))
    assert [t.text for t in after] == [t.text for t in plain]


def test_split_keeps_text_and_whitespace(nlp):
    text = "Sales hit 5m.  Then they fell to 3 m.\nThe end."
    doc = boundaries.split_scale_stops(nlp.make_doc(text))
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["Sales", "hit", "5", "m"]
    assert doc[4].text == "."
    starts = {t.text for t in doc[1:] if t.is_sent_start}
    assert starts == {"Then", "The"}  # after the white space, the next word opens a sentence


def test_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(boundaries.COMPONENT) < names.index("parser")


@pytest.mark.parametrize(
    "amount, value",
    [("£50m", 50_000_000), ("$3m", 3_000_000), ("€1.2m", 1_200_000)],
)
def test_quote_after_a_scaled_amount_goes_to_the_next_sentence(run_extractor, amount, value):
    text = (f"Acme Motors said it lost {amount}. Jane Roe, its chief executive, said: "
            "“We will recover from this quickly and fully.”")
    found = run_extractor(quotes, text)
    assert [f.value["speaker"] for f in found] == ["Jane Roe"]
    amounts = run_extractor(money, text)
    assert [(f.text, f.value["amount"]) for f in amounts] == [(amount, value)]
