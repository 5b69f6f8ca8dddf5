"""Who said a quotation: `attribute_all` gives one `Attribution` per quotation, in order.

The speaker is, in turn: a transcript label ("SMITH: ..."); the attribution frame's noun phrase
(frames.py) or the reporting cue's subject (cue_search.py); a dash byline ("― Jane Roe"); the
subject of the sentence or colon clause that introduces the quotation; or the speaker of the
quotation just before it. Subjects are resolved to the most specific earlier mention
(resolution.py, names.py). Also here: whether a quotation is partial and whether it looks like a
title rather than someone's words."""

from __future__ import annotations

import re
from typing import Sequence

from spacy.tokens import Doc, Token

from ..article_view import SUBJECT_DEPS
from .cue_search import (
    adjacent,
    best_cue,
    context_regions,
    cue_verbs,
    is_cue_verb,
    subject_of,
    usable_subject,
    verb_cue_text,
)
from .frames import attribution_frame, frame_beats, frame_speaker
from .names import clean, entity_of, expand_acronym, full_name, person_with_surname, strip_titles
from .quote_context import INHERIT_PARAGRAPHS, Attribution, DocView, History, QuoteRange
from .resolution import resolve_speaker
from .speaker_lexicon import PERSON_LABELS, cue_data


def attribute_all(doc: Doc, spans: Sequence[QuoteRange], paragraphs: list[tuple[int, int]]) -> list[Attribution]:
    """One Attribution per QuoteSpan, in order; later quotations inherit from earlier ones."""
    if len(doc) == 0:
        return [Attribution() for _ in spans]
    view = DocView(doc, spans, paragraphs)
    history: list[tuple[int, Attribution]] = []  # (paragraph, attribution) of attributed quotes
    out = []
    for span in spans:
        attribution = attribute(view, span, history)
        attribution.quote_end = span.end
        if attribution.speaker:
            history.append((view.paragraph_of(span.start), attribution))
        out.append(attribution)
    return out


def attribute(view: DocView, span: QuoteRange, history: History) -> Attribution:
    first, last = view.token_at(span.start), view.token_at(span.end - 1)
    left, right = context_regions(view, first, last)
    attribution = Attribution()
    attribution.partial = _is_partial(view, span, first)
    attribution.looks_like_title = _looks_like_title(view, span, first, last)
    label = _transcript_label(view, span, history)
    if label is not None:
        attribution.cue, attribution.speaker = ":", label
        attribution.direct_cue = attribution.speaker_is_person = True
        return attribution
    cue = best_cue(view, left, right, first, last)
    frame = attribution_frame(view, span, first, last)
    if frame is not None and frame_beats(frame, cue, first, last):
        attribution.cue = verb_cue_text(frame.verb)
        attribution.direct_cue = True
        attribution.speaker, attribution.speaker_is_person = frame_speaker(view, frame, history)
        return attribution
    if cue is None:
        dash = _dash_attribution(view, span)
        if dash is not None:
            attribution.speaker, attribution.speaker_is_person = dash
            return attribution
    if cue is not None:
        cue_text, speaker_token, cue_token = cue
        attribution.cue = cue_text
        attribution.direct_cue = cue_token.i in view.governors(first, last) or adjacent(view, cue_token, first, last)
        if speaker_token is not None:
            speaker, is_person = resolve_speaker(view, speaker_token, history)
            attribution.speaker, attribution.speaker_is_person = speaker, is_person
    if cue is None:
        introduced = _introduced_by(view, first, history)
        if introduced is not None:
            (attribution.speaker, attribution.speaker_is_person), attribution.cue = introduced
            return attribution
    if attribution.speaker is None and cue is None and history:
        paragraph, previous = history[-1]
        if view.paragraph_of(span.start) - paragraph <= INHERIT_PARAGRAPHS:
            # the next quotation under the same attribution ('"A," X said. "B."') shares its cue
            attribution.speaker = previous.speaker
            attribution.speaker_is_person = previous.speaker_is_person
            if paragraph == view.paragraph_of(span.start):
                attribution.cue = previous.cue
    if attribution.speaker is None and cue is None:
        attribution.speaker, attribution.speaker_is_person = _reported_speech_before(view, first, history)
    if attribution.speaker is None and cue is None and attribution.partial:
        attribution.speaker, attribution.speaker_is_person = _subject_of_quoted_predicate(view, first, last, history)
    return attribution


