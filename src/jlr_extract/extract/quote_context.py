"""What attribution knows about one article: the `Attribution` of a quotation, the `History`
of earlier attributions, and `DocView`, the per-document lookups (token offsets, paragraphs,
which tokens are quoted, phrase cues, people and organisations, gender evidence) shared by
all quotations of the article."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence, TypeVar

import numpy
from spacy.attrs import HEAD, IDX, IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span, Token

from ..article_view import doc_text, organisation_mentions
from .speaker_lexicon import PERSON_LABELS, gender_data, phrase_matcher

T = TypeVar("T")

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
        self.text = doc_text(doc)
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
        self._skips: tuple[list[int], list[int], list[int]] | None = None
        self._governors: dict[tuple[int, int], set[int]] = {}
        self._heads: list[int] | None = None
        self._punct: list[int] = []
        self._sent_starts: list[int] | None = None
        self._sent_spans: list[Span] = []
        # (kind, sentence start) -> cached per-sentence lookups (cue_search.cue_verbs,
        # main_subjects)
        self.per_sentence: dict[tuple[str, int], list] = {}
        self.cue_candidates: dict[int, tuple | None] = {}  # token index -> verb or phrase cue
        self._memo: dict[tuple[str, int], object] = {}
        self._by_name: dict[tuple[str, str], object] = {}
        # names.people_by_last_word, built once per document
        self.people_by_last_word: dict[str, list[tuple[int, Span, list[str]]]] | None = None

    def by_name(self, kind: str, name: str, compute: Callable[[], T]) -> T:
        """compute(), once per (kind, name): lookups that read the whole document for a name."""
        key = (kind, name)
        if key not in self._by_name:
            self._by_name[key] = compute()
        return self._by_name[key]  # type: ignore[return-value]

    def memo(self, kind: str, token: Token, compute: Callable[[], T]) -> T:
        """compute(), once per (kind, token) for the document: reading a token's children walks
        its whole subtree, so a head shared by many quotations must be read once."""
        key = (kind, token.i)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def sentence(self, i: int) -> Span:
        """The sentence holding token i: `doc[i].sent`, from one pass over doc.sents (each
        `.sent` walks the whole sentence, which is quadratic when one sentence holds many
        quotations)."""
        if self._sent_starts is None:
            self._sent_spans = list(self.doc.sents)
            self._sent_starts = [sent.start for sent in self._sent_spans]
        return self._sent_spans[bisect.bisect_right(self._sent_starts, i) - 1]

    def main_subjects(self, sent: Span) -> list[Token]:
        """Subjects of the sentence's main verb and its conjuncts, the last first (cached)."""
        key = ("main_subjects", sent.start)
        found = self.per_sentence.get(key)
        if found is None:
            root = sent.root
            main_verbs = [root] + [c for c in root.children if c.dep_ == "conj"]
            subjects = [c for verb in main_verbs for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = sorted(subjects, key=lambda t: -t.i)
            self.per_sentence[key] = found
        return found

    def skips(self) -> tuple[list[int], list[int], list[int]]:
        """Three index arrays (built once, O(tokens)) that let every quotation look past the
        others in constant time, so attribution stays linear in the number of quotations:
        next_free[i]: first token >= i outside every quotation (len(doc) if none);
        next_unpunct[i]: first token >= i outside quotations that is not punctuation;
        prev_content[i + 1]: last token <= i outside quotations that is neither punctuation
        nor white space (-1 if none)."""
        if self._skips is None:
            n = len(self.doc)
            flags = self.doc.to_array([IS_PUNCT, IS_SPACE]).reshape(n, 2).astype(bool)
            free = numpy.frombuffer(bytes(self.in_quote), dtype=numpy.uint8) == 0
            positions = numpy.arange(n, dtype=numpy.int64)

            def next_where(holds):  # [first j >= i where holds[j] for each i] + [n]
                found = numpy.where(holds, positions, n)[::-1]
                return numpy.minimum.accumulate(found)[::-1].tolist() + [n]

            next_free = next_where(free)
            next_unpunct = next_where(free & ~flags[:, 0])
            content = free & ~flags[:, 0] & ~flags[:, 1]
            prev_content = [-1] + numpy.maximum.accumulate(numpy.where(content, positions, -1)).tolist()
            self._skips = (next_free, next_unpunct, prev_content)
        return self._skips

    def governors(self, first: int, last: int) -> set[int]:
        """Indices of every token that a non-punctuation token of doc[first:last+1] hangs from
        within 12 steps up the parse (the token itself included): a cue in this set governs
        the quotation. Cached per quotation."""
        key = (first, last)
        found = self._governors.get(key)
        if found is None:
            if self._heads is None:
                relative = self.doc.to_array(HEAD).view("int64").tolist()  # offsets, stored unsigned
                self._heads = [i + h for i, h in enumerate(relative)]
                self._punct = self.doc.to_array(IS_PUNCT).tolist()
            heads, punct = self._heads, self._punct
            steps_left: dict[int, int] = {}  # token -> how many more tokens its chain may add
            for i in range(first, last + 1):
                if punct[i]:
                    continue
                head, steps = i, 12
                while steps > 0 and steps_left.get(head, 0) < steps:
                    steps_left[head] = steps  # a chain already walked this far stops here
                    if heads[head] == head:
                        break
                    head, steps = heads[head], steps - 1
            found = set(steps_left)
            self._governors[key] = found
        return found

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
