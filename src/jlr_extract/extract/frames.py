"""Attribution frames: the shape of an attribution decides its cue, whatever the verb.

`"...," sighed X`, `"...," X fumed` and `X snapped: "..."`: a finite verb in the frame of a
set-off quotation is its cue even when data/cues.json does not list it ("bristled", "beamed"),
and the noun phrase the frame gives is the speaker. The cue list still recognises reporting
verbs everywhere else (cue_search.py)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .cue_search import Cue, subject_of
from .names import clean, expand_acronym, noun_phrase, strip_titles, usual_form
from .quote_context import DocView, History, QuoteRange
from .resolution import resolve_speaker
from .speaker_lexicon import PERSON_LABELS, cue_data


FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP")
# how a speaker noun phrase may start
NP_START_POS = ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON")
# a quotation set off by its attribution ends with one of these inside the marks ("...," said)
SET_OFF_PUNCT = ",?!…—–-"
# the most tokens of an attribution frame after the quotation
MAX_FRAME_TOKENS = 20
RELATIVE_WORDS = ("who", "which", "that", "whose", "whom")


@dataclass
class Frame:
    """An attribution frame: its verb (the cue) and the speaker noun phrase as written."""

    verb: Token
    np: Span


def attribution_frame(view: DocView, span: QuoteRange, first: int, last: int) -> Frame | None:
    """The attribution frame around a quotation (token indices `first`..`last` inclusive of
    its marks), or None: after it (`"...," sighed X`, `"...," X sighed`) or before it
    (`X sighed: "..."`, also across a paragraph break)."""
    return _frame_after(view, span, last) or _frame_before(view, first)


def _frame_after(view: DocView, span: QuoteRange, last: int) -> Frame | None:
    doc = view.doc
    content = view.text[span.start + 1 : span.end - 1].rstrip(" \"“”'‘’")
    i = last + 1
    comma_after = i < len(doc) and doc[i].text == ","
    if not (content[-1:] in SET_OFF_PUNCT or comma_after):
        return None
    if comma_after:
        i += 1
    end = min(view.paragraph_end_token(doc[last].idx), len(doc), i + MAX_FRAME_TOKENS)
    words: list[Token] = []
    for token in doc[i:end]:
        if view.in_quote[token.i] or token.text in (".", "!", "?", ";", ":") or "\n" in token.text:
            break
        if not token.is_space:
            words.append(token)
    while words and words[-1].is_punct:
        words.pop()
    if len(words) < 2:
        return None
    if 2 <= len(words) <= 4 and words[-2].lower_ in cue_data()["document_nouns"] and words[-1].is_lower:
        # "...," the ruling states / the notice reads: the tagger often takes the noun for a
        # verb and the verb for a plural noun
        return Frame(words[-1], doc[words[0].i : words[-2].i + 1])
    if _is_finite_verb(words[0]) or _is_mistagged_past(words[0]):  # "...," sighed one shop owner
        np = _nominal_prefix(words[1:])
        return Frame(words[0], doc[np[0].i : np[-1].i + 1]) if np else None
    for k, token in enumerate(words):  # "...," one shop owner sighed
        if token.pos_ in ("VERB", "AUX"):
            # with no auxiliary before it a past participle is the small tagger's past tense
            if k == 0 or not (_is_finite_verb(token) or (token.pos_ == "VERB" and token.tag_ == "VBN")):
                return None
            np = _nominal_prefix(words[:k])
            if np is None or len(np) != k:
                return None
            return Frame(token, doc[np[0].i : np[-1].i + 1])
    return None


def _frame_before(view: DocView, first: int) -> Frame | None:
    """`X sighed: "..."`: a finite verb (then at most adverbs and phrases without a verb)
    before the colon that opens the quotation, with its subject or a noun phrase before it."""
    doc = view.doc
    colon = first - 1
    while colon >= 0 and doc[colon].is_space:
        colon -= 1
    if colon <= 0 or doc[colon].text != ":" or view.in_quote[colon]:
        return None
    start = view.sentence(colon).start
    for j in range(colon - 1, max(start, colon - MAX_FRAME_TOKENS) - 1, -1):
        token = doc[j]
        if view.in_quote[j]:
            return None
        if token.pos_ in ("VERB", "AUX"):
            if not _is_finite_verb(token):
                return None
            subject = subject_of(token)
            if subject is not None and start <= subject.i < j and not view.in_quote[subject.i]:
                phrase = noun_phrase(subject)
                return Frame(token, phrase if phrase.end <= j else doc[subject.i : subject.i + 1])
            words = [t for t in doc[start:j] if not t.is_space]
            np = _nominal_suffix(words)
            return Frame(token, doc[np[0].i : np[-1].i + 1]) if np else None
    return None


def _is_finite_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.tag_ in FINITE_VERB_TAGS


def _is_mistagged_past(token: Token) -> bool:
    """A lower-case "-ed" word the small tagger took for an adjective or a noun ("enthused",
    "beamed"): in the inverted frame `"...," enthused X` it is the verb."""
    return token.is_alpha and token.is_lower and token.lower_.endswith("ed") and token.pos_ in ("ADJ", "NOUN", "VERB")


def _nominal_prefix(words: list[Token]) -> list[Token] | None:
    """The speaker noun phrase at the start of `words`, cut before any verb (and a relative
    word before it), or None when `words` does not start like a noun phrase."""
    if not words or words[0].pos_ not in NP_START_POS:
        return None
    np: list[Token] = []
    for token in words:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            break  # a participle modifying a noun stays ("the translated report")
        np.append(token)
    while np and (np[-1].is_punct or np[-1].pos_ in ("ADP", "CCONJ", "SCONJ") or np[-1].lower_ in RELATIVE_WORDS):
        np.pop()
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in np):
        return None
    return np


def _nominal_suffix(words: list[Token]) -> list[Token] | None:
    """The noun phrase that ends `words` (the subject right before a verb the parser left
    without one)."""
    np: list[Token] = []
    for token in reversed(words):
        if token.pos_ not in NP_START_POS + ("PART",) or token.is_punct:
            break
        np.insert(0, token)
    return np if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in np) else None


def frame_beats(frame: Frame, cue: Cue | None, first: int, last: int) -> bool:
    """The frame decides unless the cue search found a speaker with a cue at least as near."""
    if cue is None or cue[1] is None:
        return True
    if cue[2].i == frame.verb.i:
        # the same verb: the frame only adds the person its phrase names ("said the mayor of
        # Hull, Ruth Adler"), where the cue's subject is not a person
        return _frame_head(frame).ent_type_ in PERSON_LABELS and cue[1].ent_type_ not in PERSON_LABELS
    if frame.np.start <= cue[2].i < frame.np.end:
        return True  # the cue search took a word of the speaker's phrase for a verb

    def distance(i: int) -> int:
        return first - i if i < first else i - last

    return distance(frame.verb.i) < distance(cue[2].i)


def _frame_head(frame: Frame) -> Token:
    """The head of the frame's noun phrase: its first noun or pronoun whose parse head lies
    outside the phrase, else its last noun."""
    np = frame.np
    # "shop steward Alan Rudd", "the mayor of Leeds, Ann Cole": the person named, not the role
    after_comma = True
    for token in np:
        if token.pos_ == "ADP":
            after_comma = False
        if token.text == ",":
            after_comma = True
        modifies_later = np.start <= token.head.i < np.end and token.head.i > token.i  # "an Acme spokesperson"
        if after_comma and token.ent_type_ in PERSON_LABELS and _ends_entity(token) and not (
            _is_possessor(token) or modifies_later
        ):
            return token
    for token in np:
        head_inside = np.start <= token.head.i < np.end and token.head.i != token.i
        if token.pos_ in ("NOUN", "PROPN", "PRON") and not head_inside:
            return token
    nouns = [t for t in np if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return nouns[-1] if nouns else np[-1]


def _is_possessor(token: Token) -> bool:
    """"Brandle" of "Brandle's spokesperson": the owner, not the head of the phrase."""
    doc = token.doc
    return token.dep_ == "poss" or (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("'s", "’s"))


def _ends_entity(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I"


def frame_speaker(view: DocView, frame: Frame, history: History) -> tuple[str | None, bool]:
    """The frame's speaker, resolved like a cue's subject but never running past the phrase
    the frame gives (the parser may hang the rest of the sentence on it)."""
    head = _frame_head(frame)
    speaker, is_person = resolve_speaker(view, head, history)
    if head.pos_ == "PRON" or not speaker:
        return speaker, is_person
    doc = view.doc
    written = clean(frame.np.text.split(",")[0])
    if not head.ent_type_ and written.startswith(speaker + " "):
        # "a dealer in Solihull": the parser hung the phrase's last words on the verb
        return usual_form(view, written), is_person
    outside = {t.lower_ for t in doc[frame.np.end : min(frame.np.end + MAX_FRAME_TOKENS, len(doc))] if t.is_alpha}
    inside = {t.lower_ for t in frame.np}
    if any(w.lower() in outside - inside for w in speaker.split()) or speaker.lower() in ("", frame.verb.lower_):
        bounded = clean(strip_titles(frame.np).text)
        return usual_form(view, expand_acronym(view, bounded)), is_person
    return speaker, is_person