def _subject_of_quoted_predicate(view: DocView, first: int, last: int, history: History):
    """'A resolution ... "expresses its deep sorrow ..."': a quoted predicate's subject, written
    outside the marks, is who said or wrote it."""
    doc = view.doc
    for token in doc[first : last + 1]:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and child.i < first and not view.in_quote[child.i]:
                return resolve_speaker(view, child, history)
    return None, False


# a transcript turn: "SMITH:" or "JANE ROE:" at the start of a paragraph
SPEAKER_LABEL_RE = re.compile(r"\s*((?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z.'’-]+):\s")


def speaker_label(text: str, start: int) -> tuple[str, int] | None:
    """(name, end of label) when the text at start opens a transcript turn ("SMITH: ...")."""
    match = SPEAKER_LABEL_RE.match(text, start)
    if match is None:
        return None
    return match.group(1), match.end(1) + 1


def _transcript_label(view: DocView, span: QuoteRange, history: History):
    """The speaker of a transcript turn quoted whole ("SMITH: ..."), as its full name if the
    article gave one."""
    label = speaker_label(view.text, span.start + 1)
    if label is None:
        return None
    name = label[0]
    surname = name.split()[-1].lower()
    for person in reversed(view.people):
        if person.start < view.token_at(span.start) and person[-1].lower_ == surname:
            return full_name(view, person)
    return name


DASH_ATTRIBUTION_RE = re.compile(r"\s*([―—–]|--?)\s*([A-Z][^\n]{1,60}?)[\s.,]*$")


def _dash_attribution(view: DocView, span: QuoteRange) -> tuple[str, bool] | None:
    """(speaker, is person) for a quotation signed off with a dash and a name: `"..." ― Jane
    Roe`, `"..." -Chief executive Jane Roe`. A dash is no reporting word, so there is no cue;
    a role before the name is left out (the person the NER finds in the byline)."""
    text = view.text
    paragraph = view.paragraph_of(span.start)
    starts = view.paragraph_starts
    end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(text)
    match = DASH_ATTRIBUTION_RE.match(text, span.end, end)
    if match is None or match.end() < len(text[:end].rstrip()):
        return None
    name = match.group(2).strip()
    if len(name.split()) > 6:
        return None
    lo, hi = view.token_at(match.start(2)), view.token_at(match.end(2) - 1)
    for token in view.doc[lo : hi + 1]:
        entity = entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS and entity.start >= lo:
            return full_name(view, entity), True
    return clean(strip_titles(view.doc[lo : hi + 1]).text), True


def _introduced_by(view: DocView, first: int, history: History) -> tuple[tuple[str | None, bool], str | None] | None:
    """((speaker, is person), cue) for an un-cued quotation introduced by the sentence before
    it: a clause ending in a colon ("X made this comment: '...'", "And from union leader Jo
    Fox:") gives its subject, or with no verb the name it holds; a sentence right before it in
    the same paragraph with a reporting verb ("..., Jo Fox said. '...'") gives that verb's
    subject and the verb as cue, as the writer is still reporting the same person."""
    doc = view.doc
    before = first - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if before < 0 or view.in_quote[before]:
        return None
    if doc[before].text == ":":
        sentence = view.sentence(before)
        root = sentence.root
        subject = subject_of(root)
        cue = verb_cue_text(root) if is_cue_verb(root) else None
        if subject is not None and not view.in_quote[subject.i]:
            return resolve_speaker(view, subject, history), cue
        if not any(t.pos_ in ("VERB", "AUX") for t in doc[sentence.start : before]):
            named = _name_in_verbless_intro(view, sentence.start, before)
            if named is not None:
                return named, None
        return None
    if view.paragraph_of(doc[before].idx) != view.paragraph_of(doc[first].idx):
        return None
    for token in cue_verbs(view, view.sentence(before)):
        subject = usable_subject(view, token)
        if subject is not None:
            return resolve_speaker(view, subject, history), verb_cue_text(token)
    return None


