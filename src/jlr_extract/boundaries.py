"""Sentence boundaries the tokenizer hides: an amount's scale letter before a full stop.

spaCy's English tokenizer keeps every single lower-case letter with a full stop as one token
("m.", "k.", "b.": its exceptions for initials and abbreviations), so in "JLR lost £50m.
Adrian Mardell said ..." the stop is read as part of an abbreviation and the parser runs the
two sentences together. After a number, a lone letter is a unit or scale abbreviation
(million, thousand, billion, metres, grams...), and when the next word is capitalised the
stop ends the sentence: the component splits the letter from its stop and marks the next
word as a sentence start, before the parser runs (the parser keeps preset boundaries).
Longer scale words ("bn", "mln", "cr") are split off by the tokenizer already.

Rule source: the tokenizer exceptions of spaCy's English language data
(spacy/lang/tokenizer_exceptions.py, single letters a-z with ".") and the newswire convention
of writing scales after the digits ("£50m", "$3bn").
"""


import re

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "jlr_scale_boundary"
# a digit, optional space, one lower-case letter, a full stop, white space, then optional
# opening marks and a capital letter: "£50m. Adrian", "20 m. “We", "5k.\n\nThe"
_CANDIDATE_RE = re.compile(r"(?<=\d)( ?)([a-z])\.(?=\s+[\"“‘'(\[]*[A-Z])")


def split_scale_stops(doc: Doc) -> Doc:
    """Split "m." after a number into "m" + "." and start a sentence at the next word.

    Input: a Doc straight from the tokenizer (no parse yet). Output: the same Doc, retokenized;
    its text and character offsets are unchanged. Never raises on any text.
    """
    text = doc.text
    if "." not in text:
        return doc
    splits = []
    for match in _CANDIDATE_RE.finditer(text):
        start = match.start(2)
        span = doc.char_span(start, start + 2)
        if span is None or len(span) != 1 or span[0].text != text[start : start + 2]:
            continue  # the tokenizer already split the letter from its stop
        token = span[0]
        if token.i == 0 or not doc[token.i - 1].text[-1:].isdigit():
            continue  # "No 5 k." inside a longer token is not an amount's scale
        splits.append(token.i)
    if not splits:
        return doc
    with doc.retokenize() as retokenizer:
        for i in splits:
            token = doc[i]
            retokenizer.split(token, [token.text[0], "."], heads=[(token, 0), (token, 0)],
                              attrs={"SPACY": [False, token.whitespace_ != ""]})
    for shift, i in enumerate(splits):
        stop = i + shift + 1  # the "." token after the split
        following = stop + 1
        while following < len(doc) and doc[following].is_space:
            following += 1
        if following < len(doc):
            doc[following].is_sent_start = True
    return doc


@Language.component(COMPONENT)
def scale_boundary_component(doc: Doc) -> Doc:
    """Pipeline component wrapping `split_scale_stops`; add it first (before the parser)."""
    return split_scale_stops(doc)


def add_to(nlp: Language) -> None:
    """Put the component at the head of the pipeline, once."""
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, first=True)
