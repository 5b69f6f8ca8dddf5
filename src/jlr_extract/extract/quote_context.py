"""What attribution knows about one article: the `Attribution` of a quotation, the `History`
of earlier attributions, and `DocView`, the per-document lookups (token offsets, paragraphs,
which tokens are quoted, phrase cues, people and organisations, gender evidence) shared by
all quotations of the article."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Protocol, Sequence

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from ..article_view import organisation_mentions
from .speaker_lexicon import PERSON_LABELS, gender_data, phrase_matcher

# how far back (paragraphs) an un-cued quotation may inherit the previous speaker
INHERIT_PARAGRAPHS = 1


class QuoteRange(Protocol):
    """What attribution reads of a quotation (`quotes.QuoteSpan`): character offsets from the
    opening to the closing mark, `end` exclusive."""

    start: int
    end: int


@dataclass
class Attribution:
    speaker: str | None = None
    cue: str | None = None
    partial: bool = False
    direct_cue: bool = False  # a cue in the same sentence governs the quotation
    looks_like_title: bool = False
    speaker_is_person: bool = False
    quote_end: int = -1  # character offset where the quotation ends


# (paragraph index, attribution) of every earlier attributed quotation, in order
History = list[tuple[int, "Attribution"]]


def person_gender(person: Span) -> str | None:
    """Gender evidence inside a PERSON mention or the title right before it ("Mrs Lee")."""
    data = gender_data()
    doc = person.doc
    before = doc[person.start - 1].lower_ if person.start > 0 else ""
    if before in data["titles"]:
        return data["titles"][before]
    for token in person:
        lower = token.lower_
        if lower in data["titles"]:
            return data["titles"][lower]
        if token.is_alpha and token.i < person.end - 1:
            return data["names"].get(lower)
    return None


def surname_genders(doc: Doc) -> dict[str, str]:
    """surname -> gender for every person the article gives a title or a known first name;
    a surname seen with both genders (a couple, relatives) gives no evidence."""
    genders: dict[str, str | None] = {}
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        gender = person_gender(ent)
        if gender is None:
            continue
        surname = ent[-1].lower_
        if genders.get(surname, gender) != gender:
            genders[surname] = None
        else:
            genders[surname] = gender
    return {k: v for k, v in genders.items() if v}


class DocView:
    """Per-document lookups shared by all quotations of the article."""

    def __init__(self, doc: Doc, spans: Sequence[QuoteRange], paragraphs: list[tuple[int, int]]):
        self.doc = doc
        self.text = doc.text  # doc.text is rebuilt from the tokens on every access
        self.spans = spans
        self.full_names: dict[int, str] = {}
        self.token_starts = doc.to_array(IDX).tolist()
        self.paragraph_starts = [a for a, _ in paragraphs]
        self.in_quote = bytearray(len(doc))
        for span in spans:
            first, last = self.token_at(span.start), self.token_at(span.end - 1)
            for i in range(first, last + 1):
                self.in_quote[i] = 1
        self.phrase_cues = {}  # first token index -> Span
        for _, start, end in phrase_matcher(doc.vocab)(doc):
            self.phrase_cues[start] = doc[start:end]
        self.people = [e for e in doc.ents if e.label_ in PERSON_LABELS and not self.in_quote[e.start]]
        self.orgs = organisation_mentions(doc, self.in_quote)
        self.surname_genders = surname_genders(doc)
        self.first_names_of: dict[str, set[str]] = {}  # surname -> first words of full names
        for person in self.people:
            if len(person) > 1:
                self.first_names_of.setdefault(person[-1].lower_, set()).add(person[0].lower_)

    def gender_of(self, name: str | None) -> str | None:
        """"m", "f" or None for a speaker name, from its first name or its surname's titles."""
        if not name:
            return None
        words = name.lower().split()
        first_names = gender_data()["names"]
        for word in words[:-1]:
            if word in first_names:
                return first_names[word]
        if len(words) > 1 and len(self.first_names_of.get(words[-1], ())) > 1:
            return None  # a family: "Mr Lee" tells nothing about "Ann Lee"
        return self.surname_genders.get(words[-1])

    def token_at(self, char: int) -> int:
        return max(bisect.bisect_right(self.token_starts, char) - 1, 0)

    def paragraph_of(self, char: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, char) - 1, 0)

    def paragraph_end_token(self, char: int) -> int:
        """Index of the first token of the paragraph after the one holding char."""
        following = self.paragraph_of(char) + 1
        if following >= len(self.paragraph_starts):
            return len(self.doc)
        return self.token_at(self.paragraph_starts[following] - 1) + 1