def _name_in_verbless_intro(view: DocView, start: int, colon: int) -> tuple[str | None, bool] | None:
    """The person or organisation a verbless introduction names ("And from union leader Jo
    Fox:", "The view of the Acme board:"): the last one before the colon."""
    for token in reversed(view.doc[start:colon]):
        if view.in_quote[token.i]:
            continue
        entity = entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS:
            return full_name(view, entity), True
        if entity is not None and entity.label_ == "ORG":
            return expand_acronym(view, entity.text), False
    # a name the NER missed, right before the colon ("..., Ivo Stam:")
    names: list[Token] = []
    for token in reversed(view.doc[start:colon]):
        if token.pos_ != "PROPN" or view.in_quote[token.i]:
            break
        names.insert(0, token)
    if names:
        surname = person_with_surname(view, names[-1])
        return (surname, True) if surname else (clean(" ".join(t.text for t in names)), len(names) > 1)
    return None


def _reported_speech_before(view: DocView, first: int, history: History):
    """An un-cued quotation opening a paragraph after "X told Y that ..." is X's."""
    doc = view.doc
    paragraph = view.paragraph_of(doc[first].idx)
    if paragraph == 0 or view.token_at(view.paragraph_starts[paragraph]) < first - 1:
        return None, False
    end = view.token_at(view.paragraph_starts[paragraph] - 1)
    if end <= 0:
        return None, False
    for token in cue_verbs(view, view.sentence(end)):
        subject = subject_of(token)
        if subject is not None:
            return resolve_speaker(view, subject, history)
    return None, False


def _is_partial(view: DocView, span: QuoteRange, first: int) -> bool:
    """A fragment inside the writer's own sentence, not a sentence set off by its cue."""
    text = view.text
    content = text[span.start + 1 : span.end].lstrip(" \"“”'‘’`")
    if not content:
        return True
    if content[0].islower():
        return True
    doc = view.doc
    token = doc[first]
    if token.is_sent_start or first == 0:
        return False
    before = text[: span.start].rstrip()
    if not before or before[-1] in ":,;—–-([" or before.endswith("\n"):
        return False
    if before[-1] in ".!?" and not _ends_with_abbreviation(before):
        # a capitalised quotation after a full stop opens a sentence of its own, even where
        # the parser ran it into the sentence before (typewriter marks confuse it)
        return False
    if view.paragraph_of(span.start) != view.paragraph_of(len(before) - 1 if before else 0):
        return False
    previous = doc[first - 1]
    if previous.lower_ in cue_data()["verb_forms"]:
        return False
    return True


ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|No)\.$")


def _ends_with_abbreviation(before: str) -> bool:
    """"the U.S." or "Dr." before a quotation: the full stop does not end the sentence."""
    return ABBREVIATION_END_RE.search(before) is not None


def _is_mark(token: Token) -> bool:
    return all(char in "\"“”„«»'‘’‚`" for char in token.text)


# parts of speech a title may leave in lower case ("Gone with the Wind", "Out of Africa")
TITLE_LOWER_POS = ("DET", "ADP", "CCONJ", "SCONJ", "PART")


def _looks_like_title(view: DocView, span: QuoteRange, first: int, last: int) -> bool:
    """A title or a name: every content word capitalised and no sentence punctuation."""
    doc = view.doc
    inside = [t for t in doc[first : last + 1] if not t.is_punct and not t.is_space]
    if not inside:
        return True
    if all(t.ent_type_ and t.ent_type_ not in ("CARDINAL", "DATE", "TIME") for t in inside):
        return True
    content_words = [t for t in inside if not t.is_stop and t.is_alpha]
    if not content_words or len(inside) > 10:
        return False
    if any(t.is_alpha and t.is_lower and t.pos_ not in TITLE_LOWER_POS for t in inside):
        return False  # "Send him back": a title keeps only its small function words lower-case
    # American style puts the sentence's comma or full stop inside the marks: "Face the Nation,"
    body = [t for t in doc[first : last + 1] if not _is_mark(t)]
    has_end_punct = any(t.text in (".", "!", "?", ",") for t in body[:-1])
    return all(t.text[0].isupper() for t in content_words) and not has_end_punct
